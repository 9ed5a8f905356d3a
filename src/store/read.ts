import { gunzipSync } from "node:zlib";
import picomatch from "picomatch";
import { sql } from "kysely";
import { CATEGORIES, ITEM_STATES, type ItemState, type PriorityClass } from "../findings/index.ts";
import { readReport, ReportFormatError, type AuditReport } from "../report/index.ts";
import { InputError } from "../shared/index.ts";
import type { Store } from "./open.ts";

export { ITEM_STATES, type ItemState };

export interface ProjectRow {
  id: number;
  name: string;
  remote: string | null;
  snapshots: number;
}

export async function listProjects(store: Store): Promise<ProjectRow[]> {
  const { rows } = await sql<ProjectRow>`
    select p.id, p.name, p.remote, count(s.id)::int as snapshots
    from projects p left join snapshots s on s.project_id = p.id
    group by p.id order by p.name`.execute(store.db);
  return rows;
}

/**
 * The project a reading command is about: the one named, else the store's only project, else the
 * one named like the current folder. Anything else is a one-line error saying what to pass.
 */
export async function resolveProject(
  store: Store,
  name: string | undefined,
  folderName?: string,
): Promise<ProjectRow> {
  const projects = await listProjects(store);
  if (name !== undefined) {
    const found = projects.find((p) => p.name === name);
    if (!found)
      throw new InputError(
        "store.no-project",
        `--project ${name}: the store has no such project (it has ${projects.length}: debtlens snapshots --all lists them)`,
      );
    return found;
  }
  if (projects.length === 1) return projects[0]!;
  const byFolder = folderName ? projects.find((p) => p.name === folderName) : undefined;
  if (byFolder) return byFolder;
  throw new InputError(
    "store.no-project",
    projects.length === 0
      ? "the store holds no snapshot yet: run debtlens audit PATH --save first"
      : `the store holds ${projects.length} projects: pick one with --project NAME (debtlens snapshots --all lists them)`,
  );
}

export interface SnapshotRow {
  id: number;
  project: string;
  commit: string | null;
  branch: string | null;
  commitDate: string | null;
  auditedAt: string;
  source: string;
  toolVersion: string;
  items: number;
  principal: number;
  interest: number;
  debtRatio: number;
  rating: string;
}

export async function listSnapshots(store: Store, projectId?: number): Promise<SnapshotRow[]> {
  let query = store.db
    .selectFrom("snapshots as s")
    .innerJoin("projects as p", "p.id", "s.project_id")
    .select([
      "s.id",
      "p.name as project",
      "s.commit",
      "s.branch",
      "s.commit_date as commitDate",
      "s.audited_at as auditedAt",
      "s.source",
      "s.tool_version as toolVersion",
      "s.items",
      "s.principal",
      "s.interest",
      "s.debt_ratio as debtRatio",
      "s.rating",
    ])
    .orderBy("p.name")
    .orderBy("s.ordered_at")
    .orderBy("s.id");
  if (projectId !== undefined) query = query.where("s.project_id", "=", projectId);
  return query.execute();
}

type Category = (typeof CATEGORIES)[number];
export interface TrendPoint {
  snapshot: number;
  commit: string | null;
  date: string;
  items: number;
  byClass: Record<PriorityClass, number>;
  byCategory: Record<Category, { items: number; principal: number; interest: number }>;
  principal: number;
  interest: number;
  debtRatio: number;
  rating: string;
  meanHealth: number | null;
  newItems: number;
  fixedItems: number;
}

/** One point per snapshot, oldest first: the figures a CTO watches move. */
export async function trendOf(store: Store, projectId: number): Promise<TrendPoint[]> {
  const rows = await store.db
    .selectFrom("snapshots")
    .select([
      "id",
      "commit",
      "ordered_at",
      "items",
      "by_class",
      "by_category",
      "principal",
      "interest",
      "debt_ratio",
      "rating",
      "mean_health",
      "new_items",
      "fixed_items",
    ])
    .where("project_id", "=", projectId)
    .orderBy("ordered_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => {
    const byCategory = json(r.by_category) as Record<
      string,
      { items: number; principal: number; interest: number }
    >;
    return {
      snapshot: r.id,
      commit: r.commit,
      date: r.ordered_at,
      items: r.items,
      byClass: json(r.by_class) as TrendPoint["byClass"],
      byCategory: Object.fromEntries(
        CATEGORIES.map((c) => {
          const t = byCategory[c];
          return [
            c,
            { items: t?.items ?? 0, principal: t?.principal ?? 0, interest: t?.interest ?? 0 },
          ];
        }),
      ) as TrendPoint["byCategory"],
      principal: r.principal,
      interest: r.interest,
      debtRatio: r.debt_ratio,
      rating: r.rating,
      meanHealth: r.mean_health,
      newItems: r.new_items,
      fixedItems: r.fixed_items,
    };
  });
}

