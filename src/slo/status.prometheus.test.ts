import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../shared/index.ts";
import { readSloSpecs } from "./spec.ts";
import { formatStatusTable, prometheusClient, sloStatus } from "./status.ts";
import { hasTool } from "./test-helpers.ts";

function openSlo(name: string, window: string, target: number, bad: string, total: string): string {
  return `apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${name}
spec:
  service: shop
  indicator:
    metadata:
      name: ${name}-sli
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource:
            type: Prometheus
            spec:
              query: '${bad}'
        total:
          metricSource:
            type: Prometheus
            spec:
              query: '${total}'
  timeWindow:
    - duration: ${window}
      isRolling: true
  objectives:
    - target: ${target}
`;
}

const HISTORY = openSlo(
  "history",
  "7d",
  0.99,
  'sum(rate(backfill_requests_total{code="500"}[{{.window}}]))',
  "sum(rate(backfill_requests_total[{{.window}}]))",
);
const LIVE = openSlo(
  "live",
  "1h",
  0.95,
  'sum by (http_route) (rate(live_requests_total{code="500"}[{{.window}}]))',
  "sum by (http_route) (rate(live_requests_total[{{.window}}]))",
);

const dir = mkdtempSync(join(tmpdir(), "debtlens-slo-status-"));
let prometheus: ChildProcess | undefined;
let exporter: Server | undefined;
let baseUrl = "";
/** The end of the backfilled history: ten minutes ago, on a whole minute. */
const historyEnd = Math.floor(Date.now() / 60_000) * 60 - 600;

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/**
 * Seven days and ten minutes of history, one sample a minute: 1,000 requests a minute, of which
 * 1 fails, except in the last hour, when 20 fail.
 */
function backfill(): string {
  const start = historyEnd - 7 * 86_400 - 600;
  const good: string[] = [];
  const bad: string[] = [];
  let goodCount = 1_000_000_000;
  let badCount = 1_000_000;
  for (let t = start; t <= historyEnd; t += 60) {
    if (t > start) {
      const failed = t > historyEnd - 3600 ? 20 : 1;
      badCount += failed;
      goodCount += 1000 - failed;
    }
    good.push(`backfill_requests_total{code="200"} ${goodCount} ${t}`);
    bad.push(`backfill_requests_total{code="500"} ${badCount} ${t}`);
  }
  return `# TYPE backfill_requests counter\n${good.join("\n")}\n${bad.join("\n")}\n# EOF\n`;
}

/** Every scrape adds 1,000 requests to /orders/:id (10 failed) and 500 to /users (none failed). */
function startExporter(port: number): Promise<Server> {
  let scrapes = 0;
  const server = createHttpServer((request, response) => {
    if (request.url !== "/metrics") {
      response.writeHead(404).end();
      return;
    }
    scrapes += 1;
    response.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    response.end(
      [
        "# TYPE live_requests_total counter",
        `live_requests_total{http_route="/orders/:id",code="200"} ${1_000_000_000 + 990 * scrapes}`,
        `live_requests_total{http_route="/orders/:id",code="500"} ${1_000_000 + 10 * scrapes}`,
        `live_requests_total{http_route="/users",code="200"} ${1_000_000_000 + 500 * scrapes}`,
        `live_requests_total{http_route="/users",code="500"} 1000000`,
        "",
      ].join("\n"),
    );
  });
  return new Promise((done) => server.listen(port, "127.0.0.1", () => done(server)));
}

