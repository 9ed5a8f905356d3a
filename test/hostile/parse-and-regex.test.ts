// Issue 17, items 5 and 6: no file can crash or hang the audit. Each case is a small repository
// with the hostile files beside a normal one, audited for real: the audit must finish with a
// report, count the hostile files, and still analyse the normal one.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseSync } from "oxc-parser";
import { afterAll, describe, expect, it } from "vitest";
import { discoverFiles, globProblem } from "../../src/discovery/index.ts";
import { SECRET_FORMATS, scanText } from "../../src/secrets/index.ts";
import { SCAN_PATTERNS } from "../../src/secrets/scan.ts";
import { cleanUp, cli, repository, scratch, write } from "./helpers.ts";

const ROOT = resolve(import.meta.dirname, "../..");

afterAll(cleanUp);

interface Skipped {
  path: string;
  reason: string;
  detail?: string;
}

const NORMAL_FILE = [
  "export function pick(flag) {",
  "  if (flag) return 1;",
  "  return 2;",
  "}",
  "",
].join("\n");

/**
 * Files that crashed the process inside the native parser (SIGSEGV, exit 139, no report) or
 * threw a RangeError while the AST was read back: nesting one unit per line, so that the files
 * are not skipped as minified before the parser sees them.
 */
const DEEP_FILES: Record<string, string> = {
  "parentheses.js": "x = " + "(\n".repeat(20_000) + "a" + ")".repeat(20_000) + ";\n",
  "arrays.js": "x = " + "[\n".repeat(20_000) + "]".repeat(20_000) + ";\n",
  "blocks.js": "{\n".repeat(20_000) + "}".repeat(20_000) + "\n",
  "objects.js": "x = " + "{ a:\n".repeat(8_000) + "1" + "}".repeat(8_000) + ";\n",
  "templates.js": "x = " + "`${\n".repeat(10_000) + "a" + "}`".repeat(10_000) + ";\n",
  "ternaries.js": "x = " + "a ? b :\n".repeat(5_000) + "c;\n",
  "arrows.js": "x = " + "a =>\n".repeat(8_000) + "a;\n",
  "functions.ts": "function f() {\n".repeat(4_000) + "}".repeat(4_000) + "\n",
  "component.jsx": "x = " + "<a>\n".repeat(4_000) + "</a>".repeat(4_000) + ";\n",
  // Generated code is parsed for the module graph even though it is skipped as debt, and a
  // marker at its top exempts a single long line from the minified check.
  "generated.js": "// @generated\nx = " + "(".repeat(40_000) + "a" + ")".repeat(40_000) + ";\n",
  // Left-to-right chains: the parser reads them in a loop, but reading back and walking the AST
  // recursed once per link.
  "plus-chain.js": "x = a" + "\n + a".repeat(10_000) + ";\n",
  "member-chain.js": "x = a" + "\n.b()".repeat(150_000) + ";\n",
};

describe("a file nested too deeply for the parser", () => {
  it("is skipped as too-deep, with a count, and the audit goes on", async () => {
    const dir = scratch("deep");
    write(dir, "src/normal.js", NORMAL_FILE);
    for (const [path, text] of Object.entries(DEEP_FILES)) write(dir, `src/${path}`, text);

    const result = await cli(
      "audit",
      dir,
      "--format",
      "json",
      "--no-cache",
      "--offline",
      "--no-history",
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const tooDeep = (report.skipped.files as Skipped[]).filter((s) => s.reason === "too-deep");
    expect(tooDeep.map((s) => s.path).sort()).toEqual(
      Object.keys(DEEP_FILES)
        .map((p) => `src/${p}`)
        .sort(),
    );
    expect(report.skipped.counts["too-deep"]).toBe(Object.keys(DEEP_FILES).length);
    // The detail says where, and never echoes the file.
    for (const skip of tooDeep)
      expect(skip.detail).toMatch(/^nested more than \d+ levels deep by line \d+: not parsed$/);
    expect(report.errors).toEqual([]);
    // The normal file beside them is analysed as usual.
    const normal = report.files.find((f: { path: string }) => f.path === "src/normal.js");
    expect(normal.functions.map((f: { name: string }) => f.name)).toEqual(["pick"]);
  }, 60_000);

  it("a file below the limit is parsed and analysed, not skipped", async () => {
    const dir = scratch("shallow");
    // 60 levels of each: deeper than hand-written code goes, far below the limit.
    const shallow =
      "export const x = " +
      "(\n".repeat(60) +
      "[\n".repeat(60) +
      "a" +
      "]".repeat(60) +
      ")".repeat(60) +
      ";\n";
    write(dir, "src/shallow.js", shallow);
    write(dir, "src/normal.js", NORMAL_FILE);
    const result = await cli(
      "audit",
      dir,
      "--format",
      "json",
      "--no-cache",
      "--offline",
      "--no-history",
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.skipped.counts["too-deep"]).toBeUndefined();
    expect(report.files.map((f: { path: string }) => f.path)).toContain("src/shallow.js");
  }, 60_000);
});

/** Every regular expression literal in `folders` (tests and fixtures left out), read with oxc. */
function regexLiterals(folders: string[]): Array<{ where: string; re: RegExp }> {
  const found: Array<{ where: string; re: RegExp }> = [];
  const visit = (node: unknown, where: string): void => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child, where);
      return;
    }
    const literal = node as { type?: string; regex?: { pattern: string; flags: string } };
    if (literal.type === "Literal" && literal.regex)
      found.push({ where, re: new RegExp(literal.regex.pattern, literal.regex.flags) });
    for (const value of Object.values(node)) visit(value, where);
  };
  for (const folder of folders) {
    for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath, entry.name);
      if (!entry.isFile() || !path.endsWith(".ts") || /\.test\.ts$|\/fixtures\//.test(path))
        continue;
      const { program } = parseSync(path, readFileSync(path, "utf8"));
      visit(program, relative(ROOT, path));
    }
  }
  return found;
}

