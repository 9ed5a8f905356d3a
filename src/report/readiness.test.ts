import { describe, expect, it } from "vitest";
import { readinessOf } from "./readiness.ts";
import type { AuditReport, ReportItem } from "./schema.ts";
import { syntheticReport } from "../../test/support/synthetic.ts";

const RULES = [
  "architecture/in-memory-state",
  "architecture/queue-without-dlq",
  "architecture/self-http-jobs",
  "architecture/multiple-datastores",
  "data/file-in-database",
  "infrastructure/no-structured-logging",
];

/** A report whose only items are the given findings, every rule above enabled. */
function reportWith(findings: Array<Pick<ReportItem, "rule" | "path" | "startLine">>): AuditReport {
  const template = syntheticReport(1).items[0]!;
  return syntheticReport(0, {
    items: findings.map((f, n) => ({ ...template, ...f, id: `i${n}`, fingerprint: `i${n}` })),
    rules: RULES.map((id) => ({
      id,
      category: "architecture" as const,
      severity: "medium" as const,
      description: "",
      docs: "",
      enabled: true,
    })),
  });
}

const check = (report: AuditReport, id: string) =>
  readinessOf(report)
    .steps.flatMap((s) => s.checks)
    .find((c) => c.id === id)!;

describe("the scale and observe checks judge what the code does", () => {
  it("fail on tokens kept in memory, files in the database, self-called jobs and console beside a logger, naming the places", () => {
    const report = reportWith([
      { rule: "architecture/in-memory-state", path: "src/auth/tokens.ts", startLine: 2 },
      { rule: "data/file-in-database", path: "src/documents/upload.ts", startLine: 3 },
      { rule: "architecture/self-http-jobs", path: "src/jobs/runner.ts", startLine: 3 },
      { rule: "infrastructure/no-structured-logging", path: "src/users.ts", startLine: 2 },
    ]);
    expect(check(report, "stateless")).toMatchObject({
      status: "fail",
      reason: "1 item from architecture/in-memory-state: src/auth/tokens.ts:2.",
    });
    expect(check(report, "one-datastore")).toMatchObject({
      status: "fail",
      reason: "1 item from data/file-in-database: src/documents/upload.ts:3.",
    });
    expect(check(report, "queues-dlq").status).toBe("fail");
    expect(check(report, "queues-dlq").reason).toContain("src/jobs/runner.ts:3");
    expect(check(report, "structured-logs").status).toBe("fail");
  });

  it("pass only when the rules that look at the code ran and found nothing, saying what they looked for", () => {
    const clean = reportWith([]);
    expect(check(clean, "queues-dlq")).toMatchObject({
      status: "pass",
      reason:
        "No items: found no queue consumer without retries or a dead-letter place, nor background job run by calling the app's own HTTP API with its failures dropped.",
    });
    expect(check(clean, "stateless").reason).toMatch(
      /issued tokens or sessions kept in a module-level object/,
    );
    // With the newer rule switched off, the pass says which rule did not run.
    const partial = reportWith([]);
    partial.rules = partial.rules.map((r) =>
      r.id === "data/file-in-database" ? { ...r, enabled: false } : r,
    );
    expect(check(partial, "one-datastore").reason).toMatch(
      /1 of 2 rules do not run yet: data\/file-in-database/,
    );
  });
});
