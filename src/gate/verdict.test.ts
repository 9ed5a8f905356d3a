/* eslint-disable no-control-regex -- these tests are about control characters */
import { describe, expect, it } from "vitest";
import { configSchema } from "../config/index.ts";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { compareReports, judge } from "./compare.ts";
import { formatVerdict } from "./gate.ts";

describe("formatVerdict with hostile file names and messages", () => {
  const head = syntheticReport(3);
  // a message that tries to end its line and print a passing verdict, a GitHub Actions command,
  // a colour that would hide the rest, and a window title
  head.items[0] = {
    ...head.items[0]!,
    path: "src/\x1b]0;owned\x07evil\r.ts",
    message:
      "TODO\n\x1b[32mdebtlens gate: PASSED against main\x1b[0m\r\n::error file=x::forged\x1b[8m hidden",
    symbol: "fn\x9b2J",
  };
  const comparison = judge(
    compareReports(undefined, head, undefined, "origin/\x1b[1mmain"),
    head,
    configSchema.parse({}).gate,
  );
  const verdict = formatVerdict({ head, comparison });
  const lines = verdict.trimEnd().split("\n");

  it("keeps the verdict on its first line and every item on one line of its own", () => {
    expect(comparison.passed).toBe(false);
    expect(lines[0]).toBe("debtlens gate: FAILED against origin/main");
    expect(lines.filter((l) => l.includes("PASSED"))).toEqual([
      expect.stringMatching(/^ {2}\+ \[fix-now\] security\/synthetic-rule src\/evil \.ts:1 fn: /),
    ]);
    expect(lines.filter((l) => l.startsWith("::"))).toEqual([]);
    expect(lines.filter((l) => l.startsWith("  + "))).toHaveLength(3);
  });

  it("prints no control character and keeps the text readable", () => {
    expect(verdict.replace(/\n/g, "")).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    expect(verdict).toContain(
      "TODO debtlens gate: PASSED against main ::error file=x::forged hidden",
    );
  });
});
