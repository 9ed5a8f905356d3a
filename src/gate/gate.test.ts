import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main, type Io } from "../cli/main.ts";
import { configSchema } from "../config/index.ts";
import { runGate } from "./gate.ts";

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sh(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.com",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.com",
    },
  }).trim();
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** A function far over the complexity thresholds (cyclomatic 21, deeply nested). */
function complexFunction(name: string): string {
  const branches = Array.from(
    { length: 20 },
    (_, i) =>
      `    if (input.k${i}) { for (const x of input.list) { if (x > ${i}) { total += x; } else { total -= 1; } } }`,
  ).join("\n");
  return `export function ${name}(input: { list: number[]; [key: string]: unknown }): number {\n  let total = 0;\n${branches}\n  return total;\n}\n`;
}

const SIMPLE = `export function add(a: number, b: number): number {\n  return a + b;\n}\n`;

function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "debtlens-gate-test-"));
  folders.push(root);
  sh(root, "init", "-q", "-b", "main");
  write(root, ".gitignore", ".debtlens/\n");
  write(
    root,
    "package.json",
    JSON.stringify({
      name: "app",
      scripts: { test: "vitest", lint: "eslint ." },
      devDependencies: { eslint: "9", prettier: "3" },
    }),
  );
  for (const [path, text] of Object.entries(files)) write(root, path, text);
  sh(root, "add", "-A");
  sh(root, "commit", "-qm", "base");
  return root;
}

function commitAll(root: string, message: string): void {
  sh(root, "add", "-A");
  sh(root, "commit", "-qm", message);
}

const config = configSchema.parse({ history: undefined } as never);

function capture(): Io & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    columns: 120,
  };
  return io;
}

