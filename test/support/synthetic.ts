import { CATEGORIES, SEVERITIES } from "../../src/findings/index.ts";
import { totalsOf } from "../../src/register/index.ts";
import { REPORT_SCHEMA_ID, type AuditReport, type ReportItem } from "../../src/report/schema.ts";

const CLASSES = ["fix-now", "next", "later", "backlog"] as const;

/**
 * A valid report with `count` items, for tests of size limits and rendering (no audit needed).
 * Messages carry the characters reporters must escape: pipes, angle brackets, quotes, commas,
 * line breaks and a leading "=".
 */
export function syntheticReport(count: number, overrides: Partial<AuditReport> = {}): AuditReport {
  const items: ReportItem[] = [];
  for (let i = 0; i < count; i += 1) {
    const category = CATEGORIES[i % CATEGORIES.length]!;
    const severity = SEVERITIES[i % SEVERITIES.length]!;
    const id = `f${i.toString(16).padStart(15, "0")}`;
    items.push({
      id,
      fingerprint: id,
      rule: `${category}/synthetic-rule`,
      category,
      severity,
      message:
        i % 7 === 0
          ? `=HYPERLINK("http://x") | <script>alert(1)</script>, "quoted"\nsecond line #${i}`
          : `Synthetic finding number ${i} with a message of ordinary length that explains what to do about it.`,
      path: `src/module-${i % 500}/file-${i}.ts`,
      startLine: (i % 300) + 1,
      endLine: (i % 300) + 20,
      symbol: `fn${i}`,
      evidence: { cyclomatic: 10 + (i % 30) },
      remediationMinutes: 30 + (i % 60),
      scores: {
        effort: 1 + (i % 10),
        risk: 1 + (i % 10),
        impact: 1 + (i % 10),
        priority: 9 - (i / count) * 8,
        class: CLASSES[i % 4]!,
      },
      money: {
        principal: 45 + (i % 100),
        interest: 20 + (i % 50),
        hours: 0.5,
        basis: {
          model: "change-cost",
          changesPerYear: 6,
          changesSource: "assumed",
          hoursPerChange: 2,
          health: 5,
          overhead: 0.8,
          share: 1,
        },
      },
    });
  }
  return {
    schema: REPORT_SCHEMA_ID,
    tool: { name: "debtlens", version: "0.0.0-test" },
    root: "synthetic",
    run: {
      generatedAt: "2026-01-01T00:00:00.000Z",
      durationMs: 1,
      discovery: "walk",
      filesRead: 500,
      cacheHits: 0,
      parsed: 500,
      workers: 0,
    },
    notes: [],
    scoring: {
      preset: "framework",
      currency: "USD",
      hourlyCost: 90,
      hoursPerChange: 2,
      defaultChangesPerYear: 6,
      minutesPerLine: 30,
      incidentCost: 20000,
    },
    // Totals as the register computes them, over 100,000 lines at 30 minutes a line.
    summary: { files: 500, ...totalsOf(items, 100_000, 30), duplicatedLines: 0 },
    items,
    files: [],
    skipped: { counts: {}, files: [] },
    errors: [],
    rules: CATEGORIES.map((c) => ({
      id: `${c}/synthetic-rule`,
      category: c,
      severity: "medium" as const,
      description: `A synthetic ${c} rule.`,
      docs: `docs/rules/${c}/synthetic-rule.md`,
      enabled: true,
    })),
    ...overrides,
  };
}
