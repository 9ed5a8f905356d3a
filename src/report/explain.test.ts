import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configSchema } from "../config/index.ts";
import type { Category, Finding, Severity } from "../findings/index.ts";
import { buildRegister } from "../register/index.ts";
import type { AuditReport } from "../report/index.ts";
import { explainItem, findItem } from "./index.ts";
import { GitRepo } from "../history/test/git-repo.ts";
import { auditScriptedRepository } from "../history/test/scripted.ts";

const repo = new GitRepo();
let report: AuditReport;
beforeAll(async () => {
  report = await auditScriptedRepository(repo);
});
afterAll(() => repo.remove());

const explainRule = (rule: string) =>
  explainItem(
    report,
    report.items.find((i) => i.rule === rule)!,
  );

function finding(
  rule: string,
  category: Category,
  severity: Severity,
  path: string | undefined,
  minutes: number,
): Finding {
  return {
    rule,
    category,
    severity,
    message: `${rule} fired`,
    evidence: {},
    remediationMinutes: minutes,
    fingerprint: `${category}0000000000`.slice(0, 16),
    ...(path ? { path, startLine: 3, endLine: 4 } : {}),
  };
}

/** Categories whose rules other issues build: findings go through the register, as the audit's do. */
function reportWith(findings: Finding[], scoring: Record<string, unknown> = {}): AuditReport {
  const config = configSchema.parse({ scoring });
  const register = buildRegister({
    findings,
    files: [{ path: "src/a.ts", linesOfCode: 100, language: "typescript" }],
    scoring: config.scoring,
    changesPerYear: new Map([["src/a.ts", 12]]),
    // One engineer whose 1,400 hours went 24 to src/a.ts (the rest to files without findings).
    team: { hours: 1400, files: new Map([["src/a.ts", 24]]) },
  });
  return {
    ...report,
    team: { source: "configured", engineers: 1, hoursPerYear: 1400, hours: 1400 },
    scoring: {
      ...report.scoring,
      hourlyCost: config.scoring.hourlyCost,
      incidentCost: config.scoring.incidentCost,
    },
    history: undefined,
    items: register.items,
  };
}

