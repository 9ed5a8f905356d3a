import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type Io } from "../cli/main.ts";
import { ruleCatalogue } from "../rules/index.ts";
import { selectCommits, type HistoryCommit } from "./backfill.ts";

describe("selectCommits", () => {
  const history: HistoryCommit[] = [
    { commit: "e", date: "2025-05-20T00:00:00Z" },
    { commit: "d", date: "2025-05-02T00:00:00Z" },
    { commit: "c", date: "2025-03-10T00:00:00Z" },
    { commit: "b", date: "2025-02-01T00:00:00Z" },
    { commit: "a", date: "2024-01-01T00:00:00Z" },
  ];
  it("takes the newest commit at or before each monthly point, oldest first, each once", () => {
    // Points: 05-20 (e), 04-20 (c), 03-20 (c again), 02-20 (b), 01-20 (a); 12-20 is before --since.
    expect(selectCommits(history, { since: "5m", every: "1m" }).map((c) => c.commit)).toEqual([
      "a",
      "b",
      "c",
      "e",
    ]);
    expect(
      selectCommits(history, { since: "2025-03-01", every: "2w" }).map((c) => c.commit),
    ).toEqual(["c", "d", "e"]);
  });
  it("takes the newest N with --commits", () => {
    expect(selectCommits(history, { commits: 2 }).map((c) => c.commit)).toEqual(["d", "e"]);
  });
  it("refuses spans it cannot read", () => {
    expect(() => selectCommits(history, { since: "a year" })).toThrow(/--since: expected a span/);
    expect(() => selectCommits(history, { every: "0m" })).toThrow(/--every: expected a span/);
    expect(() => selectCommits(history, { commits: 0 })).toThrow(/--commits/);
  });
});

/**
 * A repository with a known history, audited with only quality/debt-marker on so that every
 * figure can be worked out by hand: a TODO is 15 minutes, a FIXME 30, at 90 an hour.
 */
describe("backfill, trend and item on a scripted repository", () => {
  let work: string;
  let repo: string;
  let store: string;
  let config: string;
  const io = () => {
    const captured = {
      out: "",
      err: "",
      stdout: (t: string) => void (captured.out += t),
      stderr: (t: string) => void (captured.err += t),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      columns: 120,
    };
    return captured satisfies Io;
  };
  const run = async (...args: string[]) => {
    const captured = io();
    const code = await main(["node", "debtlens", ...args], captured);
    return { code, stdout: captured.out, stderr: captured.err };
  };
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  const commit = (date: string, message: string) => {
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: "Ann",
      GIT_AUTHOR_EMAIL: "ann@example.com",
      GIT_COMMITTER_NAME: "Ann",
      GIT_COMMITTER_EMAIL: "ann@example.com",
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    };
    execFileSync("git", ["add", "-A"], { cwd: repo, env });
    execFileSync("git", ["commit", "-q", "-m", message], { cwd: repo, env });
  };

  const cacheBefore = process.env.DEBTLENS_CACHE_DIR;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "debtlens-backfill-"));
    // The audit cache in the temp folder too, never in the user's home.
    process.env.DEBTLENS_CACHE_DIR = join(work, "cache");
    repo = join(work, "shop");
    store = join(work, "store");
    config = join(work, "only-markers.json");
    mkdirSync(repo);
    const rules = Object.fromEntries(
      [...ruleCatalogue.ids()]
        .filter((id) => id !== "quality/debt-marker")
        .map((id) => [id, "off"]),
    );
    writeFileSync(config, JSON.stringify({ rules }));
    execFileSync("git", ["init", "-q", "-b", "main"], { cwd: repo });
    write("src/a.ts", "// TODO: one\nexport const a = 1;\n// FIXME: two\nexport const b = 2;\n");
    write("src/b.ts", "// TODO: three\nexport const c = 3;\n");
    commit("2025-01-15T12:00:00Z", "three markers");
    write("src/a.ts", "// TODO: one\nexport const a = 1;\nexport const b = 2;\n");
    commit("2025-02-15T12:00:00Z", "fix two");
    unlinkSync(join(repo, "src/b.ts"));
    write("src/lib/b.ts", "// TODO: three\nexport const c = 3;\n");
    commit("2025-03-15T12:00:00Z", "move b");
    write("src/a.ts", "// TODO: one\nexport const a = 1;\n// FIXME: two\nexport const b = 2;\n");
    commit("2025-04-15T12:00:00Z", "two is back");
  });
  afterAll(() => {
    if (cacheBefore === undefined) delete process.env.DEBTLENS_CACHE_DIR;
    else process.env.DEBTLENS_CACHE_DIR = cacheBefore;
    rmSync(work, { recursive: true, force: true });
  });

  it("gives exactly the expected snapshots, counts, money and states", async () => {
    const filled = await run("backfill", repo, "--store", store, "--config", config, "--offline");
    expect(filled.stderr).toMatch(/^backfilled 4 snapshot\(s\) of shop to /);
    expect(filled.code).toBe(0);

    const trend = JSON.parse((await run("trend", "--store", store, "--format", "json")).stdout);
    expect(
      trend.map((p: Record<string, unknown>) => [
        (p.date as string).slice(0, 10),
        p.items,
        p.principal,
        p.newItems,
        p.fixedItems,
      ]),
    ).toEqual([
      ["2025-01-15", 3, 90, 3, 0],
      ["2025-02-15", 2, 45, 0, 1],
      ["2025-03-15", 2, 45, 1, 1],
      ["2025-04-15", 3, 90, 1, 0],
    ]);
    expect(trend[0].byCategory.quality).toMatchObject({ items: 3, principal: 90 });

    const items = JSON.parse((await run("items", "--store", store, "--format", "json")).stdout);
    const byPlace = new Map(
      items.map((i: { path: string; message: string }) => [
        `${i.path} ${/TODO|FIXME/.exec(i.message)![0]}`,
        i,
      ]),
    );
    expect(byPlace.size).toBe(4);
    expect(byPlace.get("src/a.ts FIXME")).toMatchObject({
      state: "open",
      reopened: 1,
      fixedIn: null,
      principal: 45,
    });
    expect(byPlace.get("src/b.ts TODO")).toMatchObject({
      state: "fixed",
      fixedIn: { date: "2025-03-15T12:00:00.000Z" },
    });
    expect(byPlace.get("src/lib/b.ts TODO")).toMatchObject({
      state: "open",
      firstSeen: { date: "2025-03-15T12:00:00.000Z" },
    });
    expect(byPlace.get("src/a.ts TODO")).toMatchObject({ state: "open", reopened: 0 });

    const fixme = byPlace.get("src/a.ts FIXME") as { id: string };
    const history = JSON.parse(
      (await run("item", fixme.id, "--store", store, "--format", "json")).stdout,
    );
    expect(history.observations.map((o: { date: string }) => o.date.slice(0, 10))).toEqual([
      "2025-01-15",
      "2025-04-15",
    ]);
    expect(
      history.stateChanges.map((c: { at: string; from: string; to: string }) => [
        c.at.slice(0, 10),
        c.from,
        c.to,
      ]),
    ).toEqual([
      ["2025-02-15", "open", "fixed"],
      ["2025-04-15", "fixed", "open"],
    ]);

    // Run again: every commit is already stored, nothing is audited twice.
    const again = await run("backfill", repo, "--store", store, "--config", config, "--offline");
    expect(again.stderr).toMatch(/^backfilled 0 snapshot\(s\) of shop .*\(4 already stored\)/);
    // A new PGlite store initialises its database first (about 10 s; more on a busy machine).
  }, 300_000);
});
