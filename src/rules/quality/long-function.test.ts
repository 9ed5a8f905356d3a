import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { largeFile } from "./large-file.ts";
import { longFunction } from "./long-function.ts";

const statements = (n: number) =>
  Array.from({ length: n }, (_, i) => `  total += ${i};`).join("\n");

describe("quality/long-function", () => {
  it("fires on a function with 82 lines of code", () => {
    const source = `export function build() {\n  let total = 0;\n${statements(78)}\n  return total;\n}\n`;
    expect(runRule(longFunction, source)).toMatchObject([
      {
        rule: "quality/long-function",
        symbol: "build",
        startLine: 1,
        endLine: 82,
        evidence: { lines: 82 },
        severity: "low",
      },
    ]);
  });

  it("does not fire at exactly 80 lines of code", () => {
    const source = `function build() {\n  let total = 0;\n${statements(76)}\n  return total;\n}\n`;
    expect(runRule(longFunction, source)).toEqual([]);
  });

  it("does not count blank lines and comments (a near-miss that spans 120 lines)", () => {
    const padded = Array.from({ length: 40 }, (_, i) => `  total += ${i};\n\n  // step ${i}`).join(
      "\n",
    );
    const source = `function build() {\n  let total = 0;\n${padded}\n  return total;\n}\n`;
    expect(source.split("\n").length).toBeGreaterThan(120);
    expect(runRule(longFunction, source)).toEqual([]);
  });

  it("reports methods and arrows by name, with a configurable threshold", () => {
    const source = `class Job {\n  run() {\n${statements(5)}\n  }\n}\nconst step = () => {\n${statements(5)}\n};\n`;
    const findings = runRule(longFunction, source, { maxLines: 5 });
    expect(findings.map((f) => [f.symbol, f.startLine, f.evidence.lines])).toEqual([
      ["Job.run", 2, 7],
      ["step", 10, 7],
    ]);
  });
});

describe("quality/large-file", () => {
  const body = (n: number) =>
    Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join("\n");

  it("fires above 600 lines of code", () => {
    expect(runRule(largeFile, body(601))).toMatchObject([
      { rule: "quality/large-file", startLine: 1, evidence: { lines: 601 } },
    ]);
  });

  it("does not fire at 600, nor on a long file that is mostly comments", () => {
    expect(runRule(largeFile, body(600))).toEqual([]);
    expect(runRule(largeFile, `/**\n${" * doc\n".repeat(2000)} */\n${body(10)}`)).toEqual([]);
  });
});
