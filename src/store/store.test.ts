import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totalsOf } from "../register/index.ts";
import type { AuditReport, ReportItem } from "../report/index.ts";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { InputError } from "../shared/index.ts";
import {
  findItemId,
  itemHistory,
  listItems,
  listSnapshots,
  openStore,
  resolveProject,
  saveSnapshot,
  storedReport,
  trendOf,
  updateItem,
  type Store,
} from "./index.ts";
import {
  pgliteBackend,
  postgresAvailable,
  postgresBackend,
  type TestBackend,
} from "./test-backends.ts";

type Category = ReportItem["category"];

/** One item with the figures a test asserts; everything else as the synthetic reports have it. */
function item(
  id: string,
  figures: {
    category?: Category;
    cls?: ReportItem["scores"]["class"];
    principal?: number;
    interest?: number;
    priority?: number;
    path?: string;
  } = {},
): ReportItem {
  const base = syntheticReport(1).items[0]!;
  const category = figures.category ?? "quality";
  return {
    ...base,
    id,
    fingerprint: id,
    rule: `${category}/synthetic-rule`,
    category,
    message: `item ${id}`,
    path: figures.path ?? `src/${id}.ts`,
    remediationMinutes: 60,
    scores: { ...base.scores, class: figures.cls ?? "later", priority: figures.priority ?? 5 },
    money: { ...base.money, principal: figures.principal ?? 90, interest: figures.interest ?? 10 },
  };
}

function reportOf(items: ReportItem[], overrides: Partial<AuditReport> = {}): AuditReport {
  const base = syntheticReport(0, overrides);
  return {
    ...base,
    items,
    summary: { files: 10, ...totalsOf(items, 1000, 30), duplicatedLines: 0 },
    files: [
      { path: "src/a.ts", language: "ts", lines: 300, linesOfCode: 300, health: 4, findings: 1 },
      { path: "src/b.ts", language: "ts", lines: 100, linesOfCode: 100, health: 8, findings: 0 },
    ],
  };
}

const at = (n: number) => ({ commit: `c${n}`, commitDate: `2025-0${n}-01T00:00:00Z` });

const backends: Array<() => TestBackend> = [pgliteBackend];
if (await postgresAvailable()) backends.push(postgresBackend);