describe("debtlens explain", () => {
  it("shows every input of a quality item priced from git", () => {
    const text = explainRule("quality/complex-function");
    const id = report.items.find((i) => i.rule === "quality/complex-function")!.id;
    expect(text)
      .toBe(`${id}  quality/complex-function  quality / medium  src/api/handler.ts:1-15  route
  route has cyclomatic complexity 13 (max 10) and cognitive complexity 12 (max 15): it is hard to read and to test. Split it into smaller functions, use early returns and lookup tables instead of branch chains.
  evidence: cyclomatic=13, cognitive=12, lines=15

Principal (one-off cost of the fix)
  = remediation 60 min [rule quality/complex-function] / 60 x hourly cost 90 [config default (scoring.hourlyCost)]
  = 1 h x 90 = 90.00 USD
  range 60.30 USD - 135.00 USD  [the estimate at 0.67x-1.5x (McConnell's cone of uncertainty)]

Interest (a year): change-cost model, ADR 0009 (Tornhill and Borg 2022; bounded by the team's time)
  = the file's yearly hours x the part of them its code health wastes, overhead / (1 + overhead) x hourly cost x this item's share
  file hours        105  [git: the team's 210 hours a year (measured 0.15 engineers x 1400 h) x this file's share of the lines changed in the window]
  code health       6.5  [computed from the file's maintainability findings, 1 worst to 10 best]
  overhead          0.62  [1.24 x (9 - 6.5) / (9 - 4), linear between healthy and alert; config default (scoring.healthyThreshold), config default (scoring.alertThreshold), config default (scoring.alertOverhead)]
  wasted part       0.3827  [the measured hours include the slowdown: 0.62 / (1 + 0.62)]
  hourly cost       90  [config default (scoring.hourlyCost)]
  share             0.0769  [this item's 60 remediation minutes / 780 minutes of the file's 3 change-cost items]
  = 105 x 0.3827 x 90 x 60/780 = 278.21 USD a year
  range 137.62 USD - 420.33 USD  [hours at 0.8x-1.2x, overhead at 0.5x-1.5x]

Scores (1-10)
  Effort E = 3  [60 min on the log scale 15 min = 1, 30 min = 2, ... 2 weeks = 9, more = 10: up to 1 h]
  Risk R = 7  [severity medium 5; hotspot +1 (git: history/hotspot); knowledge silo +0 (git: no); untested +1 (quality/untested-module); at most 10]
  Impact I = 3.9  [1 + 2 x log10(1 + interest 278.21 / 10) = 3.92; felt by users (security, performance) +0; wide blast radius (fan-in >= 10) +0; within 1-10]
  Priority = 0.4 x I + 0.4 x R + 0.2 x (11 - E)  [preset balanced; weights config default (scoring.weights)]
           = 0.4 x 3.9 + 0.4 x 7 + 1.6 = 5.96: later (fix-now >= 8, next >= 6, later >= 5, else backlog)
`);
  });

  it("explains an architecture item (change coupling) with its git inputs", () => {
    const text = explainRule("history/change-coupling");
    expect(text).toContain(
      "history/change-coupling  architecture / medium  src/api/handler.ts:1-21",
    );
    expect(text).toContain(
      "evidence: coupledWith=src/db/store.ts, shared=5, revisionsA=6, revisionsB=5, degree=90.9, confidenceAB=83.3, confidenceBA=100",
    );
    // Two authors' 15 active weeks in the window: 210 hours a year, half of them on this file's lines.
    expect(text).toContain("  = 105 x 0.3827 x 90 x 240/780 = 1,112.82 USD a year");
  });

  it("explains a quality item without a path (knowledge silo) by expected loss", () => {
    const text = explainRule("history/knowledge-silo");
    expect(text).toContain(
      "  likelihood     0.1  [high: config default (scoring.incidentLikelihood.high); production code no request reaches: 0.1 x 1, at most 1]\n  = 20000 x 0.1 = 2,000.00 USD a year\n  range 666.67 USD - 6,000.00 USD  [the likelihood from a third to three times, at most 1]",
    );
    expect(text).toContain("  Risk R = 7  [severity high 7;");
  });

  it("explains a security item: expected loss, felt by users, configured constants named as such", () => {
    const r = reportWith([finding("security/injection", "security", "critical", "src/a.ts", 120)], {
      incidentCost: 50000,
    });
    const text = explainItem(r, r.items[0]!);
    expect(text).toContain("  incident cost  50000  [configuration (scoring.incidentCost)]");
    expect(text).toContain(
      "  likelihood     0.3  [critical: config default (scoring.incidentLikelihood.critical); production code no request reaches: 0.3 x 1, at most 1]\n  = 50000 x 0.3 = 15,000.00 USD a year",
    );
    expect(text).toContain(
      "Impact I = 8.4  [1 + 2 x log10(1 + interest 15000 / 10) = 7.35; felt by users (security, performance) +1; wide blast radius (fan-in >= 10) +0;",
    );
    expect(text).toContain(
      "Risk R = 9  [severity critical 9; hotspot +0 (no history); knowledge silo +0 (no history); untested +0 (no untested-module item); at most 10]",
    );
  });

  it("explains a performance item: change cost from git, felt by users", () => {
    const r = reportWith([
      finding("performance/query-in-loop", "performance", "high", "src/a.ts", 60),
    ]);
    const text = explainItem(r, r.items[0]!);
    expect(text).toContain("  code health       7.4  [");
    expect(text).toContain(
      "  overhead          0.3968  [1.24 x (9 - 7.4) / (9 - 4), linear between healthy and alert;",
    );
    expect(text).toContain(
      "  file hours        24  [git: the team's 1400 hours a year (team.size 1 engineers x 1400 h) x this file's share of the lines changed in the window]",
    );
    // 24 x 0.3968 / 1.3968 x 90 = 613.61
    expect(text).toContain("  = 24 x 0.2841 x 90 x 60/60 = 613.61 USD a year");
    expect(text).toContain("felt by users (security, performance) +1");
  });

  it("explains an infrastructure item without a path and a data item whose file git does not know", () => {
    const r = reportWith([
      finding("infrastructure/no-ci", "infrastructure", "high", undefined, 240),
      finding("data/unvalidated-input", "data", "medium", "src/b.ts", 30),
    ]);
    const infra = explainItem(
      r,
      r.items.find((i) => i.category === "infrastructure")!,
    );
    expect(infra).toContain("infrastructure/no-ci  infrastructure / high  (repository)");
    expect(infra).toContain("  = 20000 x 0.1 = 2,000.00 USD a year");
    const data = explainItem(
      r,
      r.items.find((i) => i.category === "data")!,
    );
    // With history, a file that did not change in the window took none of the team's hours.
    expect(data).toContain("  file hours        0  [git: the team's 1400 hours a year");
    expect(data).toContain(" = 0.00 USD a year");
    expect(data).toContain("  Principal".trimStart());
    expect(data).toContain(
      "  = remediation 30 min [rule data/unvalidated-input] / 60 x hourly cost 90 [config default (scoring.hourlyCost)]\n  = 0.5 h x 90 = 45.00 USD",
    );
  });

  it("finds items by id or unambiguous prefix", () => {
    const id = report.items[0]!.id;
    expect(findItem(report, id.slice(0, 8)).item?.id).toBe(id);
    expect(findItem(report, "zzzzzzzz").problem).toBe(
      'no item "zzzzzzzz" in the report (ids are the "id" column of the register)',
    );
  });
});
