import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test/support/cli.ts";
import { sparkline } from "./store.ts";

const fixture = join(import.meta.dirname, "..", "audit", "fixtures", "shop");

const run = (args: string[]) => runCli(args);

describe("the store commands (in-process, a PGlite store in a temp folder)", () => {
  let work: string;
  let store: string;
  let shop: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "debtlens-store-cli-"));
    store = join(work, "store");
    shop = join(work, "shop");
    cpSync(fixture, shop, { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("audit --save stores a snapshot that trend, items and item read back", async () => {
    const saved = await run([
      "audit",
      shop,
      "--offline",
      "--save",
      "--store",
      store,
      "-o",
      join(work, "r.json"),
    ]);
    expect(saved.stderr).toMatch(/saved snapshot 1 of shop to .*: 12 new, 0 fixed, 0 reopened/);
    expect(saved.code).toBe(0);

    const trend = await run(["trend", "--store", store, "--format", "csv"]);
    expect(trend.code).toBe(0);
    const [header, row, end] = trend.stdout.split("\r\n");
    expect(header).toMatch(
      /^snapshot,commit,date,items,fix-now,next,later,backlog,security_items,/,
    );
    expect(row).toMatch(/^1,,\d{4}-\d\d-\d\dT[\d:.]+Z,12,/);
    expect(end).toBe("");

    const items = await run(["items", "--store", store, "--state", "open", "--format", "json"]);
    const rows = JSON.parse(items.stdout) as Array<{ id: string; rule: string; priority: number }>;
    expect(rows).toHaveLength(12);
    const priorities = rows.map((r) => r.priority);
    expect([...priorities].sort((a, b) => b - a)).toEqual(priorities);
    const complex = rows.find((r) => r.rule === "quality/complex-function")!;

    const decided = await run([
      "item",
      complex.id.slice(0, 8),
      "--store",
      store,
      "--state",
      "planned",
      "--owner",
      "grace",
      "--note",
      "split the pricing rules",
      "--by",
      "lin",
      "--format",
      "json",
    ]);
    expect(decided.code).toBe(0);
    const history = JSON.parse(decided.stdout);
    expect(history.item).toMatchObject({ id: complex.id, state: "planned", owner: "grace" });
    expect(history.stateChanges).toMatchObject([
      { from: "open", to: "planned", by: "lin", why: "split the pricing rules", source: "user" },
    ]);
    const planned = await run(["items", "--store", store, "--state", "planned", "--format", "csv"]);
    expect(planned.stdout.split("\r\n").filter(Boolean)).toHaveLength(2);

    const table = await run(["item", complex.id, "--store", store, "--format", "table"]);
    expect(table.stdout).toContain("state planned, owner grace");
    expect(table.stdout).toMatch(/open +planned +split the pricing rules/);
    // A new PGlite store initialises its database first (about 10 s; more on a busy machine).
  }, 300_000);

  it("explain answers from the latest stored snapshot, and audits again with --no-store", async () => {
    const items = JSON.parse((await run(["items", "--store", store, "--format", "json"])).stdout);
    const id = (items as Array<{ id: string }>)[0]!.id;
    const stored = await run(["explain", id, shop, "--store", store]);
    expect(stored.code).toBe(0);
    expect(stored.stderr).toMatch(
      /^from snapshot 1 of shop in the store \(audited \d{4}-\d\d-\d\d\); --no-store audits again\n$/,
    );
    const audited = await run([
      "explain",
      id,
      shop,
      "--store",
      store,
      "--no-store",
      "--no-history",
    ]);
    expect(audited.code).toBe(0);
    expect(audited.stderr).toBe("");
    // The same item, the same figures, whichever way it was found.
    expect(stored.stdout).toBe(audited.stdout);
  });

  it("says in one line, exit 2, what is wrong with a flag or an id", async () => {
    const badState = await run(["items", "--store", store, "--state", "done"]);
    expect(badState).toMatchObject({ code: 2 });
    expect(badState.stderr).toMatch(/^debtlens: --state: expected open, accepted, .*got "done"\n$/);
    const noItem = await run(["item", "ffffffffff", "--store", store]);
    expect(noItem.code).toBe(2);
    expect(noItem.stderr).toBe(
      "debtlens: ffffffffff: no item with this id in the project's register\n",
    );
    const noProject = await run(["trend", "--store", store, "--project", "other"]);
    expect(noProject.code).toBe(2);
    expect(noProject.stderr).toMatch(/^debtlens: --project other: the store has no such project/);
  });

  it("refuses a folder that is not a store, an unreachable server and a store inside the repository", async () => {
    const notStore = join(work, "photos");
    mkdirSync(notStore);
    writeFileSync(join(notStore, "cat.jpg"), "meow");
    const a = await run(["trend", "--store", notStore]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(
      /^debtlens: .*photos: not a debtlens store \(no valid debtlens-store\.json\)/,
    );
    const b = await run(["snapshots", "--store", "postgres://x:pw@127.0.0.1:1/db"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe(
      "debtlens: postgres://x:***@127.0.0.1:1/db: cannot connect to PostgreSQL (ECONNREFUSED)\n",
    );
    const c = await run(["audit", shop, "--save", "--store", join(shop, ".store")]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/the store may not be inside the audited repository/);
    // The store's process finds it out while the audit runs; the audit's own output still comes.
    const d = await run([
      "audit",
      shop,
      "--save",
      "--store",
      join(notStore, "cat.jpg"),
      "-f",
      "json",
    ]);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/^debtlens: .*cat\.jpg: not a folder, so not a debtlens store\n$/);
    expect(JSON.parse(d.stdout).items.length).toBeGreaterThan(0);
  });
});

describe("sparkline", () => {
  it("draws the lowest value lowest and the highest highest", () => {
    expect(sparkline([1, 5, 9])).toBe("▁▅█");
    expect(sparkline([3, 3])).toBe("▄▄");
    expect(sparkline([])).toBe("");
  });
});
