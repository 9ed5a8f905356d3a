import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HistoryCollector, parseNumstat, readHistory, splitRename } from "./index.ts";
import { GitRepo, lines, unix } from "./test/git-repo.ts";

const ann = { name: "Ann", email: "ann@example.com" };
const bob = { name: "Bob", email: "Bob@Example.com" };
const options = { windowMonths: 12, maxChangesetSize: 30, readAll: true };

describe("numstat lines", () => {
  it("reads counts, binary files and plain paths", () => {
    expect(parseNumstat("3\t1\tsrc/a.ts")).toEqual({ added: 3, removed: 1, path: "src/a.ts" });
    expect(parseNumstat("-\t-\tlogo.png")).toEqual({
      added: null,
      removed: null,
      path: "logo.png",
    });
    expect(parseNumstat("commit message line")).toBeUndefined();
  });
  it("splits every rename form git writes", () => {
    expect(splitRename("old.ts => new.ts")).toEqual({ from: "old.ts", path: "new.ts" });
    expect(splitRename("src/{a.ts => b.ts}")).toEqual({ from: "src/a.ts", path: "src/b.ts" });
    expect(splitRename("{src => lib/core}/a.ts")).toEqual({
      from: "src/a.ts",
      path: "lib/core/a.ts",
    });
    expect(splitRename("src/{ => lib}/a.ts")).toEqual({ from: "src/a.ts", path: "src/lib/a.ts" });
    expect(splitRename("src/{lib => }/a.ts")).toEqual({ from: "src/lib/a.ts", path: "src/a.ts" });
    expect(splitRename('"tab\\there.ts"')).toEqual({ path: "tab\there.ts" });
    expect(splitRename('"caf\\303\\251.ts"')).toEqual({ path: "café.ts" });
  });
});

describe("the history pass on a scripted repository", () => {
  const repo = new GitRepo();
  beforeAll(() => {
    repo.commit(ann, "2023-01-10T10:00:00Z", {
      "src/a.ts": lines("a", 10),
      "src/b.ts": lines("b", 5),
    });
    repo.commit(bob, "2024-03-01T10:00:00Z", {
      "src/a.ts": lines("a", 9) + "export const changed = 1;\nexport const more = 2;\n",
    });
    // A move across folders: numstat writes `{src => lib/core}/a.ts`.
    repo.commit(ann, "2024-06-01T10:00:00Z", { "lib/core/a.ts": { from: "src/a.ts" } });
    repo.commit(bob, "2024-09-01T10:00:00Z", {
      "lib/core/a.ts":
        lines("a", 9) + "export const changed = 1;\nexport const more = 2;\n" + lines("x", 3),
      "src/b.ts": lines("b", 4) + "export const b5 = 55;\n",
    });
    // A rename in place: `lib/core/{a.ts => alpha.ts}`.
    repo.commit(ann, "2025-01-15T10:00:00Z", {
      "lib/core/alpha.ts": { from: "lib/core/a.ts" },
      "docs.md": "# docs\n",
    });
  });
  afterAll(() => repo.remove());

  it("follows moves and renames so the file keeps its whole past", async () => {
    const { history } = await readHistory(repo.dir, options);
    expect(history!.window).toEqual({
      since: unix("2024-01-15T10:00:00Z"),
      until: unix("2025-01-15T10:00:00Z"),
      source: "default",
    });
    expect(history!.commits).toEqual({ read: 5, inWindow: 4, ignoredForCoupling: 0 });
    expect(history!.files.get("lib/core/alpha.ts")).toEqual({
      path: "lib/core/alpha.ts",
      commits: 4,
      commitsAllTime: 5,
      added: 5,
      removed: 1,
      addedAllTime: 15,
      removedAllTime: 1,
      firstChange: unix("2023-01-10T10:00:00Z"),
      lastChange: unix("2025-01-15T10:00:00Z"),
      couplingRevisions: 4,
      authors: [
        { key: "ann@example.com", name: "Ann", added: 10, commits: 3, share: 0.6667 },
        { key: "bob@example.com", name: "Bob", added: 5, commits: 2, share: 0.3333 },
      ],
    });
    expect([...history!.files.keys()].sort()).toEqual(["docs.md", "lib/core/alpha.ts", "src/b.ts"]);
    expect(history!.files.get("src/b.ts")).toMatchObject({
      commits: 1,
      commitsAllTime: 2,
      added: 1,
      removed: 1,
      addedAllTime: 6,
      removedAllTime: 1,
    });
  });

  it("knows each author's last activity and counts co-changes in the window", async () => {
    const { history } = await readHistory(repo.dir, options);
    expect([...history!.authors.values()]).toEqual([
      // Active weeks count the window only: Ann's 2023 commit is outside it.
      {
        key: "ann@example.com",
        name: "Ann",
        commits: 3,
        lastActive: unix("2025-01-15T10:00:00Z"),
        activeWeeks: 2,
      },
      {
        key: "bob@example.com",
        name: "Bob",
        commits: 2,
        lastActive: unix("2024-09-01T10:00:00Z"),
        activeWeeks: 2,
      },
    ]);
    // Only one shared commit each: below the pairs' floor of two.
    expect(history!.pairs).toEqual([]);
  });

  it("takes a configured window start", async () => {
    const { history } = await readHistory(repo.dir, { ...options, since: "2024-08-01" });
    expect(history!.window).toEqual({
      since: unix("2024-08-01T00:00:00Z"),
      until: unix("2025-01-15T10:00:00Z"),
      source: "configured",
    });
    expect(history!.files.get("lib/core/alpha.ts")).toMatchObject({
      commits: 2,
      commitsAllTime: 5,
      added: 3,
      removed: 0,
    });
  });

  it("reads only the window when readAll is off", async () => {
    const { history } = await readHistory(repo.dir, { ...options, readAll: false });
    expect(history!.commits.read).toBe(4);
    expect(history!.files.get("lib/core/alpha.ts")).toMatchObject({
      commits: 4,
      commitsAllTime: 4,
      addedAllTime: 5,
      firstChange: unix("2024-03-01T10:00:00Z"),
    });
  });

  it("keeps only the files asked for, under their current names", async () => {
    const { history } = await readHistory(repo.dir, {
      ...options,
      keep: (p) => p === "lib/core/alpha.ts",
    });
    expect([...history!.files.keys()]).toEqual(["lib/core/alpha.ts"]);
    expect(history!.files.get("lib/core/alpha.ts")!.commitsAllTime).toBe(5);
  });

  it("gives paths relative to a sub-folder that is audited", async () => {
    const { history } = await readHistory(join(repo.dir, "lib"), options);
    expect([...history!.files.keys()]).toEqual(["core/alpha.ts"]);
    expect(history!.files.get("core/alpha.ts")!.commitsAllTime).toBe(3);
  });
});

