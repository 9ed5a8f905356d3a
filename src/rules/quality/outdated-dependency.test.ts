import { describe, expect, it } from "vitest";
import type { DependencyAssessment, OutdatedPackage } from "../../dependencies/index.ts";
import { analyzeRepository, type Rule } from "../../engine/index.ts";
import { activeRule } from "../../../test/support/rule-tester.ts";
import { outdatedDependency } from "./outdated-dependency.ts";

const pkg = (overrides: Partial<OutdatedPackage>): OutdatedPackage => ({
  name: "express",
  manifest: "package.json",
  scope: "production",
  installed: "4.18.2",
  latest: "5.1.0",
  majorsBehind: 1,
  libyear: 1.2,
  ...overrides,
});

/** Runs the rule's repository stage on an assessment as the audit pipeline would gather it. */
function run(outdated: OutdatedPackage[], options: Record<string, unknown> = {}) {
  const assessment: DependencyAssessment = {
    lockfiles: [],
    advisorySource: "none",
    registry: "online",
    vulnerable: [],
    outdated,
    libyear: outdated.reduce((sum, p) => sum + p.libyear, 0),
    notes: [],
  };
  const rule = outdatedDependency as unknown as Rule<unknown>;
  return analyzeRepository([], [], [activeRule(rule, options)], {
    external: { [rule.id]: assessment },
  }).findings;
}

describe("quality/outdated-dependency", () => {
  it("fires on a dependency a major version behind, at its manifest", () => {
    expect(run([pkg({})])).toMatchObject([
      {
        path: "package.json",
        startLine: 1,
        severity: "low",
        remediationMinutes: 60,
        evidence: { package: "express", majorsBehind: 1, libyear: 1.2 },
        message:
          "express 4.18.2 is 1 major version(s) and 1.2 libyears behind 5.1.0. Upgrade it while the gap is small.",
      },
    ]);
  });

  it("fires on a dependency years behind within the same major, and prices majors in hours", () => {
    expect(
      run([pkg({ name: "lodash", majorsBehind: 0, libyear: 3.5 })]).map((f) => f.evidence.package),
    ).toEqual(["lodash"]);
    expect(run([pkg({ majorsBehind: 3 })])[0]!.remediationMinutes).toBe(180);
  });

  it("fires on a deprecated package as medium, whatever its version", () => {
    const [finding] = run([
      pkg({
        name: "request",
        majorsBehind: 0,
        libyear: 0.1,
        deprecated: "request has been deprecated",
      }),
    ]);
    expect(finding).toMatchObject({
      severity: "medium",
      remediationMinutes: 240,
      evidence: { deprecated: true },
    });
  });

  it("does not fire below both thresholds (near-miss: a minor behind, under two libyears)", () => {
    expect(run([pkg({ majorsBehind: 0, libyear: 1.9 })])).toEqual([]);
  });

  it("leaves development dependencies out when told to, and follows the thresholds", () => {
    expect(run([pkg({ scope: "development" })], { development: false })).toEqual([]);
    expect(run([pkg({ majorsBehind: 1, libyear: 0.5 })], { majorsBehind: 2 })).toEqual([]);
  });

  it("reports nothing when the audit gathered no registry data (offline)", () => {
    const rule = outdatedDependency as unknown as Rule<unknown>;
    expect(analyzeRepository([], [], [activeRule(rule)], {}).findings).toEqual([]);
  });
});
