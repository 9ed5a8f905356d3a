import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { sql, type Kysely, type Transaction } from "kysely";
import type { AuditReport } from "../report/index.ts";
import { REPORT_SCHEMA_ID } from "../report/index.ts";
import { InputError } from "../shared/index.ts";
import { identityOf, projectNameOf, type RepositoryIdentity } from "./identity.ts";
import type { Store } from "./open.ts";
import type { StoreTables } from "./schema.ts";

export interface SaveOptions {
  /** `--project NAME`; else the normalised remote, else the folder's name. */
  project?: string;
  /** Overrides the report's own `repository` (backfill knows the commit it materialised). */
  identity?: RepositoryIdentity;
  source?: "audit" | "backfill";
  /** The audit's time; defaults to the report's `generatedAt`. */
  auditedAt?: string;
  /** The report's JSON text, when the caller has it already (the store's process receives it). */
  json?: string;
}

export interface SaveResult {
  project: string;
  snapshotId: number;
  /** False when this project already had a snapshot of this commit with these settings. */
  created: boolean;
  newItems: number;
  fixedItems: number;
  reopenedItems: number;
}

/** Triage statuses: a committed triage file sets these; the CLI may set any state. */
const TRIAGE_STATES = new Set(["accepted", "wont_fix", "false_positive"]);
/** Rows per multi-row statement: big saves go in a few round trips, not one per item. */
const BATCH = 10_000;

/**
 * Rows travel as one JSON array per statement, unpacked by the server (`jsonb_array_elements`):
 * on PGlite that costs a third less CPU than array parameters, and it is one SQL for both engines.
 */
const rowsJson = (rows: unknown[][]) => JSON.stringify(rows);
const gzipAsync = promisify(gzip);
/**
 * Output per round trip of the compression to this thread: the whole report at once. In 16 KB
 * chunks (the default) each one waited for PGlite's queries to yield the thread, and the
 * compression (50 ms of work) ended 0.3 s into the save, after the rows it was meant to overlap.
 */
const COMPRESSION_CHUNK = 4 * 1024 * 1024;

/**
 * Stores one report as a snapshot, in one transaction: a crash mid-save leaves the earlier
 * snapshots as they were and no partial one. The same commit saved twice with the same settings
 * is reported, not duplicated. The item lifecycle moves only when the snapshot is the project's
 * newest: items that are gone are marked fixed by it, items that come back are reopened, and the
 * committed triage file's decisions are recorded as state changes.
 */