describe("co-changes", () => {
  it("counts pairs of files changed together and leaves huge commits out", () => {
    const collector = new HistoryCollector({ windowMonths: 12, maxChangesetSize: 3 });
    const header = (t: number) => `\x1eabc\x1f${t}\x1f${t}\x1fAnn\x1fann@example.com`;
    for (const [t, files] of [
      [1000, ["a", "b"]],
      [900, ["a", "b", "c"]],
      [800, ["a", "b", "c", "d"]],
      [700, ["b", "c"]],
    ] as const) {
      collector.line(header(t));
      collector.line("");
      for (const f of files) collector.line(`1\t0\t${f}`);
    }
    const history = collector.finish();
    expect(history.commits.ignoredForCoupling).toBe(1);
    expect(history.pairs).toEqual([
      { a: "a", b: "b", shared: 2 },
      { a: "b", b: "c", shared: 2 },
    ]);
    expect(history.files.get("b")!.couplingRevisions).toBe(3);
    expect(history.files.get("b")!.commits).toBe(4);
  });
});

describe("without usable history", () => {
  it("says so for a folder outside git", async () => {
    const dir = mkdtempSync(join(tmpdir(), "debtlens-nogit-"));
    try {
      const result = await readHistory(dir, { ...options, git: "git" });
      expect(result.history).toBeUndefined();
      expect(result.note).toMatch(/^No git history \(not a git repository/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says so for a repository without commits", async () => {
    const repo = new GitRepo();
    try {
      const result = await readHistory(repo.dir, options);
      expect(result).toEqual({
        history: undefined,
        note: "The repository has no commits yet: interest uses scoring.defaultChangesPerYear.",
      });
    } finally {
      repo.remove();
    }
  });

  it("rejects a window start that is not a date", async () => {
    await expect(readHistory(tmpdir(), { ...options, since: "last tuesday" })).rejects.toThrow(
      /history.since: expected a date/,
    );
  });
});

describe("clones that hold part of the history", () => {
  const repo = new GitRepo();
  const clones: string[] = [];
  const cloneOf = (...flags: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), "debtlens-clone-"));
    clones.push(dir);
    execFileSync("git", ["clone", "-q", ...flags, `file://${repo.dir}`, dir], {
      stdio: "ignore",
    });
    return dir;
  };
  beforeAll(() => {
    // The server side of a --filter clone must allow filters.
    repo.git([], "config", "uploadpack.allowFilter", "true");
    repo.commit(ann, "2024-01-01T00:00:00Z", {
      "src/a.ts": lines("a", 20),
      "src/b.ts": lines("b", 20),
    });
    repo.commit(bob, "2024-02-01T00:00:00Z", { "src/c.ts": { from: "src/b.ts" } });
    for (const [i, month] of ["03", "04", "05", "06", "07", "08"].entries())
      repo.commit(i % 2 ? ann : bob, `2024-${month}-01T00:00:00Z`, {
        "src/a.ts": lines("a", 20) + lines("n", i + 1),
        "src/c.ts": lines("b", 20) + lines("m", i + 1),
      });
  });
  afterAll(() => {
    repo.remove();
    for (const dir of clones) rmSync(dir, { recursive: true, force: true });
  });

  it("reads a full clone whole, without a note", async () => {
    const result = await readHistory(cloneOf(), options);
    expect(result.note).toBeUndefined();
    expect(result.history!.completeness).toEqual({ lineCounts: true });
    expect(result.history!.files.get("src/c.ts")).toMatchObject({
      commitsAllTime: 8,
      addedAllTime: 26,
    });
  });

  it("reads a shallow clone up to its boundary and says how to fetch the rest", async () => {
    const result = await readHistory(cloneOf("--depth", "5"), options);
    const history = result.history!;
    // Five commits, the oldest (2024-04-01) the boundary: its files are a snapshot, not changes.
    expect(history.commits.read).toBe(5);
    expect(history.completeness).toEqual({
      shallowSince: unix("2024-04-01T00:00:00Z"),
      lineCounts: true,
    });
    expect(history.window.since).toBe(unix("2024-04-01T00:00:00Z"));
    expect(history.files.get("src/a.ts")).toMatchObject({
      commits: 4,
      commitsAllTime: 4,
      firstChange: unix("2024-05-01T00:00:00Z"),
    });
    expect(result.note).toMatch(
      /^Shallow clone: git holds the history from 2024-04-01 only \(4 commits/,
    );
    expect(result.note).toMatch(/git fetch --unshallow.*fetch-depth: 0/);
  });

  it("reads a blobless partial clone by file names, without fetching, and says so", async () => {
    const result = await readHistory(cloneOf("--filter=blob:none", "--no-checkout"), options);
    const history = result.history!;
    expect(history.commits.read).toBe(8);
    expect(history.completeness).toEqual({ lineCounts: false });
    // No rename detection: src/c.ts starts at its rename; no line counts, authorship by commits.
    expect(history.files.get("src/c.ts")).toMatchObject({ commitsAllTime: 7, addedAllTime: 0 });
    expect(history.files.get("src/a.ts")!.authors.map((a) => [a.name, a.commits, a.share])).toEqual(
      [
        ["Ann", 4, 0.5714],
        ["Bob", 3, 0.4286],
      ],
    );
    expect(result.note).toMatch(/file names only \(`--name-status`, no rename detection\)/);
    expect(result.note).toMatch(/fetch-depth: 0` and no `filter`/);
  });

  it("falls back to file names when objects are missing from a clone that is not partial", async () => {
    const dir = cloneOf("--no-local");
    // Remove one past blob from the object store, as an incomplete mirror lacks it.
    const blob = execFileSync("git", ["rev-parse", "HEAD~3:src/a.ts"], {
      cwd: dir,
      encoding: "utf8",
    }).trim();
    execFileSync("git", ["repack", "-a", "-d", "-q"], { cwd: dir });
    const kept = execFileSync("git", ["rev-list", "--objects", "--all"], {
      cwd: dir,
      encoding: "utf8",
    })
      .split("\n")
      .map((l) => l.split(" ")[0]!)
      .filter((id) => id && id !== blob)
      .join("\n");
    const pack = join(dir, ".git/objects/pack");
    const old = readdirSync(pack);
    execFileSync("git", ["pack-objects", "-q", join(pack, "only")], {
      cwd: dir,
      input: `${kept}\n`,
    });
    for (const name of old) rmSync(join(pack, name));
    expect(() =>
      execFileSync("git", ["cat-file", "-e", blob], { cwd: dir, stdio: "ignore" }),
    ).toThrow();
    const result = await readHistory(dir, options);
    expect(result.history!.completeness).toEqual({ lineCounts: false });
    expect(result.history!.commits.read).toBe(8);
    expect(result.note).toMatch(/file names only/);
  });
});