/** jsonb comes back parsed from both drivers; text (a driver configured otherwise) is parsed here. */
function json(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

export interface ItemRow {
  id: string;
  rule: string;
  category: string;
  path: string | null;
  symbol: string | null;
  message: string;
  state: string;
  owner: string | null;
  note: string | null;
  dueDate: string | null;
  reopened: number;
  /** As measured in the snapshot that last saw the item. */
  class: string | null;
  priority: number | null;
  principal: number | null;
  interest: number | null;
  firstSeen: { snapshot: number; commit: string | null; date: string };
  lastSeen: { snapshot: number; commit: string | null; date: string };
  fixedIn: { snapshot: number; commit: string | null; date: string } | null;
}

export interface ItemFilter {
  state?: string[];
  class?: string[];
  category?: string[];
  rule?: string[];
  /** A folder or file prefix, or a glob. */
  path?: string;
}

export const ITEM_SORTS = [
  "priority",
  "principal",
  "interest",
  "first-seen",
  "last-seen",
  "path",
] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];

export async function listItems(
  store: Store,
  projectId: number,
  filter: ItemFilter = {},
  sort: ItemSort = "priority",
): Promise<ItemRow[]> {
  let query = store.db
    .selectFrom("items as i")
    .innerJoin("snapshots as f", "f.id", "i.first_seen")
    .innerJoin("snapshots as l", "l.id", "i.last_seen")
    .leftJoin("snapshots as x", "x.id", "i.fixed_in")
    .select([
      "i.fingerprint",
      "i.rule",
      "i.category",
      "i.path",
      "i.symbol",
      "i.message",
      "i.state",
      "i.owner",
      "i.note",
      "i.due_date",
      "i.reopened_count",
      // the figures of the last sighting, kept on the item (migration 0200)
      "i.class",
      "i.priority",
      "i.principal",
      "i.interest",
      "f.id as first_id",
      "f.commit as first_commit",
      "f.ordered_at as first_date",
      "l.id as last_id",
      "l.commit as last_commit",
      "l.ordered_at as last_date",
      "x.id as fixed_id",
      "x.commit as fixed_commit",
      "x.ordered_at as fixed_date",
    ])
    .where("i.project_id", "=", projectId);
  if (filter.state?.length) query = query.where("i.state", "in", filter.state);
  if (filter.class?.length) query = query.where("i.class", "in", filter.class);
  if (filter.category?.length) query = query.where("i.category", "in", filter.category);
  if (filter.rule?.length) query = query.where("i.rule", "in", filter.rule);
  const order = {
    priority: ["i.priority desc nulls last", "i.fingerprint"],
    principal: ["i.principal desc nulls last", "i.fingerprint"],
    interest: ["i.interest desc nulls last", "i.fingerprint"],
    "first-seen": ["f.ordered_at", "i.fingerprint"],
    "last-seen": ["l.ordered_at desc", "i.fingerprint"],
    path: ["i.path", "i.fingerprint"],
  }[sort];
  for (const o of order) query = query.orderBy(sql.raw(o));
  let rows = await query.execute();
  if (filter.path) {
    const pattern = filter.path.replace(/\/+$/, "");
    const matches = /[*?[\]{}]/.test(pattern)
      ? picomatch(pattern, { dot: true })
      : (p: string) => p === pattern || p.startsWith(`${pattern}/`);
    rows = rows.filter((r) => r.path !== null && matches(r.path));
  }
  return rows.map((r) => ({
    id: r.fingerprint,
    rule: r.rule,
    category: r.category,
    path: r.path,
    symbol: r.symbol,
    message: r.message,
    state: r.state,
    owner: r.owner,
    note: r.note,
    dueDate: r.due_date,
    reopened: r.reopened_count,
    class: r.class,
    priority: r.priority,
    principal: r.principal,
    interest: r.interest,
    firstSeen: { snapshot: r.first_id, commit: r.first_commit, date: r.first_date },
    lastSeen: { snapshot: r.last_id, commit: r.last_commit, date: r.last_date },
    fixedIn:
      r.fixed_id === null || r.fixed_date === null
        ? null
        : { snapshot: r.fixed_id, commit: r.fixed_commit, date: r.fixed_date },
  }));
}

/** An item by its fingerprint or an unambiguous prefix of at least 6 characters. */
export async function findItemId(store: Store, projectId: number, id: string): Promise<string> {
  if (id.length < 6)
    throw new InputError(
      "store.item-id",
      `${id}: give the item's id or at least 6 of its first characters`,
    );
  const rows = await store.db
    .selectFrom("items")
    .select("fingerprint")
    .where("project_id", "=", projectId)
    .where(sql<boolean>`starts_with(fingerprint, ${id})`)
    .limit(2)
    .execute();
  if (rows.length === 0)
    throw new InputError("store.no-item", `${id}: no item with this id in the project's register`);
  if (rows.length > 1)
    throw new InputError(
      "store.item-id",
      `${id}: more than one item starts so; give more characters`,
    );
  return rows[0]!.fingerprint;
}

