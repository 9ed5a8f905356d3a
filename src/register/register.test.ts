import { describe, expect, it } from "vitest";
import { scoringSchema } from "../config/index.ts";
import type { Finding } from "../findings/index.ts";
import {
  buildRegister,
  changeOverhead,
  codeHealth,
  debtRating,
  effortScore,
  capBySeverity,
  priorityClass,
  priorityScore,
  riskScore,
} from "./index.ts";

const scoring = scoringSchema.parse({});
const finding = (overrides: Partial<Finding>): Finding => ({
  rule: "quality/complex-function",
  category: "quality",
  severity: "medium",
  message: "m",
  path: "src/a.ts",
  startLine: 1,
  evidence: {},
  remediationMinutes: 60,
  fingerprint: Math.random().toString(36),
  ...overrides,
});

describe("scores (SPEC section 3)", () => {
  it("maps remediation time to Effort on the framework's log scale", () => {
    expect([15, 16, 30, 60, 120, 240, 480, 960, 2400, 4800, 4801].map(effortScore)).toEqual([
      1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
  });

  it("raises Risk for hotspots, untested code and silos, capped at 10", () => {
    expect(riskScore("medium", { hotspot: false, untested: false, silo: false })).toBe(5);
    expect(riskScore("high", { hotspot: true, untested: true, silo: false })).toBe(9);
    expect(riskScore("critical", { hotspot: true, untested: true, silo: true })).toBe(10);
  });

  it("computes the framework and balanced priorities", () => {
    const framework = { ...scoring, preset: "framework" as const };
    expect(priorityScore(5, 5, 2, framework)).toBe(4.1); // 2 + 2 + 0.5 * 0.2
    expect(priorityScore(5, 5, 2, scoring)).toBe(5.8); // balanced, the default: 2 + 2 + 0.2 * 9
    expect(
      priorityScore(5, 5, 2, { ...framework, weights: { impact: 0.5, risk: 0.3, effort: 0.2 } }),
    ).toBe(4.1);
    // The seed's cut-offs 8/6/4 for `framework`; `balanced` starts its third class at 5.
    expect([8, 7.99, 6, 4, 3.99].map((p) => priorityClass(p, "framework"))).toEqual([
      "fix-now",
      "next",
      "next",
      "later",
      "backlog",
    ]);
    expect([8, 6, 5, 4.99].map((p) => priorityClass(p))).toEqual([
      "fix-now",
      "next",
      "later",
      "backlog",
    ]);
  });

  it("caps a low item under the second class and an info item under the third", () => {
    expect(capBySeverity(7.4, "low")).toBe(5.99);
    expect(priorityClass(capBySeverity(7.4, "low"))).toBe("later");
    expect(capBySeverity(7.4, "info")).toBe(4.99);
    expect(priorityClass(capBySeverity(7.4, "info"))).toBe("backlog");
    expect(capBySeverity(7.4, "medium")).toBe(7.4);
    expect(capBySeverity(5.2, "low")).toBe(5.2);
    expect(capBySeverity(7, "low", "framework")).toBe(5.99);
    expect(capBySeverity(7, "info", "framework")).toBe(3.99);
  });

  it("prices change overhead after Tornhill and Borg: 0 at health 9, 124% below 4, linear between", () => {
    expect(changeOverhead(9, scoring)).toBe(0);
    expect(changeOverhead(3.9, scoring)).toBe(1.24);
    expect(changeOverhead(6.5, scoring)).toBeCloseTo(0.62, 10);
  });

  it("scores code health from findings: 10 when clean, falling fast, never below 1", () => {
    expect(codeHealth([])).toBe(10);
    expect(codeHealth(["medium"])).toBe(8.6);
    expect(codeHealth(["high", "high", "high", "high"])).toBe(3.4);
    expect(codeHealth(Array(50).fill("critical"))).toBe(1);
  });

  it("rates the debt ratio as SonarQube does", () => {
    expect([0, 0.05, 0.0501, 0.1, 0.2, 0.5, 0.51].map(debtRating)).toEqual([
      "A",
      "A",
      "B",
      "B",
      "C",
      "D",
      "E",
    ]);
  });
});

describe("buildRegister", () => {
  it("prices code items by the file's hours shared by effort, and security items by expected loss", () => {
    const register = buildRegister({
      findings: [
        finding({ remediationMinutes: 60, severity: "high", fingerprint: "a" }),
        finding({ remediationMinutes: 180, severity: "high", fingerprint: "b" }),
        finding({
          rule: "security/x",
          category: "security",
          severity: "critical",
          remediationMinutes: 30,
          fingerprint: "c",
        }),
      ],
      files: [{ path: "src/a.ts", linesOfCode: 100, language: "ts" }],
      scoring,
      changesPerYear: new Map([["src/a.ts", 20]]),
      team: { hours: 1400, files: new Map([["src/a.ts", 100]]) },
    });
    const byId = new Map(register.items.map((i) => [i.id, i]));
    // Two high findings: penalty 4, health 10 - 9 * (1 - e^(-4/6)) = 5.6; overhead 1.24 * (9 - 5.6) / 5.
    const overhead = (1.24 * (9 - 5.6)) / 5;
    // The file's 100 measured hours already include the slowdown: overhead / (1 + overhead) of them is lost.
    const lost = overhead / (1 + overhead);
    expect(byId.get("a")!.money.basis).toMatchObject({
      model: "change-cost",
      changesPerYear: 20,
      changesSource: "git",
      hoursPerChange: 5,
      fileHours: 100,
      teamHours: 1400,
      health: 5.6,
      share: 0.25,
    });
    expect(byId.get("a")!.money.interest).toBeCloseTo(100 * lost * 90 * 0.25, 1);
    expect(byId.get("b")!.money.interest).toBeCloseTo(100 * lost * 90 * 0.75, 1);
    expect(byId.get("a")!.money.principal).toBe(90);
    expect(byId.get("c")!.money).toMatchObject({
      principal: 45,
      interest: 6000,
      basis: { model: "expected-loss", likelihood: 0.3, exposure: "internal" },
    });
    expect(register.totals.byCategory.security).toMatchObject({
      items: 1,
      principal: 45,
      interest: 6000,
    });
    // 270 minutes over 100 lines x 30 minutes = 9% -> B.
    expect(register.totals).toMatchObject({
      linesOfCode: 100,
      remediationMinutes: 270,
      debtRatio: 0.09,
      rating: "B",
    });
    expect(register.items[0]!.id).toBe("c"); // critical security ranks first
  });

  it("uses the configured default change rate when history is absent, and says so per item", () => {
    // 6 changes x 2 hours a year, well inside an assumed team's hours.
    const register = buildRegister({
      findings: [finding({ severity: "critical" })],
      files: [{ path: "src/a.ts", linesOfCode: 10, language: "ts" }],
      scoring,
    });
    expect(register.items[0]!.money.basis).toMatchObject({
      changesPerYear: 6,
      changesSource: "assumed",
      fileHours: 12,
    });
  });

  it("gives healthy files no interest", () => {
    const register = buildRegister({
      findings: [finding({ severity: "info" })],
      files: [{ path: "src/a.ts", linesOfCode: 10, language: "ts" }],
      scoring,
    });
    expect(register.items[0]!.money.interest).toBe(0);
    expect(register.files).toEqual([
      { path: "src/a.ts", linesOfCode: 10, health: 9.9, findings: 1 },
    ]);
  });
});