const SIZE = 100_000;
const fill = (unit: string, size = SIZE) =>
  unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** Literal runs of a pattern's source (its keywords and prefixes), at most three. */
function literalRuns(source: string): string[] {
  const plain = source
    .replace(/\\([^a-zA-Z0-9])/g, "$1")
    .replace(/\\[a-zA-Z]|\[[^\]]*\]|\{\d*,?\d*\}|[()|?*+^$]/g, "\u0000");
  return [...new Set(plain.split("\u0000").filter((run) => run.length >= 2))].slice(0, 3);
}

/**
 * Inputs that make a backtracking pattern slow: long runs of what it looks for, the almost-
 * matching shape repeated, one 100 KB line, 34,000 PEM headers.
 */
function adversarialInputs(re: RegExp, size = SIZE): Array<[string, string]> {
  const inputs: Array<[string, string]> = [];
  for (const run of literalRuns(re.source)) {
    inputs.push([`"${run}" repeated`, fill(run, size)]);
    inputs.push([`"${run} " repeated`, fill(run + " ", size)]);
    inputs.push([`"${run}=" repeated`, fill(`${run}="a`, size)]);
  }
  inputs.push(
    ["tokentoken...", fill("token", size)],
    ['token = "a...', fill('token = "a', size)],
    ["34,000 PEM header lines", "-----BEGIN RSA PRIVATE KEY-----\n".repeat((34_000 * size) / SIZE)],
    ["a PEM header and base64 lines", "-----BEGIN PRIVATE KEY-----\n" + fill("QUFB\n", size)],
    ["one line of letters", fill("a", size)],
    ["one line of letters and digits", fill("aZ0", size)],
    ["spaces, then a letter", fill(" ", size) + "x"],
    ["dashes", fill("-", size)],
    ["escaped line breaks", fill("\\n", size)],
    ["user:password@ shapes", fill("://a:b@", size)],
    ["quotes", fill("'\"`", size)],
    ["dots and slashes", fill("a./", size)],
  );
  return inputs;
}

/**
 * Runs `re` over `text` as the code does, in milliseconds: a global pattern to its last match, any
 * other once (to its first match, or over the whole text when nothing matches).
 */
function timeAllMatches(re: RegExp, text: string): number {
  const copy = new RegExp(re.source, re.flags);
  const started = performance.now();
  if (!copy.global) copy.exec(text);
  else for (let m = copy.exec(text); m; m = copy.exec(text)) if (m[0] === "") copy.lastIndex++;
  return performance.now() - started;
}

/** The bound: a linear pattern takes a few milliseconds on 100 KB; a backtracking one, seconds. */
const BOUND_MS = 250;

/**
 * Patterns that only ever see a file's path (at most 4,096 bytes), never its text: timed on
 * inputs of that size.
 */
const PATH_ONLY = new Set(["src/rules/infrastructure/ci.ts /(^|\\/)(\\.?azure-pipelines?"]);
const PATH_SIZE = 4096;

