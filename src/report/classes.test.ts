import { describe, expect, it } from "vitest";
import { scoringSchema } from "../config/index.ts";
import { PRIORITY_CLASS_LABELS, type Finding } from "../findings/index.ts";
import { buildRegister, priorityClass, totalsOf } from "../register/index.ts";
import { formatTable, readinessOf, type AuditReport } from "./index.ts";
import { syntheticReport } from "../../test/support/synthetic.ts";

const TOP = priorityClass(10);
const scoring = scoringSchema.parse({});
const finding = (overrides: Partial<Finding>): Finding => ({
  rule: "security/injection",
  category: "security",
  severity: "critical",
  message: "SQL built from a template literal reaches db.query",
  path: "src/routes/login.ts",
  startLine: 12,
  evidence: {},
  remediationMinutes: 60,
  fingerprint: `${overrides.path ?? "login"}-${overrides.rule ?? "injection"}`,
  ...overrides,
});

/** A report of the register's items under the default preset, rules enabled as in an audit. */
function reportOf(findings: Finding[], exposed: string[]): AuditReport {
  const register = buildRegister({
    findings,
    files: [{ path: "src/routes/login.ts", linesOfCode: 200, language: "ts" }],
    scoring,
    exposed: new Set(exposed),
  });
  const base = syntheticReport(0);
  return {
    ...base,
    scoring: { ...base.scoring, preset: scoring.preset },
    items: register.items,
    summary: { ...base.summary, ...totalsOf(register.items, 200, 30) },
    rules: [...new Set(findings.map((f) => f.rule))].map((id) => ({
      id,
      category: "security" as const,
      severity: "critical" as const,
      description: "",
      docs: "",
      enabled: true,
    })),
  };
}

describe("the headline, the scorecard and the table count the same top class", () => {
  it("counts a SQL injection in a login route as top class everywhere", () => {
    const report = reportOf(
      [
        finding({}),
        finding({ rule: "security/weak-crypto", severity: "medium", path: "src/util/hash.ts" }),
      ],
      ["src/routes/login.ts"],
    );
    const check = readinessOf(report).steps[0]!.checks.find(
      (c) => c.id === "no-critical-security",
    )!;
    const topSecurity = report.items.filter(
      (i) => i.category === "security" && i.scores.class === TOP,
    );
    expect(report.summary.byClass[TOP]).toBe(1);
    expect(topSecurity.map((i) => i.id)).toEqual(check.items);
    expect(check.status).toBe("fail");
    expect(formatTable(report, { color: false, top: 5, width: 120 })).toContain(
      `1 ${PRIORITY_CLASS_LABELS[TOP]}`,
    );
  });

  it("passes the check when no security item is in the top class, with the headline showing none", () => {
    const report = reportOf(
      [finding({ rule: "security/weak-crypto", severity: "medium", path: "src/util/hash.ts" })],
      [],
    );
    const check = readinessOf(report).steps[0]!.checks.find(
      (c) => c.id === "no-critical-security",
    )!;
    expect(report.summary.byClass[TOP]).toBe(0);
    expect(check.status).toBe("pass");
  });
});