describe.each(backends.map((make) => [make().name, make] as const))("store on %s", (_, make) => {
  const backend = make();
  let store: Store;
  beforeAll(async () => {
    store = await openStore(await backend.create());
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await backend.dispose();
  });

  const project = async (name: string) => (await resolveProject(store, name)).id;

  it("saves a snapshot once per commit and settings; other settings make another", async () => {
    const report = reportOf([item("aaaaaa01"), item("aaaaaa02")]);
    const first = await saveSnapshot(store, report, { project: "idem", identity: at(1) });
    const again = await saveSnapshot(store, report, { project: "idem", identity: at(1) });
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, snapshotId: first.snapshotId });
    const pricier = reportOf(report.items, {
      scoring: { ...report.scoring, hourlyCost: 120 },
    });
    const other = await saveSnapshot(store, pricier, { project: "idem", identity: at(1) });
    expect(other.created).toBe(true);
    expect((await listSnapshots(store, await project("idem"))).map((s) => s.id)).toEqual([
      first.snapshotId,
      other.snapshotId,
    ]);
  });

  it("follows items through fixed and reopened, with exact counts and money in the trend", async () => {
    const a = item("bbbbbb0a", { category: "security", cls: "next", principal: 300, interest: 50 });
    const b = item("bbbbbb0b", { principal: 100, interest: 20 });
    const c = item("bbbbbb0c", { category: "performance", cls: "fix-now", principal: 45 });
    const d = item("bbbbbb0d", { cls: "backlog", principal: 10, interest: 1 });
    await saveSnapshot(store, reportOf([a, b, c]), { project: "life", identity: at(1) });
    await saveSnapshot(store, reportOf([a, c, d]), { project: "life", identity: at(2) });
    const third = await saveSnapshot(store, reportOf([a, b, d]), {
      project: "life",
      identity: at(3),
    });
    expect(third).toMatchObject({ newItems: 1, fixedItems: 1, reopenedItems: 1 });
    const id = await project("life");
    const trend = await trendOf(store, id);
    expect(trend.map((p) => [p.commit, p.items, p.newItems, p.fixedItems])).toEqual([
      ["c1", 3, 3, 0],
      ["c2", 3, 1, 1],
      ["c3", 3, 1, 1],
    ]);
    expect(trend.map((p) => p.principal)).toEqual([445, 355, 410]);
    expect(trend[0]!.byClass).toEqual({ "fix-now": 1, next: 1, later: 1, backlog: 0 });
    expect(trend[1]!.byCategory.security).toEqual({ items: 1, principal: 300, interest: 50 });
    expect(trend[1]!.byCategory.performance.items).toBe(1);
    // Lines-of-code-weighted: (4*300 + 8*100) / 400.
    expect(trend[0]!.meanHealth).toBe(5);

    const items = new Map((await listItems(store, id)).map((i) => [i.id, i]));
    expect(items.get("bbbbbb0b")).toMatchObject({
      state: "open",
      reopened: 1,
      fixedIn: null,
      firstSeen: { commit: "c1" },
      lastSeen: { commit: "c3" },
    });
    expect(items.get("bbbbbb0c")).toMatchObject({
      state: "fixed",
      fixedIn: { commit: "c3" },
      lastSeen: { commit: "c2" },
    });
    expect(items.get("bbbbbb0d")).toMatchObject({ state: "open", firstSeen: { commit: "c2" } });

    const history = await itemHistory(store, id, await findItemId(store, id, "bbbbbb0b"));
    expect(history.observations.map((o) => [o.commit, o.principal])).toEqual([
      ["c1", 100],
      ["c3", 100],
    ]);
    expect(history.stateChanges.map((s) => [s.from, s.to, s.by, s.snapshot !== null])).toEqual([
      ["open", "fixed", "debtlens", true],
      ["fixed", "open", "debtlens", true],
    ]);
    // State changes of the audit are dated by the snapshot's commit.
    expect(history.stateChanges[0]!.at).toBe("2025-02-01T00:00:00.000Z");
  });

  it("filters and sorts the register", async () => {
    const id = await project("life");
    const open = await listItems(store, id, { state: ["open"] }, "principal");
    expect(open.map((i) => i.id)).toEqual(["bbbbbb0a", "bbbbbb0b", "bbbbbb0d"]);
    expect((await listItems(store, id, { category: ["security"] })).map((i) => i.id)).toEqual([
      "bbbbbb0a",
    ]);
    expect((await listItems(store, id, { class: ["backlog"] })).map((i) => i.id)).toEqual([
      "bbbbbb0d",
    ]);
    expect((await listItems(store, id, { path: "src/bbbbbb0c.ts" })).map((i) => i.id)).toEqual([
      "bbbbbb0c",
    ]);
    expect((await listItems(store, id, { path: "src/*0[ab].ts" })).map((i) => i.id)).toEqual([
      "bbbbbb0a",
      "bbbbbb0b",
    ]);
    // A prefix is a folder: "src/bbb" is not the folder "src".
    expect(await listItems(store, id, { path: "src/bbb" })).toEqual([]);
    const firstSeen = await listItems(store, id, {}, "first-seen");
    expect(firstSeen.at(-1)!.id).toBe("bbbbbb0d");
  });

  it("records triage decisions as state changes, and undoes them when the decision goes", async () => {
    const kept = item("cccccc01");
    const triaged = item("cccccc02");
    const triage = (on: boolean): AuditReport["triage"] => ({
      file: "debtlens.triage.json",
      items: on
        ? [
            {
              id: triaged.id,
              rule: triaged.rule,
              status: "wont_fix",
              reason: "generated adapter",
              by: "ada",
            },
          ]
        : [],
      expired: [],
      stale: [],
    });
    await saveSnapshot(store, reportOf([kept, triaged]), { project: "tri", identity: at(1) });
    await saveSnapshot(store, reportOf([kept], { triage: triage(true) }), {
      project: "tri",
      identity: at(2),
    });
    const id = await project("tri");
    let row = (await listItems(store, id)).find((i) => i.id === triaged.id)!;
    expect(row.state).toBe("wont_fix");
    const history = await itemHistory(store, id, triaged.id);
    expect(history.stateChanges.at(-1)).toMatchObject({
      from: "open",
      to: "wont_fix",
      by: "ada",
      why: "generated adapter",
      source: "triage",
    });
    expect(history.observations.at(-1)).toMatchObject({ commit: "c2", triaged: "wont_fix" });
    await saveSnapshot(store, reportOf([kept, triaged], { triage: triage(false) }), {
      project: "tri",
      identity: at(3),
    });
    row = (await listItems(store, id)).find((i) => i.id === triaged.id)!;
    expect(row.state).toBe("open");
  });

  it("keeps a person's state, owner and note until the item is fixed", async () => {
    const x = item("dddddd01");
    const y = item("dddddd02");
    await saveSnapshot(store, reportOf([x, y]), { project: "plan", identity: at(1) });
    const id = await project("plan");
    await updateItem(
      store,
      id,
      x.id,
      { state: "planned", owner: "grace", note: "sprint 12", due: "2025-04-30", by: "lin" },
      "2025-01-15T09:00:00.000Z",
    );
    await saveSnapshot(store, reportOf([x, y]), { project: "plan", identity: at(2) });
    let row = (await listItems(store, id)).find((i) => i.id === x.id)!;
    expect(row).toMatchObject({
      state: "planned",
      owner: "grace",
      note: "sprint 12",
      dueDate: "2025-04-30",
    });
    await saveSnapshot(store, reportOf([y]), { project: "plan", identity: at(3) });
    row = (await listItems(store, id)).find((i) => i.id === x.id)!;
    expect(row.state).toBe("fixed");
    const changes = (await itemHistory(store, id, x.id)).stateChanges;
    expect(changes.map((c) => [c.from, c.to, c.by, c.why])).toEqual([
      ["open", "planned", "lin", "sprint 12"],
      ["planned", "fixed", "debtlens", "no longer found"],
    ]);
    await expect(updateItem(store, id, x.id, { state: "done", by: "lin" })).rejects.toThrow(
      /--state: expected one of open, accepted/,
    );
  });

  it("places an older commit saved late in time order without moving the lifecycle", async () => {
    const now = item("eeeeee01");
    const old = item("eeeeee02");
    await saveSnapshot(store, reportOf([now]), { project: "late", identity: at(5) });
    await saveSnapshot(store, reportOf([now, old]), { project: "late", identity: at(2) });
    const id = await project("late");
    const trend = await trendOf(store, id);
    expect(trend.map((p) => [p.commit, p.newItems, p.fixedItems])).toEqual([
      ["c2", 2, 0],
      ["c5", 0, 1],
    ]);
    const items = new Map((await listItems(store, id)).map((i) => [i.id, i]));
    expect(items.get(old.id)).toMatchObject({ state: "fixed", fixedIn: { commit: "c5" } });
    expect(items.get(now.id)).toMatchObject({ state: "open", firstSeen: { commit: "c2" } });
  });

  it("keeps each item's figures from its newest sighting, also when an older commit is saved late", async () => {
    const name = "figures";
    await saveSnapshot(
      store,
      reportOf([
        item("ffffff01", { priority: 3, interest: 10 }),
        item("ffffff02", { priority: 4 }),
      ]),
      { project: name, identity: at(2) },
    );
    await saveSnapshot(store, reportOf([item("ffffff01", { priority: 7, interest: 70 })]), {
      project: name,
      identity: at(3),
    });
    // an older commit, saved last: its figures for ffffff01 are not the newest
    await saveSnapshot(
      store,
      reportOf([item("ffffff01", { priority: 1 }), item("ffffff03", { priority: 9 })]),
      { project: name, identity: at(1) },
    );
    const rows = await listItems(store, await project(name));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get("ffffff01")).toMatchObject({ priority: 7, interest: 70, state: "open" });
    expect(byId.get("ffffff02")).toMatchObject({ priority: 4, state: "fixed" });
    expect(byId.get("ffffff03")).toMatchObject({ priority: 9, state: "fixed" });
    expect(rows.map((r) => r.id)).toEqual(["ffffff03", "ffffff01", "ffffff02"]);
  });

  it("a store made before items kept their figures gets them when it is opened", async () => {
    const location = await backend.create();
    const old = await openStore(location);
    await saveSnapshot(old, reportOf([item("eeeeee01", { priority: 6, interest: 42 })]), {
      project: "older",
      identity: at(1),
    });
    // as a store of the previous version left it: no figures on the items, no migration 0200
    await sql`update items set class = null, priority = null, principal = null, interest = null`.execute(
      old.db,
    );
    // every later migration undone too, or the migrator would refuse a gap in its history
    await sql`delete from kysely_migration where name >= '0200'`.execute(old.db);
    await sql`drop index items_by_priority`.execute(old.db);
    for (const column of ["class", "priority", "principal", "interest"])
      await sql`alter table items drop column ${sql.raw(column)}`.execute(old.db);
    for (const table of ["plan_decisions", "plan_items", "plans"])
      await sql`drop table ${sql.raw(table)}`.execute(old.db);
    await sql`alter table organisations drop column approval_limits`.execute(old.db);
    await old.close();

    const reopened = await openStore(location);
    try {
      const [row] = await listItems(reopened, (await resolveProject(reopened, "older")).id);
      expect(row).toMatchObject({ id: "eeeeee01", priority: 6, interest: 42 });
    } finally {
      await reopened.close();
    }
  });

  it("renames the priority classes of a store written before report v2 when it is opened", async () => {
    const location = await backend.create();
    const old = await openStore(location);
    await saveSnapshot(old, reportOf([item("dddddd01", { cls: "fix-now", priority: 9 })]), {
      project: "classes",
      identity: at(1),
    });
    // as a store of the previous version left it: the old names, no migration 0400
    await sql`update observations set class = 'critical'`.execute(old.db);
    await sql`update items set class = 'critical'`.execute(old.db);
    await sql`update snapshots set by_class = '{"critical":1,"high":0,"medium":0,"low":0}'::jsonb`.execute(
      old.db,
    );
    await sql`delete from kysely_migration where name = '0400-priority-class-names'`.execute(
      old.db,
    );
    await old.close();

    const reopened = await openStore(location);
    try {
      const id = (await resolveProject(reopened, "classes")).id;
      const rows = await listItems(reopened, id, { class: ["fix-now"] });
      expect(rows.map((r) => [r.id, r.class])).toEqual([["dddddd01", "fix-now"]]);
      const [point] = await trendOf(reopened, id);
      expect(point!.byClass).toEqual({ "fix-now": 1, next: 0, later: 0, backlog: 0 });
    } finally {
      await reopened.close();
    }
  });

  it("gives back each stored report as it was saved", async () => {
    const report = reportOf([item("ffffff01"), item("ffffff02")], {
      notes: [{ code: "kept", data: { n: 1 }, text: "kept" }],
    });
    const saved = await saveSnapshot(store, report, { project: "round", identity: at(1) });
    const back = await storedReport(store, await project("round"), saved.snapshotId);
    expect(back?.report).toEqual(report);
  });

  it("reads back a snapshot stored as debtlens.report/v1, upgraded to v2", async () => {
    const saved = await saveSnapshot(store, reportOf([item("f1f1f1f1")]), {
      project: "old",
      identity: at(1),
    });
    // The snapshot's bytes as a debtlens before v2 wrote them.
    const v1 = readFileSync(join(import.meta.dirname, "../report/testdata/report-v1.json"));
    await sql`update snapshots set report_gz = decode(${gzipSync(v1).toString("base64")}, 'base64') where id = ${saved.snapshotId}`.execute(
      store.db,
    );
    const back = await storedReport(store, await project("old"), saved.snapshotId);
    const old = JSON.parse(v1.toString("utf8")) as { items: { id: string }[]; generatedAt: string };
    expect(back?.report.schema).toBe("debtlens.report/v2");
    expect(back?.report.run.generatedAt).toBe(old.generatedAt);
    expect(back?.report.items.map((i) => i.id)).toEqual(old.items.map((i) => i.id));
  });

  it("reads the project's name and commit from the report's repository field", async () => {
    const report = {
      ...reportOf([item("a1a1a1a1")]),
      repository: {
        remote: "git@github.com:Acme/Shop.git",
        commit: "abc123",
        commitDate: "2025-03-04T05:06:07+02:00",
      },
    };
    const saved = await saveSnapshot(store, report);
    expect(saved.project).toBe("github.com/Acme/Shop");
    const [snapshot] = await listSnapshots(store, await project("github.com/Acme/Shop"));
    expect(snapshot).toMatchObject({ commit: "abc123", commitDate: "2025-03-04T03:06:07.000Z" });
  });

  it("refuses a report of another schema version", async () => {
    const report = { ...reportOf([]), schema: "debtlens.report/v9" } as unknown as AuditReport;
    await expect(saveSnapshot(store, report, { project: "v9" })).rejects.toMatchObject({
      code: "store.report-schema",
    });
    await expect(resolveProject(store, "v9")).rejects.toBeInstanceOf(InputError);
  });

  it("refuses a store whose schema is newer, and leaves it untouched", async () => {
    const location = await backend.create();
    const first = await openStore(location);
    await sql`insert into kysely_migration (name, timestamp) values ('9999-from-the-future', 'x')`.execute(
      first.db,
    );
    await first.close();
    await expect(openStore(location)).rejects.toMatchObject({
      code: "store.newer-schema",
      message: expect.stringMatching(
        /newer than this debtlens knows \(migration 9999-from-the-future\)/,
      ),
    });
  }, 120_000);
});

describe("store locations that are not stores", () => {
  it("refuses a folder of something else and writes nothing in it", async () => {
    const folder = mkdtempSync(join(tmpdir(), "debtlens-not-a-store-"));
    try {
      writeFileSync(join(folder, "notes.txt"), "mine");
      await expect(openStore({ kind: "folder", path: folder })).rejects.toMatchObject({
        code: "store.not-a-store",
      });
      expect(readdirSync(folder)).toEqual(["notes.txt"]);
      mkdirSync(join(folder, "sub"));
      writeFileSync(join(folder, "sub", "debtlens-store.json"), "{ not json");
      await expect(openStore({ kind: "folder", path: join(folder, "sub") })).rejects.toMatchObject({
        code: "store.not-a-store",
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("names an unreachable PostgreSQL server in one line without its password", async () => {
    const error = await openStore({
      kind: "postgres",
      url: "postgres://me:secret@127.0.0.1:1/none",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe("store.unreachable");
    expect((error as Error).message).toMatch(
      /^postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/none: cannot connect/,
    );
    expect((error as Error).message).not.toContain("secret");
    expect((error as Error).message).not.toContain("\n");
  });
});