export interface ItemHistory {
  item: ItemRow;
  observations: Array<{
    snapshot: number;
    commit: string | null;
    date: string;
    triaged: string | null;
    class: string | null;
    priority: number | null;
    impact: number | null;
    risk: number | null;
    effort: number | null;
    principal: number | null;
    interest: number | null;
    startLine: number | null;
  }>;
  stateChanges: Array<{
    at: string;
    by: string;
    from: string | null;
    to: string;
    why: string;
    source: string;
    snapshot: number | null;
  }>;
}

export async function itemHistory(
  store: Store,
  projectId: number,
  fingerprint: string,
): Promise<ItemHistory> {
  const item = (await listItems(store, projectId)).find((i) => i.id === fingerprint);
  if (!item) throw new InputError("store.no-item", `${fingerprint}: no such item`);
  const observations = await store.db
    .selectFrom("observations as o")
    .innerJoin("snapshots as s", "s.id", "o.snapshot_id")
    .select([
      "s.id as snapshot",
      "s.commit",
      "s.ordered_at as date",
      "o.triaged",
      "o.class",
      "o.priority",
      "o.impact",
      "o.risk",
      "o.effort",
      "o.principal",
      "o.interest",
      "o.start_line as startLine",
    ])
    .where("s.project_id", "=", projectId)
    .where("o.fingerprint", "=", fingerprint)
    .orderBy("s.ordered_at")
    .orderBy("s.id")
    .execute();
  const stateChanges = await store.db
    .selectFrom("state_changes")
    .select([
      "at",
      "by",
      "from_state as from",
      "to_state as to",
      "why",
      "source",
      "snapshot_id as snapshot",
    ])
    .where("project_id", "=", projectId)
    .where("fingerprint", "=", fingerprint)
    .orderBy("id")
    .execute();
  return { item, observations, stateChanges };
}

export interface ItemUpdate {
  state?: string;
  owner?: string;
  note?: string;
  /** YYYY-MM-DD. */
  due?: string;
  by: string;
}

/**
 * A person's decision on an item: its state (appended to the item's state changes with the note
 * as the reason), owner, note, due date. The audit may later fix or reopen it.
 */
export async function updateItem(
  store: Store,
  projectId: number,
  fingerprint: string,
  update: ItemUpdate,
  now: string = new Date().toISOString(),
): Promise<void> {
  if (update.state !== undefined && !(ITEM_STATES as readonly string[]).includes(update.state))
    throw new InputError(
      "store.bad-state",
      `--state: expected one of ${ITEM_STATES.join(", ")}, got "${update.state}"`,
    );
  if (update.due !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(update.due))
    throw new InputError(
      "store.bad-date",
      `--due: expected a date such as 2025-06-30, got "${update.due}"`,
    );
  await store.db.transaction().execute(async (tx) => {
    const item = await tx
      .selectFrom("items")
      .select(["state"])
      .where("project_id", "=", projectId)
      .where("fingerprint", "=", fingerprint)
      .executeTakeFirstOrThrow();
    const changes: Record<string, string> = {};
    if (update.owner !== undefined) changes.owner = update.owner;
    if (update.note !== undefined) changes.note = update.note;
    if (update.due !== undefined) changes.due_date = update.due;
    if (update.state !== undefined && update.state !== item.state) {
      changes.state = update.state;
      changes.state_source = "user";
      await tx
        .insertInto("state_changes")
        .values({
          project_id: projectId,
          fingerprint,
          snapshot_id: null,
          at: now,
          by: update.by,
          from_state: item.state,
          to_state: update.state,
          why: update.note ?? "",
          source: "user",
        })
        .execute();
    }
    if (Object.keys(changes).length > 0)
      await tx
        .updateTable("items")
        .set(changes)
        .where("project_id", "=", projectId)
        .where("fingerprint", "=", fingerprint)
        .execute();
  });
}

/** A stored report exactly as it was saved; `undefined` when the project has no snapshot. */
export async function storedReport(
  store: Store,
  projectId: number,
  snapshotId?: number,
): Promise<{ snapshot: number; report: AuditReport } | undefined> {
  let query = store.db
    .selectFrom("snapshots")
    // Read as base64 text: PGlite decodes a bytea result byte by byte (see save.ts).
    .select(["id", sql<string>`encode(report_gz, 'base64')`.as("report")])
    .where("project_id", "=", projectId);
  query =
    snapshotId === undefined
      ? query.orderBy("ordered_at", "desc").orderBy("id", "desc").limit(1)
      : query.where("id", "=", snapshotId);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  // Snapshots stored as v1 are upgraded as they are read (the stored bytes stay as they were).
  try {
    const report = readReport(
      JSON.parse(gunzipSync(Buffer.from(row.report, "base64")).toString("utf8")),
    );
    return { snapshot: row.id, report };
  } catch (error) {
    if (error instanceof ReportFormatError)
      throw new InputError(
        "store.report-schema",
        `snapshot ${row.id}: its stored report cannot be read: ${error.message}`,
      );
    throw error;
  }
}
