import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { readReport, ReportFormatError } from "./read.ts";
import { REPORT_SCHEMA_ID, reportSchema } from "./schema.ts";

// A report written by debtlens before v2 (the app fixture's audit, with a repository identity).
const v1Text = readFileSync(join(import.meta.dirname, "testdata", "report-v1.json"), "utf8");
const v1 = () => JSON.parse(v1Text) as Record<string, unknown> & { items: { id: string }[] };

function refusal(json: unknown): string {
  try {
    readReport(json);
  } catch (error) {
    expect(error).toBeInstanceOf(ReportFormatError);
    expect((error as ReportFormatError).code).toBe("report.invalid");
    return (error as Error).message;
  }
  throw new Error("readReport accepted it");
}

describe("readReport", () => {
  it("reads a v1 report and upgrades it: run metadata into run, item status dropped", () => {
    const old = v1();
    const report = readReport(old);
    expect(report.schema).toBe(REPORT_SCHEMA_ID);
    expect(reportSchema.safeParse(report).success).toBe(true);
    const stats = old["stats"] as Record<string, unknown>;
    expect(report.run).toEqual({
      generatedAt: old["generatedAt"],
      durationMs: old["durationMs"],
      ...stats,
    });
    expect(report.run.phases).toEqual(stats["phases"]);
    expect(report.repository).toEqual(old["repository"]);
    expect(report).not.toHaveProperty("generatedAt");
    expect(report).not.toHaveProperty("stats");
    expect(report.items).toHaveLength(old.items.length);
    const renamed = { critical: "fix-now", high: "next", medium: "later", low: "backlog" };
    for (const [i, item] of report.items.entries()) {
      expect(item).not.toHaveProperty("status");
      const { status, scores, ...rest } = old.items[i] as unknown as Record<string, unknown> & {
        scores: { class: keyof typeof renamed };
      };
      expect(status).toBe("open");
      expect(item).toMatchObject(rest);
      // The priority classes take their v2 names; the scores are otherwise the same.
      expect(item.scores).toEqual({ ...scores, class: renamed[scores.class] });
    }
    const oldByClass = (old["summary"] as { byClass: Record<keyof typeof renamed, number> })
      .byClass;
    expect(report.summary.byClass).toEqual({
      "fix-now": oldByClass.critical,
      next: oldByClass.high,
      later: oldByClass.medium,
      backlog: oldByClass.low,
    });
    expect(new Set(report.items.map((i) => i.scores.class)).size).toBeGreaterThan(1);
    // Notes, plain strings in v1, keep their wording under the code "legacy".
    expect(report.notes).toEqual(
      (old["notes"] as string[]).map((text) => ({ code: "legacy", text })),
    );
    expect(report.notes.length).toBeGreaterThan(0);
    // Everything else is carried over as it was.
    for (const key of ["root", "tool", "scoring", "files", "graph", "skipped", "errors", "rules"])
      expect(report[key as keyof typeof report]).toEqual(old[key]);
  });

  it("round-trips a v2 report through JSON unchanged", () => {
    const report = syntheticReport(30);
    expect(readReport(JSON.parse(JSON.stringify(report)))).toEqual(report);
    const upgraded = readReport(v1());
    expect(readReport(JSON.parse(JSON.stringify(upgraded)))).toEqual(upgraded);
  });

  it("refuses anything else with a ReportFormatError naming the problem", () => {
    expect(refusal(null)).toBe("not a debtlens report: the document is null, not a JSON object");
    expect(refusal([1])).toMatch(/the document is an array/);
    expect(refusal("report")).toMatch(/the document is a string/);
    expect(refusal({ items: [] })).toBe(
      'not a debtlens report: it has no "schema" field (this debtlens reads debtlens.report/v2 or debtlens.report/v1)',
    );
    expect(refusal({ schema: "debtlens.report/v3" })).toBe(
      'not a report this debtlens reads: "schema" is "debtlens.report/v3" (it reads debtlens.report/v2 or debtlens.report/v1)',
    );
    // A hostile schema value reaches the message escaped and cut short.
    const hostile = refusal({ schema: `\u001b[2J${"x".repeat(500)}` });
    expect(hostile).not.toContain("\u001b");
    expect(hostile.length).toBeLessThan(200);
    expect(refusal({ ...syntheticReport(2), items: "no" })).toMatch(
      /^not a debtlens\.report\/v2 report \(items: .+\)$/,
    );
    const badV1 = v1();
    badV1.items[0]!.id = 7 as unknown as string;
    expect(refusal(badV1)).toMatch(/^not a debtlens\.report\/v1 report \(items\.0\.id: .+\)$/);
    // A v2 document in v1's shape (run metadata at the top) is not v2.
    expect(refusal({ ...v1(), schema: REPORT_SCHEMA_ID })).toMatch(/\(run: .+\)$/);
  });
});
