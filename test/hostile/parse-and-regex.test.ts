// Issue 17, items 5 and 6: no file can crash or hang the audit. Each case is a small repository
// with the hostile files beside a normal one, audited for real: the audit must finish with a
// report, count the hostile files, and still analyse the normal one.
import { afterAll, describe, expect, it } from "vitest";
import { cleanUp, cli, scratch, write } from "./helpers.ts";

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
