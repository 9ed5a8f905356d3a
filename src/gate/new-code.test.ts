import { describe, expect, it } from "vitest";
import { gateSchema } from "../config/schema.ts";
import type { AuditReport, ReportItem } from "../report/index.ts";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { compareReports, judge } from "./compare.ts";

const base = syntheticReport(4);

/** The base report plus one new item shaped by `item` (a low-class item unless said otherwise). */
function headWith(item: Partial<ReportItem>): AuditReport {
  const template = base.items[0]!;
  const added: ReportItem = {
    ...template,
    id: "new",
    fingerprint: "new",
    rule: "quality/long-function",
    severity: "medium",
    path: "src/orders.ts",
    startLine: 12,
    scores: { ...template.scores, class: "backlog" },
    ...item,
  };
  return { ...base, items: [...base.items, added] };
}

function verdict(
  head: AuditReport,
  changed: string[] | undefined,
  gate: Record<string, unknown> = {},
) {
  return judge(
    compareReports(base, head, undefined, "main"),
    head,
    gateSchema.parse(gate),
    changed ? new Set(changed) : undefined,
  );
}

describe("the new-code policy", () => {
  it("fails a change adding a medium item in a file it touches, whatever its class", () => {
    const c = verdict(headWith({}), ["src/orders.ts"]);
    expect(c.passed).toBe(false);
    expect(c.reasons).toEqual([
      "1 new item of severity medium or above in the files this change touches: quality/long-function at src/orders.ts:12 (medium) (gate.newCodeSeverity)",
    ]);
    // A low-class item: the class thresholds alone would have let it through.
    expect(verdict(headWith({}), ["src/orders.ts"], { newCodeSeverity: "off" }).passed).toBe(true);
  });

  it("near misses: a low item, or an item in a file the change did not touch", () => {
    expect(verdict(headWith({ severity: "low" }), ["src/orders.ts"]).passed).toBe(true);
    expect(verdict(headWith({}), ["src/other.ts"]).passed).toBe(true);
  });

  it("takes a higher floor from gate.newCodeSeverity", () => {
    expect(verdict(headWith({}), ["src/orders.ts"], { newCodeSeverity: "high" }).passed).toBe(true);
    const high = verdict(headWith({ severity: "critical" }), ["src/orders.ts"], {
      newCodeSeverity: "high",
    });
    expect(high.reasons[0]).toMatch(/^1 new item of severity high or above/);
  });
});

describe("history-derived items", () => {
  const hotspot = {
    rule: "history/hotspot",
    severity: "high" as const,
    path: "src/legacy.ts",
    scores: { ...base.items[0]!.scores, class: "next" as const },
  };

  it("never fail a change that did not touch their files, by any threshold", () => {
    const c = verdict(headWith(hotspot), ["src/orders.ts"], { maxNewPrincipal: 0 });
    expect(c.passed).toBe(true);
    expect(c.notTouched).toBe(1);
    // Nor with a baseline alone, where the changed files are unknown.
    expect(verdict(headWith(hotspot), undefined).passed).toBe(true);
    // A coupled pair lists both files: touching neither is not touching it.
    const coupling = {
      ...hotspot,
      rule: "history/change-coupling",
      places: [
        { path: "src/legacy.ts", startLine: 1, endLine: 9 },
        { path: "src/db.ts", startLine: 1, endLine: 9 },
      ],
    };
    expect(verdict(headWith(coupling), ["src/orders.ts"]).passed).toBe(true);
  });

  it("fail a change that touched one of their files", () => {
    const c = verdict(headWith(hotspot), ["src/legacy.ts"]);
    expect(c.passed).toBe(false);
    expect(c.reasons.join(" ")).toMatch(/gate\.maxNewItems\.high.*|gate\.newCodeSeverity/);
    const coupling = {
      ...hotspot,
      rule: "history/change-coupling",
      path: "src/legacy.ts",
      places: [
        { path: "src/legacy.ts", startLine: 1, endLine: 9 },
        { path: "src/db.ts", startLine: 1, endLine: 9 },
      ],
    };
    expect(verdict(headWith(coupling), ["src/db.ts"]).passed).toBe(false);
  });
});