export async function saveSnapshot(
  store: Store,
  report: AuditReport,
  options: SaveOptions = {},
): Promise<SaveResult> {
  if (report.schema !== REPORT_SCHEMA_ID)
    throw new InputError(
      "store.report-schema",
      `cannot store a ${String(report.schema)} report: this debtlens stores ${REPORT_SCHEMA_ID}`,
    );
  const identity = options.identity ?? identityOf(report);
  const projectName = projectNameOf(options.project, identity, report.root);
  const auditedAt =
    isoDate(options.auditedAt ?? report.run.generatedAt) ?? new Date().toISOString();
  const commitDate = identity.commitDate ? isoDate(identity.commitDate) : undefined;
  const settings = settingsOf(report);
  const settingsHash = createHash("sha256").update(JSON.stringify(settings)).digest("hex");
  // Compression is the save's largest CPU cost: it runs on libuv's thread pool while the
  // observations and items are written, and the snapshot's row, which carries it, goes in last.
  const compressed = gzipAsync(options.json ?? JSON.stringify(report), {
    level: 6,
    chunkSize: COMPRESSION_CHUNK,
  });
  compressed.catch(() => {});

  return store.db.transaction().execute(async (tx) => {
    await tx
      .insertInto("projects")
      .values({
        name: projectName,
        remote: identity.remote ?? null,
        created_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.column("name").doNothing())
      .execute();
    const project = await tx
      .selectFrom("projects")
      .select("id")
      .where("name", "=", projectName)
      .executeTakeFirstOrThrow();
    if (identity.commit) {
      const existing = await tx
        .selectFrom("snapshots")
        .select("id")
        .where("project_id", "=", project.id)
        .where("commit", "=", identity.commit)
        .where("settings_hash", "=", settingsHash)
        .executeTakeFirst();
      if (existing)
        return {
          project: projectName,
          snapshotId: existing.id,
          created: false,
          newItems: 0,
          fixedItems: 0,
          reopenedItems: 0,
        };
    }
    const orderedAt = commitDate ?? auditedAt;
    const neighbours = await neighboursOf(tx, project.id, orderedAt);
    const present = presentFingerprints(report);
    const before = neighbours.previous
      ? await fingerprintsOf(tx, neighbours.previous)
      : new Set<string>();
    const newItems = countMissing(present, before);
    const fixedItems = countMissing(before, present);

    // References to the snapshot are checked at commit (migrations.ts): its row is written last.
    const { rows: ids } = await sql<{
      id: number;
    }>`select nextval('snapshots_id_seq')::int as id`.execute(tx);
    const snapshotId = ids[0]!.id;
    await insertObservations(tx, snapshotId, report);

    let reopenedItems = 0;
    if (neighbours.next === undefined) {
      reopenedItems = await advanceLifecycle(tx, project.id, snapshotId, orderedAt, report);
    } else {
      // An older commit saved after newer ones (a backfill into a project with snapshots): it
      // joins the trend and the items' histories, and the newer snapshot's counts are redone.
      await recordPast(tx, project.id, snapshotId, orderedAt, neighbours.next, report);
      const after = await fingerprintsOf(tx, neighbours.next);
      await tx
        .updateTable("snapshots")
        .set({ new_items: countMissing(after, present), fixed_items: countMissing(present, after) })
        .where("id", "=", neighbours.next)
        .execute();
    }
    const { summary } = report;
    await tx
      .insertInto("snapshots")
      .values({
        id: snapshotId,
        project_id: project.id,
        commit: identity.commit ?? null,
        branch: identity.branch ?? null,
        commit_date: commitDate ?? null,
        audited_at: auditedAt,
        ordered_at: orderedAt,
        tool_version: report.tool.version,
        report_schema: report.schema,
        settings_hash: settingsHash,
        settings: JSON.stringify(settings),
        source: options.source ?? "audit",
        files: summary.files,
        lines_of_code: summary.linesOfCode,
        items: summary.items,
        remediation_minutes: summary.remediationMinutes,
        principal: summary.principal,
        interest: summary.interest,
        debt_ratio: summary.debtRatio,
        rating: summary.rating,
        mean_health: meanHealth(report),
        by_category: JSON.stringify(summary.byCategory),
        by_class: JSON.stringify(summary.byClass),
        new_items: newItems,
        fixed_items: fixedItems,
        // Sent as base64 text and decoded by the server: PGlite serialises a bytea parameter
        // byte by byte (4.6 s for a 1.3 MB report against 0.1 s as text).
        report_gz: sql<Uint8Array>`decode(${(await compressed).toString("base64")}, 'base64')`,
      })
      .execute();
    return {
      project: projectName,
      snapshotId,
      created: true,
      newItems,
      fixedItems,
      reopenedItems,
    };
  });
}

/** What makes two audits of one commit comparable: the tool, the money model, the rules on. */
function settingsOf(report: AuditReport) {
  return {
    tool: report.tool.version,
    schema: report.schema,
    scoring: report.scoring,
    rules: report.rules
      .filter((r) => r.enabled)
      .map((r) => `${r.id}:${r.severity}`)
      .sort(),
  };
}

function isoDate(text: string): string | undefined {
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** Code health averaged over files weighted by their lines of code (big files weigh more). */
export function meanHealth(report: AuditReport): number | null {
  let weighted = 0;
  let lines = 0;
  for (const file of report.files) {
    weighted += file.health * file.linesOfCode;
    lines += file.linesOfCode;
  }
  return lines > 0 ? Math.round((weighted / lines) * 100) / 100 : null;
}

/** The items the snapshot holds: those in the totals and those the triage file set aside. */
function presentFingerprints(report: AuditReport): Set<string> {
  const present = new Set(report.items.map((i) => i.id));
  for (const t of report.triage?.items ?? []) present.add(t.id);
  return present;
}

function countMissing(from: Set<string>, reference: Set<string>): number {
  let n = 0;
  for (const id of from) if (!reference.has(id)) n++;
  return n;
}

async function neighboursOf(tx: Transaction<StoreTables>, projectId: number, orderedAt: string) {
  // A snapshot at the same instant as an existing one goes after it (ids break ties).
  const previous = await tx
    .selectFrom("snapshots")
    .select("id")
    .where("project_id", "=", projectId)
    .where("ordered_at", "<=", orderedAt)
    .orderBy("ordered_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
  const next = await tx
    .selectFrom("snapshots")
    .select("id")
    .where("project_id", "=", projectId)
    .where("ordered_at", ">", orderedAt)
    .orderBy("ordered_at", "asc")
    .orderBy("id", "asc")
    .executeTakeFirst();
  return { previous: previous?.id, next: next?.id };
}

async function fingerprintsOf(db: Kysely<StoreTables>, snapshotId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom("observations")
    .select("fingerprint")
    .where("snapshot_id", "=", snapshotId)
    .execute();
  return new Set(rows.map((r) => r.fingerprint));
}

/** One multi-row statement per batch: arrays unnested by the server, one round trip each. */
async function insertObservations(
  tx: Transaction<StoreTables>,
  snapshotId: number,
  report: AuditReport,
): Promise<void> {
  const rows: unknown[][] = [];
  for (const item of report.items) {
    const f = figuresOf(item);
    rows.push([
      item.id,
      item.startLine ?? null,
      null,
      f.class,
      f.priority,
      f.impact,
      f.risk,
      f.effort,
      f.minutes,
      f.principal,
      f.interest,
    ]);
  }
  for (const t of report.triage?.items ?? []) rows.push([t.id, null, t.status]);
  for (let start = 0; start < rows.length; start += BATCH)
    await sql`insert into observations
      (snapshot_id, fingerprint, start_line, triaged, class, priority, impact, risk, effort, minutes, principal, interest)
      select ${snapshotId}::int, r->>0, (r->>1)::int, r->>2, r->>3, (r->>4)::float8, (r->>5)::float8,
        (r->>6)::float8, (r->>7)::float8, (r->>8)::float8, (r->>9)::float8, (r->>10)::float8
      from jsonb_array_elements(${rowsJson(rows.slice(start, start + BATCH))}::jsonb) as r
`.execute(tx);
}

interface ReportItemFigures {
  class: string;
  priority: number;
  impact: number;
  risk: number;
  effort: number;
  minutes: number;
  principal: number;
  interest: number;
}

function figuresOf(item: AuditReport["items"][number]): ReportItemFigures {
  return {
    class: item.scores.class,
    priority: item.scores.priority,
    impact: item.scores.impact,
    risk: item.scores.risk,
    effort: item.scores.effort,
    minutes: item.remediationMinutes,
    principal: item.money.principal,
    interest: item.money.interest,
  };
}

interface ItemDescription {
  fingerprint: string;
  rule: string;
  category: string;
  path: string | null;
  symbol: string | null;
  message: string;
}

function descriptionsOf(report: AuditReport): Map<string, ItemDescription> {
  const rules = new Map(report.rules.map((r) => [r.id, r.category]));
  const byId = new Map<string, ItemDescription>();
  for (const item of report.items)
    byId.set(item.id, {
      fingerprint: item.id,
      rule: item.rule,
      category: item.category,
      path: item.path ?? null,
      symbol: item.symbol ?? null,
      message: item.message,
    });
  for (const t of report.triage?.items ?? [])
    if (!byId.has(t.id))
      byId.set(t.id, {
        fingerprint: t.id,
        rule: t.rule,
        category: rules.get(t.rule) ?? t.rule.split("/")[0] ?? "quality",
        path: t.path ?? null,
        symbol: null,
        message: `triaged as ${t.status}: ${t.reason}`,
      });
  return byId;
}

interface StateChange {
  fingerprint: string;
  from: string | null;
  to: string;
  by: string;
  why: string;
  source: string;
}

/**
 * Moves the register on to the project's newest snapshot: new items open (or take their triage
 * status), present items are seen again, fixed items that are back are reopened, items no longer
 * present are fixed by this snapshot, and triage decisions become state changes. Returns the
 * number reopened.
 */
async function advanceLifecycle(
  tx: Transaction<StoreTables>,
  projectId: number,
  snapshotId: number,
  at: string,
  report: AuditReport,
): Promise<number> {
  const known = new Map(
    (
      await tx
        .selectFrom("items")
        .select(["fingerprint", "state", "state_source", "message"])
        .where("project_id", "=", projectId)
        .execute()
    ).map((r) => [r.fingerprint, r]),
  );
  const descriptions = descriptionsOf(report);
  const triaged = new Map((report.triage?.items ?? []).map((t) => [t.id, t]));
  const changes: StateChange[] = [];
  const fresh: StoreTables["items"][] = [];
  const reopened: string[] = [];
  const retitled: Array<{ fingerprint: string; message: string }> = [];
  const setState = new Map<string, { state: string; source: string }>();

  for (const [fingerprint, description] of descriptions) {
    const decision = triaged.get(fingerprint);
    const item = known.get(fingerprint);
    if (!item) {
      const state = decision ? decision.status : "open";
      fresh.push({
        project_id: projectId,
        ...description,
        first_seen: snapshotId,
        last_seen: snapshotId,
        fixed_in: null,
        reopened_count: 0,
        state,
        state_source: decision ? "triage" : "audit",
        owner: null,
        note: null,
        due_date: null,
        // set from the observation below, with every item this snapshot saw
        class: null,
        priority: null,
        principal: null,
        interest: null,
      });
      if (decision)
        changes.push({
          fingerprint,
          from: null,
          to: decision.status,
          by: decision.by,
          why: decision.reason,
          source: "triage",
        });
      continue;
    }
    if (!decision && item.message !== description.message) retitled.push(description);
    let state = item.state;
    if (state === "fixed") {
      reopened.push(fingerprint);
      changes.push({
        fingerprint,
        from: "fixed",
        to: "open",
        by: "debtlens",
        why: "found again after it was fixed",
        source: "audit",
      });
      state = "open";
      setState.set(fingerprint, { state, source: "audit" });
    }
    if (decision && decision.status !== state) {
      changes.push({
        fingerprint,
        from: state,
        to: decision.status,
        by: decision.by,
        why: decision.reason,
        source: "triage",
      });
      setState.set(fingerprint, { state: decision.status, source: "triage" });
    } else if (!decision && item.state_source === "triage" && TRIAGE_STATES.has(state)) {
      changes.push({
        fingerprint,
        from: state,
        to: "open",
        by: "debtlens",
        why: "its triage decision no longer applies (removed from the triage file, or expired)",
        source: "audit",
      });
      setState.set(fingerprint, { state: "open", source: "audit" });
    }
  }
  const gone: string[] = [];
  for (const [fingerprint, item] of known)
    if (!descriptions.has(fingerprint) && item.state !== "fixed") {
      gone.push(fingerprint);
      changes.push({
        fingerprint,
        from: item.state,
        to: "fixed",
        by: "debtlens",
        why: "no longer found",
        source: "audit",
      });
    }

  for (let start = 0; start < fresh.length; start += BATCH) {
    const batch = fresh.slice(start, start + BATCH);
    const rows = batch.map((i) => [
      i.fingerprint,
      i.rule,
      i.category,
      i.path,
      i.symbol,
      i.message,
      i.state,
      i.state_source,
    ]);
    await sql`insert into items
      (project_id, fingerprint, rule, category, path, symbol, message, first_seen, last_seen, reopened_count, state, state_source)
      select ${projectId}::int, r->>0, r->>1, r->>2, r->>3, r->>4, r->>5, ${snapshotId}::int, ${snapshotId}::int, 0, r->>6, r->>7
      from jsonb_array_elements(${rowsJson(rows)}::jsonb) as r`.execute(tx);
  }
  // Every item present in this snapshot was seen in it, with these figures.
  await sql`update items set last_seen = ${snapshotId}, class = o.class, priority = o.priority,
      principal = o.principal, interest = o.interest
    from observations o
    where o.snapshot_id = ${snapshotId} and items.project_id = ${projectId}
      and items.fingerprint = o.fingerprint`.execute(tx);
  for (let start = 0; start < reopened.length; start += BATCH)
    await tx
      .updateTable("items")
      .set((eb) => ({ fixed_in: null, reopened_count: eb("reopened_count", "+", 1) }))
      .where("project_id", "=", projectId)
      .where("fingerprint", "in", reopened.slice(start, start + BATCH))
      .execute();
  for (let start = 0; start < gone.length; start += BATCH)
    await tx
      .updateTable("items")
      .set({ state: "fixed", state_source: "audit", fixed_in: snapshotId })
      .where("project_id", "=", projectId)
      .where("fingerprint", "in", gone.slice(start, start + BATCH))
      .execute();
  for (const [fingerprint, { state, source }] of setState)
    await tx
      .updateTable("items")
      .set({ state, state_source: source })
      .where("project_id", "=", projectId)
      .where("fingerprint", "=", fingerprint)
      .execute();
  for (let start = 0; start < retitled.length; start += BATCH) {
    const rows = retitled.slice(start, start + BATCH).map((r) => [r.fingerprint, r.message]);
    await sql`update items set message = r->>1
      from jsonb_array_elements(${rowsJson(rows)}::jsonb) as r
      where items.project_id = ${projectId} and items.fingerprint = r->>0`.execute(tx);
  }
  await insertStateChanges(tx, projectId, snapshotId, at, changes);
  return reopened.length;
}

async function insertStateChanges(
  tx: Transaction<StoreTables>,
  projectId: number,
  snapshotId: number | null,
  at: string,
  changes: StateChange[],
): Promise<void> {
  for (let start = 0; start < changes.length; start += BATCH) {
    const rows = changes
      .slice(start, start + BATCH)
      .map((c) => [c.fingerprint, c.by, c.from, c.to, c.why, c.source]);
    await sql`insert into state_changes
      (project_id, fingerprint, snapshot_id, at, by, from_state, to_state, why, source)
      select ${projectId}::int, r->>0, ${snapshotId}::int, ${at}, r->>1, r->>2, r->>3, r->>4, r->>5
      from jsonb_array_elements(${rowsJson(rows)}::jsonb) as r`.execute(tx);
  }
}

/**
 * A snapshot older than the project's newest: items it shows that the register never had are
 * recorded as fixed by the next snapshot (they were gone by then), and items it shows earlier
 * than their first sighting get it as their first snapshot. States are not replayed.
 */
async function recordPast(
  tx: Transaction<StoreTables>,
  projectId: number,
  snapshotId: number,
  orderedAt: string,
  nextId: number,
  report: AuditReport,
): Promise<void> {
  const known = new Set(
    (
      await tx
        .selectFrom("items")
        .select("fingerprint")
        .where("project_id", "=", projectId)
        .execute()
    ).map((r) => r.fingerprint),
  );
  const unknown = [...descriptionsOf(report).values()].filter((d) => !known.has(d.fingerprint));
  for (let start = 0; start < unknown.length; start += BATCH) {
    const rows = unknown
      .slice(start, start + BATCH)
      .map((i) => [i.fingerprint, i.rule, i.category, i.path, i.symbol, i.message]);
    await sql`insert into items
      (project_id, fingerprint, rule, category, path, symbol, message, first_seen, last_seen, fixed_in, reopened_count, state, state_source)
      select ${projectId}::int, r->>0, r->>1, r->>2, r->>3, r->>4, r->>5, ${snapshotId}::int, ${snapshotId}::int, ${nextId}::int, 0, 'fixed', 'audit'
      from jsonb_array_elements(${rowsJson(rows)}::jsonb) as r`.execute(tx);
  }
  // The items first recorded here take this snapshot's figures: it is their last sighting.
  await sql`update items set class = o.class, priority = o.priority, principal = o.principal,
      interest = o.interest
    from observations o
    where o.snapshot_id = ${snapshotId} and items.project_id = ${projectId}
      and items.fingerprint = o.fingerprint and items.last_seen = ${snapshotId}`.execute(tx);
  // Items already known whose first sighting is later than this snapshot start here instead.
  await sql`update items set first_seen = ${snapshotId}
    from snapshots first
    where items.project_id = ${projectId} and first.id = items.first_seen
      and first.ordered_at > ${orderedAt}
      and items.fingerprint in (select fingerprint from observations where snapshot_id = ${snapshotId})`.execute(
    tx,
  );
}
