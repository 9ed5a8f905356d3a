import { describe, expect, it } from "vitest";
import { scoringSchema } from "../config/index.ts";
import type { Finding } from "../findings/index.ts";
import { buildRegister, priorityClass } from "./index.ts";
import { BOUNDS, waste } from "./interest.ts";

const scoring = scoringSchema.parse({});
const TOP = priorityClass(10);
let next = 0;
const finding = (overrides: Partial<Finding>): Finding => ({
  rule: "security/injection",
  category: "security",
  severity: "critical",
  message: "m",
  path: "src/routes/login.ts",
  startLine: 1,
  evidence: {},
  remediationMinutes: 60,
  fingerprint: `f${next++}`,
  ...overrides,
});
const files = [
  { path: "src/routes/login.ts", linesOfCode: 100, language: "ts" },
  { path: "scripts/seed.ts", linesOfCode: 100, language: "ts" },
];

describe("expected loss by exposure", () => {
  it("doubles the likelihood where a request reaches the code and quarters it outside production", () => {
    const register = buildRegister({
      findings: [
        finding({ fingerprint: "exposed" }),
        finding({ fingerprint: "internal", path: "scripts/seed.ts" }),
        { ...finding({ fingerprint: "test" }), scope: "test" } as Finding,
      ],
      files,
      scoring,
      exposed: new Set(["src/routes/login.ts"]),
    });
    const byId = new Map(register.items.map((i) => [i.id, i]));
    expect(byId.get("exposed")!.money).toMatchObject({
      interest: 12000,
      basis: { likelihood: 0.6, baseLikelihood: 0.3, exposure: "request" },
    });
    expect(byId.get("internal")!.money).toMatchObject({
      interest: 6000,
      basis: { likelihood: 0.3, exposure: "internal" },
    });
    expect(byId.get("test")!.money).toMatchObject({
      interest: 1500,
      basis: { likelihood: 0.075, exposure: "non-production" },
    });
    // Exposure is also risk: the same finding unexposed scores one Risk point less.
    expect(byId.get("exposed")!.scores.risk - byId.get("internal")!.scores.risk).toBe(1);
  });

  it("prices a secret found in many places as one incident, not one per place", () => {
    const places = ["a.ts", "b.ts", "c.ts"].map((path) => ({ path, startLine: 1, endLine: 1 }));
    const register = buildRegister({
      findings: places.map((p) =>
        finding({ rule: "security/hardcoded-secret", path: p.path, fingerprint: "same-value" }),
      ),
      files: places.map((p) => ({ path: p.path, linesOfCode: 10, language: "ts" })),
      scoring,
    });
    expect(register.items).toHaveLength(1);
    expect(register.totals.interest).toBe(6000);
  });

  it("bounds a likelihood's range at a third and three times, never above certainty", () => {
    const register = buildRegister({
      findings: [finding({ fingerprint: "x" })],
      files,
      scoring,
      exposed: new Set(["src/routes/login.ts"]),
    });
    // 0.6 / 3 = 0.2 -> 4,000; 0.6 x 3 = 1.8, capped at 1 -> 20,000.
    expect(register.items[0]!.money.range.interest).toEqual({ low: 4000, high: 20000 });
    expect(register.items[0]!.money.range.principal).toEqual({ low: 60.3, high: 135 });
  });
});

describe("priority classes agree with the facts (default preset)", () => {
  it("puts an exposed critical vulnerability in the top class, up to two days' fix", () => {
    for (const remediationMinutes of [15, 60, 240, 960]) {
      const register = buildRegister({
        findings: [finding({ remediationMinutes })],
        files,
        scoring,
        exposed: new Set(["src/routes/login.ts"]),
      });
      expect(register.items[0]!.scores.class, `${remediationMinutes} min`).toBe(TOP);
    }
  });

  it("puts the same vulnerability in a test file below the top class", () => {
    const register = buildRegister({
      findings: [{ ...finding({}), scope: "test" } as Finding],
      files,
      scoring,
      exposed: new Set(["src/routes/login.ts"]),
    });
    expect(register.items[0]!.scores.class).not.toBe(TOP);
  });

  it("lets effort reorder: a quick fix of the same impact and risk ranks above a slow one", () => {
    const register = buildRegister({
      findings: [
        finding({ fingerprint: "slow", remediationMinutes: 2400, severity: "high" }),
        finding({ fingerprint: "quick", remediationMinutes: 15, severity: "high" }),
      ],
      files,
      scoring,
    });
    const [first, second] = register.items;
    expect(first!.id).toBe("quick");
    // The framework's 1/E term moves priority by at most 0.2; the default moves it by 1.4 here.
    expect(first!.scores.priority - second!.scores.priority).toBeCloseTo(0.2 * (8 - 1), 5);
  });
});

describe("change-cost interest", () => {
  it("wastes overhead / (1 + overhead) of the measured hours, so it never exceeds them", () => {
    expect(waste(0)).toBe(0);
    expect(waste(1.24)).toBeCloseTo(0.5536, 4);
    expect(waste(1.24 * BOUNDS.overhead.high) * BOUNDS.assumedHours.high).toBeLessThan(1);
  });

  it("without history bounds the assumed hours by the team's: many files share them", () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({
      path: `src/f${i}.ts`,
      linesOfCode: 10,
      language: "ts",
    }));
    const register = buildRegister({
      findings: many.map((f) =>
        finding({ rule: "quality/x", category: "quality", path: f.path, severity: "critical" }),
      ),
      files: many,
      scoring,
      team: { hours: 7000 },
    });
    // 2,000 files x 12 assumed hours = 24,000 > 7,000: each file gets 3.5 hours.
    expect(register.items[0]!.money.basis).toMatchObject({ fileHours: 3.5, teamHours: 7000 });
    expect(register.totals.range.interest.high).toBeLessThanOrEqual(7000 * scoring.hourlyCost);
  });

  it("gives a file history did not see change in the window no change-cost interest", () => {
    const register = buildRegister({
      findings: [finding({ rule: "quality/x", category: "quality", path: "scripts/seed.ts" })],
      files,
      scoring,
      team: { hours: 1400, files: new Map([["src/routes/login.ts", 1400]]) },
    });
    expect(register.items[0]!.money.interest).toBe(0);
    expect(register.items[0]!.money.range.interest).toEqual({ low: 0, high: 0 });
  });
});
