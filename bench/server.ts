// node bench/server.ts: the server's load figures (issue 14). Fills a fresh PostgreSQL database
// (made from the `test` database at 127.0.0.1:5432, dropped at the end) with 200 snapshots and
// 1,000,000 item observations generated in SQL, starts the server on a free loopback port and
// drives it with autocannon at 50 connections: the first page of items, a deep cursor, and the
// project page's data. Every run is bounded in requests and seconds; it only targets 127.0.0.1.
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { openStore } from "../src/store/index.ts";
import { addUser, startServer } from "../src/server/index.ts";
import { createSession } from "../src/server/access.ts";

const { values } = parseArgs({
  options: {
    admin: { type: "string", default: "postgres://postgres@127.0.0.1:5432/test" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
  },
});
const SNAPSHOTS = 200;
const PER_SNAPSHOT = 5000; // 200 × 5,000 = 1,000,000 observations
const SLIDE = 5; // each snapshot drops 5 items and finds 5 new ones
const SECONDS = Math.min(Number(values.seconds), 60);
const CONNECTIONS = Math.min(Number(values.connections), 200);
const MAX_REQUESTS = 50_000;

const adminUrl = new URL(values.admin);
if (!["127.0.0.1", "localhost", "[::1]"].includes(adminUrl.hostname))
  throw new Error("the bench only runs against PostgreSQL on this machine");

type AutocannonResult = { requests: { total: number }; non2xx: number; errors: number };
type Autocannon = ((options: object) => Promise<AutocannonResult> & {
  stop(): void;
  on(
    event: "response",
    listener: (client: unknown, status: number, bytes: number, ms: number) => void,
  ): void;
}) & { track?: unknown };
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

async function admin(statement: string): Promise<void> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const database = `debtlens_bench_${randomBytes(4).toString("hex")}`;
await admin(`create database ${database}`);
const url = new URL(adminUrl);
url.pathname = `/${database}`;
try {
  const store = await openStore({ kind: "postgres", url: url.toString() });
  let started = performance.now();
  await fill(store.db as unknown as import("kysely").Kysely<unknown>);
  console.log(
    `filled ${SNAPSHOTS} snapshots, ${SNAPSHOTS * PER_SNAPSHOT} observations in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await addUser(store, {
    email: "viewer@bench.test",
    // Never used to log in (the bench makes its session directly): random, so no literal secret.
    password: randomBytes(16).toString("hex"),
    role: "viewer",
  });
  const user = await sql<{ id: number }>`select id from users`.execute(store.db);
  const session = await createSession(store, user.rows[0]!.id, new Date(), 3_600_000);
  await store.close();

  const server = await startServer({
    location: { kind: "postgres", url: url.toString() },
    host: "127.0.0.1",
    port: 0,
    rateLimit: 100_000_000,
    logger: false,
  });
  const headers = { cookie: `debtlens_session=${session.id}` };
  try {
    // A deep cursor: the page after 4,000 items (80 pages of 50).
    let cursor: string | null = null;
    for (let page = 0; page < 80; page++) {
      const response = await fetch(
        `${server.url}/api/v1/projects/bench/items?limit=50${cursor ? `&cursor=${cursor}` : ""}`,
        { headers },
      );
      cursor = ((await response.json()) as { next: string | null }).next;
    }
    const targets: Array<[string, string]> = [
      ["items, first page", "/api/v1/projects/bench/items"],
      ["items, deep cursor (after 4,000)", `/api/v1/projects/bench/items?cursor=${cursor}`],
      [
        "items, filtered (class=fix-now, sort=interest)",
        "/api/v1/projects/bench/items?class=fix-now&sort=interest",
      ],
      ["project headline", "/api/v1/projects/bench"],
      ["trend (200 points)", "/api/v1/projects/bench/trend"],
    ];
    console.log(
      `\nautocannon, ${CONNECTIONS} connections, ${SECONDS} s each (at most ${MAX_REQUESTS} requests), on ${server.url}`,
    );
    for (const [label, path] of targets) {
      const times: number[] = [];
      const run = autocannon({
        url: `${server.url}${path}`,
        connections: CONNECTIONS,
        // Bounded by time; `amount` would override the duration, so the count is capped here.
        duration: SECONDS,
        headers,
      });
      run.on("response", (_client, _status, _bytes, ms) => {
        times.push(ms);
        if (times.length === MAX_REQUESTS) run.stop();
      });
      const result = await run;
      times.sort((a, b) => a - b);
      console.log(
        `${label.padEnd(48)} ${String(result.requests.total).padStart(6)} requests  p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms  p99 ${percentile(times, 99).toFixed(1)} ms  non-2xx ${result.non2xx}  errors ${result.errors}`,
      );
    }
    // The project page: headline, trend and the first page of the register, fetched together,
    // by 50 clients at once; the time until all three have arrived.
    const pages: number[] = [];
    started = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() - started < SECONDS * 1000 && pages.length < 5000) {
          const t = performance.now();
          await Promise.all(
            [
              "/api/v1/projects/bench",
              "/api/v1/projects/bench/trend",
              "/api/v1/projects/bench/items",
            ].map(async (path) => (await fetch(`${server.url}${path}`, { headers })).arrayBuffer()),
          );
          pages.push(performance.now() - t);
        }
      }),
    );
    pages.sort((a, b) => a - b);
    console.log(
      `${"project page (3 requests together)".padEnd(48)} ${String(pages.length).padStart(6)} pages     p50 ${percentile(pages, 50).toFixed(1)} ms  p95 ${percentile(pages, 95).toFixed(1)} ms  p99 ${percentile(pages, 99).toFixed(1)} ms`,
    );
  } finally {
    await server.close();
  }
} finally {
  await admin(`drop database if exists ${database} with (force)`);
}

/** 200 snapshots a day apart; snapshot k observes items k·5 … k·5+4,999 (a sliding register). */
async function fill(db: import("kysely").Kysely<unknown>): Promise<void> {
  await sql`insert into projects (name, remote, created_at) values ('bench', null, '2024-01-01T00:00:00.000Z')`.execute(
    db,
  );
  await sql`
    insert into snapshots (project_id, "commit", branch, commit_date, audited_at, ordered_at,
      tool_version, report_schema, settings_hash, settings, source, files, lines_of_code, items,
      remediation_minutes, principal, interest, debt_ratio, rating, mean_health, by_category,
      by_class, new_items, fixed_items, report_gz)
    select p.id, 'c' || g, 'main', t.ts, t.ts, t.ts, '0.1.0', 'debtlens.report/v2', 'bench', '{}'::jsonb,
      'audit', 1000, 100000, ${PER_SNAPSHOT}, 300000, 500000 + g * 100, 100000 + g * 10, 0.05, 'B', 7.5,
      '{"quality": {"items": 5000, "principal": 500000, "interest": 100000}}'::jsonb,
      '{"fix-now": 1250, "next": 1250, "later": 1250, "backlog": 1250}'::jsonb, ${SLIDE}, ${SLIDE}, '\\x00'::bytea
    from projects p, generate_series(1, ${SNAPSHOTS}) g,
      lateral (select to_char(timestamp '2024-01-01' + g * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ts) t
    where p.name = 'bench'`.execute(db);
  await sql`
    insert into observations (snapshot_id, fingerprint, start_line, triaged, class, priority,
      impact, risk, effort, minutes, principal, interest)
    select s.id, 'f' || lpad(to_hex(s.k * ${SLIDE} + i), 15, '0'), 1 + i % 300, null,
      (array['fix-now', 'next', 'later', 'backlog'])[1 + (s.k * ${SLIDE} + i) % 4],
      ((s.k * ${SLIDE} + i) * 7919 % 1000) / 100.0, 5, 5, 5, 60,
      ((s.k * ${SLIDE} + i) * 104729 % 10000) / 10.0, ((s.k * ${SLIDE} + i) * 1299709 % 10000) / 50.0
    from (select id, row_number() over (order by id) - 1 as k from snapshots) s,
      generate_series(0, ${PER_SNAPSHOT - 1}) i`.execute(db);
  await sql`
    insert into items (project_id, fingerprint, rule, category, path, symbol, message, first_seen,
      last_seen, fixed_in, reopened_count, state, state_source)
    select p.id, o.fingerprint, 'quality/complex-function', 'quality',
      'src/module-' || (abs(hashtext(o.fingerprint)) % 300) || '/file.ts', null, 'A function too complex to change safely.',
      o.first_seen, o.last_seen,
      case when o.last_seen < m.newest then o.last_seen + 1 end, 0,
      case when o.last_seen < m.newest then 'fixed' else 'open' end, 'audit'
    from (select fingerprint, min(snapshot_id) as first_seen, max(snapshot_id) as last_seen
          from observations group by fingerprint) o,
      projects p, (select max(id) as newest from snapshots) m
    where p.name = 'bench'`.execute(db);
  // as every save does: each item carries the figures of its last sighting
  await sql`update items set class = o.class, priority = o.priority, principal = o.principal,
      interest = o.interest
    from observations o
    where o.snapshot_id = items.last_seen and o.fingerprint = items.fingerprint`.execute(db);
  await sql`analyze`.execute(db);
}