describe("debtlens gate on a scripted repository", () => {
  it("fails a change that adds a complex function, naming the threshold", async () => {
    const root = repository({ "src/math.ts": SIMPLE });
    write(root, "src/score.ts", complexFunction("score"));
    commitAll(root, "add score");
    const io = capture();
    const code = await main(["node", "debtlens", "gate", root, "--base", "HEAD~1"], io);
    expect(io.err).toBe("");
    expect(code).toBe(1);
    expect(io.out).toMatch(
      /^debtlens gate: FAILED against HEAD~1\n {2}- 1 new (later|next|fix-now) item, more than the 0 allowed \(gate\.maxNewItems\.(later|next|fix-now)\)/,
    );
    expect(io.out).toMatch(/\+ \[\w+\] quality\/complex-function src\/score\.ts:1 score: /);
  });

  it("judges new code by the files the change touches: modified, staged or untracked", async () => {
    const root = repository({ "src/math.ts": SIMPLE, "src/other.ts": SIMPLE });
    write(root, "src/math.ts", `${SIMPLE}// edited\n`);
    write(root, "src/score.ts", complexFunction("score")); // untracked, not committed
    const result = await runGate({ root, config, base: "HEAD" });
    expect(result.comparison.changedFiles).toBe(2);
    expect(result.comparison.passed).toBe(false);
    expect(result.comparison.reasons.join("\n")).toMatch(
      /new items? of severity medium or above in the files this change touches: quality\/complex-function at src\/score\.ts:1 .*\(gate\.newCodeSeverity\)/,
    );
  });

  it("passes a change that removes one and reports it fixed", async () => {
    const root = repository({ "src/math.ts": SIMPLE, "src/score.ts": complexFunction("score") });
    rmSync(join(root, "src/score.ts"));
    commitAll(root, "remove score");
    const result = await runGate({ root, config, base: "HEAD~1" });
    expect(result.comparison.passed).toBe(true);
    expect(result.comparison.added).toEqual([]);
    expect(result.comparison.fixed.map((i) => `${i.rule} ${i.path} ${i.symbol}`)).toEqual([
      "quality/complex-function src/score.ts score",
    ]);
    const io = capture();
    expect(
      await main(
        ["node", "debtlens", "gate", root, "--base", "HEAD~1", "--format", "markdown"],
        io,
      ),
    ).toBe(0);
    expect(io.out).toMatch(/^### ✅ debtlens gate passed against `HEAD~1`/);
    expect(io.out).toContain("- fixes **1** items");
  });

  it("reports no new debt when a function moves to another file unchanged", async () => {
    const root = repository({ "src/math.ts": SIMPLE, "src/score.ts": complexFunction("score") });
    rmSync(join(root, "src/score.ts"));
    write(root, "src/scoring/score.ts", `// moved here\n\n${complexFunction("score")}`);
    commitAll(root, "move score");
    const result = await runGate({ root, config, base: "HEAD~1" });
    expect(result.comparison).toMatchObject({ passed: true, added: [], fixed: [], moved: 1 });
    // the fingerprint itself changed with the path: the move was matched by rule, symbol and message
    expect(result.base!.items.find((i) => i.symbol === "score")!.id).not.toBe(
      result.head.items.find((i) => i.symbol === "score")!.id,
    );
  });

  it("counts a moved function whose complexity changed as new, and its old self as fixed", async () => {
    const root = repository({ "src/score.ts": complexFunction("score") });
    rmSync(join(root, "src/score.ts"));
    write(
      root,
      "src/other.ts",
      complexFunction("score").replace(
        "let total = 0;",
        "let total = 0;\n  if (input.extra) total = 1;",
      ),
    );
    commitAll(root, "move and change");
    const result = await runGate({ root, config, base: "HEAD~1" });
    expect(result.comparison.added).toHaveLength(1);
    expect(result.comparison.fixed).toHaveLength(1);
    expect(result.comparison.passed).toBe(false);
  });

  it("exits 2 on an unknown base, and when there is neither a base nor a baseline", async () => {
    const root = repository({ "src/math.ts": SIMPLE });
    const io = capture();
    expect(await main(["node", "debtlens", "gate", root, "--base", "no-such-branch"], io)).toBe(2);
    expect(io.err).toContain("--base no-such-branch: no such commit");
    const io2 = capture();
    expect(await main(["node", "debtlens", "gate", root], io2)).toBe(2);
    expect(io2.err).toContain("nothing to compare with");
  });

  it("ratchets with a baseline: old debt passes, new debt fails, fixed baseline entries are stale", async () => {
    const root = repository({
      "src/score.ts": complexFunction("score"),
      "src/rank.ts": complexFunction("rank"),
    });
    const io = capture();
    expect(await main(["node", "debtlens", "baseline", root], io)).toBe(0);
    const baseline = JSON.parse(readFileSync(join(root, "debtlens.baseline.json"), "utf8"));
    // compact: eight characters an item, per rule
    expect(baseline.entries["quality/complex-function"]).toMatch(/^[\w-]{16}$/);
    expect((await runGate({ root, config })).comparison).toMatchObject({ passed: true, added: [] });
    rmSync(join(root, "src/rank.ts"));
    write(root, "src/weigh.ts", complexFunction("weigh"));
    const result = await runGate({ root, config });
    // weigh is new, and so is its clone pair with score (the score/rank pair is gone)
    const complex = (r: { rule: string }) => r.rule === "quality/complex-function";
    expect(result.comparison.added.filter(complex).map((i) => i.symbol)).toEqual(["weigh"]);
    // rank's entry matches nothing now
    expect(result.comparison.staleBaseline.filter(complex)).toHaveLength(1);
    expect(result.comparison.passed).toBe(false);
  });

  it("takes triaged items out of the totals in every format, brings expired decisions back and reports stale ones", async () => {
    const root = repository({
      "src/score.ts": complexFunction("score"),
      "src/rank.ts": complexFunction("rank"),
    });
    const jsonOf = async () => {
      const io = capture();
      expect(
        await main(["node", "debtlens", "audit", root, "--format", "json", "--no-cache"], io),
      ).toBe(0);
      return JSON.parse(io.out);
    };
    const before = await jsonOf();
    const score = before.items.find(
      (i: { symbol?: string; rule: string }) =>
        i.symbol === "score" && i.rule === "quality/complex-function",
    );
    const rank = before.items.find(
      (i: { symbol?: string; rule: string }) =>
        i.symbol === "rank" && i.rule === "quality/complex-function",
    );
    write(
      root,
      "debtlens.triage.json",
      JSON.stringify({
        schema: "debtlens.triage/v1",
        decisions: [
          {
            id: score.id,
            status: "wont_fix",
            reason: "generated scoring table, replaced next quarter",
            by: "cto@example.com",
          },
          {
            id: rank.id,
            status: "accepted",
            reason: "kept for the launch",
            by: "lead@example.com",
            until: "2000-01-01",
          },
          {
            id: "0000000000000000",
            status: "false_positive",
            reason: "old",
            by: "dev@example.com",
          },
        ],
      }),
    );
    const after = await jsonOf();
    expect(after.items.map((i: { id: string }) => i.id)).not.toContain(score.id);
    expect(after.items.map((i: { id: string }) => i.id)).toContain(rank.id);
    expect(after.summary.items).toBe(before.summary.items - 1);
    expect(after.summary.principal).toBeCloseTo(
      before.summary.principal - score.money.principal,
      1,
    );
    expect(after.triage).toMatchObject({
      items: [{ id: score.id, status: "wont_fix", by: "cto@example.com" }],
      expired: [{ id: rank.id, until: "2000-01-01" }],
      stale: [{ id: "0000000000000000" }],
    });
    for (const format of ["sarif", "csv", "markdown"]) {
      const io = capture();
      await main(["node", "debtlens", "audit", root, "--format", format, "--no-cache"], io);
      expect(io.out).not.toContain(score.id);
      expect(io.out).toContain(rank.id.slice(0, format === "markdown" ? 0 : 16));
    }
  });
});
