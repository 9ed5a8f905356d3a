import { describe, expect, it } from "vitest";
import { gateSchema } from "../config/schema.ts";
import { withCountedScopes, withScopes, type AuditReport } from "../report/index.ts";
import { syntheticReport } from "../../test/support/synthetic.ts";
import type { Scope } from "../scopes/index.ts";
import { compareReports, judge } from "./compare.ts";

/** Ten items, all in production; `extra` adds one more critical item at `path`. */
function report(extra?: string): AuditReport {
  const base = syntheticReport(10);
  const items = extra
    ? [
        ...base.items,
        // The synthetic report's first item is in the top priority class.
        { ...base.items[0]!, id: "new-item", fingerprint: "new-item", path: extra },
      ]
    : base.items;
  const scopeOf = (path: string): Scope => (path.startsWith("test/") ? "test" : "production");
  return withScopes({ ...base, items }, scopeOf, ["production"]);
}

describe("the gate counts what the headline counts", () => {
  // The default thresholds: no new item in the top classes.
  const gate = gateSchema.parse({});

  it("lets new debt in test code pass by default", () => {
    const head = report("test/new.test.ts");
    const comparison = judge(compareReports(report(), head, undefined, "main"), head, gate);
    expect(comparison.added).toEqual([]);
    expect(comparison.passed).toBe(true);
  });

  it("fails on the same debt in production code, or in test code with --scope production,test", () => {
    const head = report("src/new.ts");
    const production = judge(compareReports(report(), head, undefined, "main"), head, gate);
    expect(production.added.map((i) => i.id)).toEqual(["new-item"]);
    expect(production.passed).toBe(false);
    const wide = (r: AuditReport) => withCountedScopes(r, ["production", "test"]);
    const testHead = wide(report("test/new.test.ts"));
    const widened = judge(
      compareReports(wide(report()), testHead, undefined, "main"),
      testHead,
      gate,
    );
    expect(widened.added.map((i) => i.id)).toEqual(["new-item"]);
    expect(widened.passed).toBe(false);
  });
});