describe.skipIf(!hasTool("prometheus") || !hasTool("promtool"))(
  "slo status against a real Prometheus",
  () => {
    beforeAll(async () => {
      const data = join(dir, "data");
      mkdirSync(data);
      writeFileSync(join(dir, "history.om"), backfill());
      const blocks = spawnSync(
        "promtool",
        ["tsdb", "create-blocks-from", "openmetrics", "-q", join(dir, "history.om"), data],
        { encoding: "utf8" },
      );
      expect(blocks.status, blocks.stderr).toBe(0);
      const exporterPort = await freePort();
      exporter = await startExporter(exporterPort);
      writeFileSync(
        join(dir, "prometheus.yml"),
        `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: exporter\n    static_configs:\n      - targets: ["127.0.0.1:${exporterPort}"]\n`,
      );
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      prometheus = spawn(
        "prometheus",
        [
          `--config.file=${join(dir, "prometheus.yml")}`,
          `--storage.tsdb.path=${data}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { stdio: "ignore" },
      );
      // Ready, and at least 8 scrapes in (the live SLO's shortest window is 5 seconds).
      const query = prometheusClient(baseUrl, 2000);
      const until = Date.now() + 40_000;
      for (;;) {
        try {
          const [count] = await query(
            'count_over_time(live_requests_total{http_route="/users",code="200"}[1m])',
            Date.now() / 1000,
          );
          if ((count?.value ?? 0) >= 8) break;
        } catch {
          // not up yet
        }
        if (Date.now() > until) throw new Error("Prometheus did not scrape the exporter in time");
        await new Promise((r) => setTimeout(r, 500));
      }
    }, 60_000);

    afterAll(async () => {
      // Prometheus writes its database until it has exited: removing the folder first can fail
      // (ENOTEMPTY, as the Alertmanager test's did in CI), so wait for it, then retry.
      const stopped = new Promise<void>((done) =>
        !prometheus || prometheus.exitCode !== null || prometheus.signalCode !== null
          ? done()
          : prometheus.once("exit", () => done()),
      );
      prometheus?.kill("SIGTERM");
      await stopped;
      await new Promise<void>((done) => (exporter ? exporter.close(() => done()) : done()));
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    });

    // By hand, at the end of the history, objective 99% (budget 1%), 7 days = 10,080 minutes:
    // failed = 10,020 x 1 + 60 x 20 = 11,220 of 10,080,000 -> error ratio 0.00111309524, burn
    // 0.111309524, budget left 0.888690476, budget 100.8 minutes, 11.22 burned. Alert windows
    // (7 days: 16h48m, 5h36m, 1h24m, 28m, 14m, 7m, 70s): 16h48m has 948 + 1,200 = 2,148 failed
    // of 1,008,000 -> burn 0.213095238; 5h36m 276 + 1,200 = 1,476 of 336,000 -> 0.439285714;
    // 1h24m 24 + 1,200 = 1,224 of 84,000 -> 1.457142857; the rest lie in the last hour: 2% -> 2.
    it("gives the budget figures of backfilled history as computed by hand", async () => {
      const slos = readSloSpecs([{ path: "history.yaml", text: HISTORY }]);
      const [status, ...rest] = await sloStatus(slos, prometheusClient(baseUrl), historyEnd * 1000);
      expect(rest).toEqual([]);
      expect(status).toMatchObject({
        slo: "history",
        window: "7d",
        coveredSeconds: 604_800,
        budget: 0.01,
      });
      expect(status!.errorRatio).toBeCloseTo(0.00111309524, 10);
      expect(status!.sli).toBeCloseTo(0.99888690476, 10);
      expect(status!.burnRate).toBeCloseTo(0.111309524, 8);
      expect(status!.budgetRemaining).toBeCloseTo(0.888690476, 8);
      expect(status!.budgetMinutes).toBeCloseTo(100.8, 9);
      expect(status!.burnedMinutes).toBeCloseTo(11.22, 8);
      const expected: Array<[string, number]> = [
        ["16h48m", 0.213095238],
        ["5h36m", 0.439285714],
        ["1h24m", 1.457142857],
        ["28m", 2],
        ["14m", 2],
        ["7m", 2],
        ["1m10s", 2],
      ];
      expect(status!.burnRates.map((b) => b.window)).toEqual(expected.map(([w]) => w));
      status!.burnRates.forEach((b, i) => expect(b.burnRate).toBeCloseTo(expected[i]![1], 8));
    });

    // Each scrape adds 10 failures in 1,000 requests to /orders/:id and none to /users, so over
    // any window the error ratio is 1% and 0%: with a 95% objective, burn 0.2 and 0.
    it("splits a per-route indicator into one status per route from live scrapes", async () => {
      const slos = readSloSpecs([{ path: "live.yaml", text: LIVE }]);
      const statuses = await sloStatus(slos, prometheusClient(baseUrl));
      const byRoute = new Map(statuses.map((s) => [s.route, s]));
      expect([...byRoute.keys()].sort()).toEqual(["/orders/:id", "/users"]);
      const orders = byRoute.get("/orders/:id")!;
      expect(orders.errorRatio).toBeCloseTo(0.01, 9);
      expect(orders.burnRate).toBeCloseTo(0.2, 9);
      expect(orders.budgetRemaining).toBeCloseTo(0.8, 9);
      for (const b of orders.burnRates) expect(b.burnRate).toBeCloseTo(0.2, 9);
      const users = byRoute.get("/users")!;
      expect(users.errorRatio).toBe(0);
      expect(users.budgetRemaining).toBe(1);
      const table = formatStatusTable(statuses);
      expect(table).toMatch(/^live\s+\/orders\/:id\s+95%\s+1h\s+99%\s+80%\s+0\.2x/m);
    });

    it("gives an SLO without data nulls, not zeros", async () => {
      const slos = readSloSpecs([
        {
          path: "none.yaml",
          text: openSlo(
            "none",
            "1d",
            0.999,
            "sum(rate(nothing_total[{{.window}}]))",
            "sum(rate(nothing_total[{{.window}}]))",
          ),
        },
      ]);
      const [status] = await sloStatus(slos, prometheusClient(baseUrl));
      expect(status).toMatchObject({
        slo: "none",
        sli: null,
        budgetRemaining: null,
        burnRate: null,
      });
    });

    it("names the URL when Prometheus refuses a query or cannot be reached", async () => {
      await expect(prometheusClient(baseUrl)("sum(", 0)).rejects.toThrow(
        new RegExp(`^${baseUrl}/api/v1/query: the query failed \\(HTTP 400`),
      );
      const closed = await freePort();
      await expect(prometheusClient(`http://127.0.0.1:${closed}`)("up", 0)).rejects.toThrow(
        InputError,
      );
    });
  },
);