describe("regular expressions run in linear time on hostile text", () => {
  const patterns = [
    ...regexLiterals([join(ROOT, "src/secrets"), join(ROOT, "src/rules")]),
    ...SECRET_FORMATS.map((f) => ({ where: `secret format ${f.id}`, re: f.pattern })),
    ...Object.entries(SCAN_PATTERNS).map(([name, re]) => ({ where: `scan.ts ${name}`, re })),
  ];

  it("finds the patterns to check", () => {
    // Secret formats, the scanner's own, and the rules': a broken collector would check nothing.
    expect(patterns.length).toBeGreaterThan(200);
    expect(patterns.filter((p) => p.where.startsWith("src/rules/")).length).toBeGreaterThan(100);
  });

  it(`every pattern finishes each adversarial input within ${BOUND_MS} ms per 100 KB`, () => {
    const slow: string[] = [];
    for (const { where, re } of patterns) {
      const pathOnly = [...PATH_ONLY].some((key) => `${where} /${re.source}`.startsWith(key));
      for (const [name, input] of adversarialInputs(re, pathOnly ? PATH_SIZE : SIZE)) {
        // The best of three, so that a busy machine's pause is not read as backtracking.
        let best = timeAllMatches(re, input);
        for (let i = 0; i < 2 && best > BOUND_MS / 5 && best < BOUND_MS * 4; i++)
          best = Math.min(best, timeAllMatches(re, input));
        if (best > BOUND_MS) slow.push(`${where} /${re.source}/ on ${name}: ${best.toFixed(0)} ms`);
      }
    }
    expect(slow).toEqual([]);
  }, 300_000);

  it("the issue's cases: 8 KB of tokentoken and 34,000 PEM header lines scan in milliseconds", () => {
    for (const [text, path] of [
      ["token".repeat(1_600), "notes.txt"],
      ["token".repeat(1_600), "config/.env"],
      ["-----BEGIN PRIVATE KEY-----\n".repeat(34_000), "key.txt"],
    ] as const) {
      const started = performance.now();
      expect(scanText(text, path)).toEqual([]);
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });
});

describe("globs that would take exponential time to match", () => {
  it("a catastrophic exclude glob in the repository's configuration is refused, naming the key", async () => {
    const dir = scratch("glob");
    write(dir, "src/normal.js", NORMAL_FILE);
    write(dir, "src/" + "a".repeat(200) + ".js", NORMAL_FILE);
    write(
      dir,
      "debtlens.config.json",
      JSON.stringify({ exclude: ["**/*.test.*", "*a*a*a*a*a*a*b"] }),
    );
    const started = performance.now();
    const result = await cli(
      "audit",
      dir,
      "--format",
      "json",
      "--no-cache",
      "--offline",
      "--no-history",
    );
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /debtlens\.config\.json.*exclude\.1: glob too complex to match safely/,
    );
    expect(result.stderr).not.toContain("*a*a*a"); // the file's content is not echoed
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  }, 30_000);

  it("hand-written globs pass the check", () => {
    for (const glob of [
      "**/*.test.*",
      "src/**/*-*.ts",
      "**/fixtures/**",
      "!(*.d).ts",
      "{a,b}/**/*.js",
    ])
      expect(globProblem(glob)).toBeUndefined();
    for (const glob of ["*a*a*b", "**/**/**/**/a", "+(a|b)+(c|d)", "*(a*(b))", "x".repeat(1001)])
      expect(globProblem(glob)).toBeDefined();
  });

  it("git's matching of a hostile .gitignore times out into the tracked files, with a note", () => {
    // `**` segments make git's wildmatch exponential in a deep tree: this one ran past 20 s.
    const deep = Array.from({ length: 40 }, () => "bb").join("/");
    const dir = repository({ "src/normal.js": NORMAL_FILE, [`${deep}/c.js`]: NORMAL_FILE });
    write(dir, ".gitignore", "**/**/**/**/**/**/**/**/**/**/**/a\n");
    write(dir, "untracked.js", NORMAL_FILE);
    const started = performance.now();
    const discovery = discoverFiles(dir, {
      maxFileSize: 1e6,
      include: [],
      exclude: [],
      gitTimeoutMs: 1_000,
    });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(discovery.source).toBe("git");
    expect(discovery.files.map((f) => f.path).sort()).toEqual([`${deep}/c.js`, "src/normal.js"]);
    expect(discovery.notes.map((n) => n.code)).toEqual(["discovery.tracked-only"]);
    expect(discovery.notes.map((n) => n.text).join("\n")).toMatch(
      /git ls-files took more than 1 s.*only tracked files/,
    );
  }, 30_000);

  it("a walk leaves out a .gitignore's too complex patterns and honours the others", () => {
    const dir = scratch("walk");
    write(dir, "src/normal.js", NORMAL_FILE);
    write(dir, "build/out.js", NORMAL_FILE);
    write(dir, "a".repeat(200) + ".js", NORMAL_FILE);
    write(dir, ".gitignore", "build/\n*a*a*a*a*a*a*b\n");
    const discovery = discoverFiles(dir, { maxFileSize: 1e6, include: [], exclude: [] });
    expect(discovery.source).toBe("walk");
    const paths = discovery.files.map((f) => f.path);
    expect(paths).toContain("src/normal.js");
    expect(paths).not.toContain("build/out.js");
    expect(discovery.notes).toEqual([
      {
        code: "discovery.ignore-patterns-dropped",
        data: { file: ".gitignore", patterns: 1 },
        text: ".gitignore: 1 pattern(s) too complex to match safely were ignored",
      },
    ]);
  });
});
