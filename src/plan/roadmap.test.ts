import { describe, expect, it } from "vitest";
import { moneyOf } from "./money.ts";
import { roadmapOf } from "./roadmap.ts";
import { item, reportOf, stateOf } from "./test-helpers.ts";

/** A small register whose sums are computed by hand below. */
const register = reportOf([
  item("A", {
    rule: "security/injection",
    severity: "high",
    class: "next",
    minutes: 120,
    principal: 180,
    interest: 2000,
    path: "src/routes/a.ts",
  }),
  item("B", {
    rule: "security/hardcoded-secret",
    severity: "critical",
    class: "fix-now",
    minutes: 60,
    principal: 90,
    interest: 6000,
    path: "src/config.ts",
  }),
  item("G", {
    rule: "performance/unbounded-query",
    severity: "critical",
    class: "later",
    minutes: 45,
    principal: 67.5,
    interest: 500,
    path: "src/routes/b.ts",
  }),
  item("C", {
    rule: "architecture/import-cycle",
    minutes: 60,
    principal: 90,
    interest: 300,
    path: "src/a.ts",
  }),
  item("D", { rule: "infrastructure/no-ci", minutes: 240, principal: 360, interest: 600 }),
  item("E", {
    rule: "performance/query-in-loop",
    severity: "high",
    minutes: 60,
    principal: 90,
    interest: 1200,
    path: "src/routes/b.ts",
  }),
  item("F", {
    rule: "quality/complex-function",
    severity: "low",
    class: "backlog",
    minutes: 30,
    principal: 45,
    interest: 100,
    path: "src/routes/a.ts",
  }),
  item("H", {
    rule: "security/injection",
    severity: "critical",
    minutes: 60,
    principal: 90,
    interest: 6000,
    status: "fixed",
  }),
]);

describe("roadmapOf (the framework's phases)", () => {
  const roadmap = roadmapOf(register, {
    stateOf,
    capacity: { team: 2, sprintDays: 10, hoursPerDay: 6, debtShare: 0.2 },
    workingDaysPerMonth: 21,
  });
  const [immediate, shortTerm, longTerm] = roadmap.phases;

  it("puts high and critical security and every critical item first, architecture and infrastructure next, the rest last", () => {
    expect(roadmap.phases.map((p) => [p.name, p.items.map((i) => i.id)])).toEqual([
      ["immediate", ["A", "B", "G"]],
      ["short-term", ["C", "D"]],
      ["long-term", ["E", "F"]],
    ]);
    expect(roadmap.unphased).toEqual([]);
  });

  it("sums each phase's investment and savings, and its ROI, by hand", () => {
    expect(immediate!.money.investment.value).toBe(180 + 90 + 67.5);
    expect(immediate!.money.annualSavings.value).toBe(2000 + 6000 + 500);
    expect(immediate!.money.roi1.value).toBeCloseTo((1 * 8500 - 337.5) / 337.5, 10);
    expect(immediate!.money.roi3.value).toBeCloseTo((3 * 8500 - 337.5) / 337.5, 10);
    expect(immediate!.money.breakEvenMonth.value).toBeCloseTo(337.5 / (8500 / 12), 10);
    expect(shortTerm!.money.investment.value).toBe(90 + 360);
    expect(shortTerm!.money.annualSavings.value).toBe(300 + 600);
    expect(shortTerm!.money.roi1.value).toBeCloseTo((900 - 450) / 450, 10);
    expect(longTerm!.money.investment.value).toBe(90 + 45);
    expect(longTerm!.money.riskAdjusted.annualSavings.value).toBeCloseTo(1300 * (1 - 0.3), 10);
    expect(longTerm!.money.riskAdjusted.roi3.value).toBeCloseTo((3 * 910 - 135) / 135, 10);
    expect(longTerm!.money.riskAdjusted.breakEvenMonth.value).toBeCloseTo(135 / (910 / 12), 10);
    expect(roadmap.total.investment.value).toBe(337.5 + 450 + 135);
    expect(roadmap.total.annualSavings.value).toBe(8500 + 900 + 1300);
  });

  it("gives the months each phase needs at the team's debt capacity, against its window", () => {
    // 2 people x 6 h x 0.2 x 21 working days = 50.4 debt hours a month.
    expect(roadmap.monthlyDebtHours).toBe(50.4);
    expect(immediate!.monthsNeeded).toBe(Math.round(((120 + 60 + 45) / 60 / 50.4) * 100) / 100);
    expect(shortTerm!.monthsNeeded).toBe(Math.round(((60 + 240) / 60 / 50.4) * 100) / 100);
    expect([immediate!.windowMonths, shortTerm!.windowMonths, longTerm!.windowMonths]).toEqual([
      3, 6, 9,
    ]);
    expect(immediate!.fitsWindow).toBe(true);
    const slow = roadmapOf(register, {
      stateOf,
      capacity: { team: 1, sprintDays: 10, hoursPerDay: 1, debtShare: 0.01 },
    });
    // 1 x 1 x 0.01 x 21 = 0.21 h a month: 3.75 h need 17.86 months, over a 3-month window.
    expect(slow.phases[0]!.monthsNeeded).toBe(17.86);
    expect(slow.phases[0]!.fitsWindow).toBe(false);
  });

  it("tells the readiness level each phase reaches", () => {
    // Closed items (H, fixed) do not count. Now: critical security (B) fails step 1. After immediate: the import cycle (C) fails
    // step 2. After short term nothing fails any step.
    expect(roadmap.readinessNow).toBe(0);
    expect(roadmap.phases.map((p) => p.readinessLevel)).toEqual([1, 5, 5]);
  });

  it("groups each phase's items into initiatives", () => {
    expect(immediate!.initiatives.map((i) => i.id)).toEqual([
      "secrets:src/",
      "injection:src/routes/",
      "database-access:src/routes/",
    ]);
  });

  it("takes configured phases, and lists items no phase takes", () => {
    const custom = roadmapOf(register, {
      stateOf,
      phases: [
        { name: "security", startMonth: 0, endMonth: 2, match: [{ categories: ["security"] }] },
      ],
    });
    expect(custom.phases[0]!.items.map((i) => i.id)).toEqual(["A", "B"]);
    expect(custom.unphased).toEqual(["G", "C", "D", "E", "F"]);
    expect(custom.phases[0]!.monthsNeeded).toBeNull();
  });
});

describe("moneyOf", () => {
  it("has no ROI without investment and no break-even without savings", () => {
    const none = moneyOf([], 0.3, "USD");
    expect(none.roi1.value).toBeNull();
    expect(none.roi1.note).toMatch(/no investment/);
    const noSavings = moneyOf([{ money: { principal: 100, interest: 0 } }], 0.3, "USD");
    expect(noSavings.roi1.value).toBe((0 - 100) / 100);
    expect(noSavings.breakEvenMonth.value).toBeNull();
  });

  it("shows each figure's inputs", () => {
    const m = moneyOf(
      [
        { money: { principal: 20000, interest: 9000 } },
        { money: { principal: 0, interest: 3000 } },
      ],
      0.3,
      "EUR",
    );
    expect(m.roi3).toEqual({
      value: (3 * 12000 - 20000) / 20000,
      formula: "(annualSavings x years - investment) / investment",
      inputs: { annualSavings: 12000, investment: 20000, years: 3 },
    });
    expect(m.breakEvenMonth.value).toBe(20000 / (12000 / 12));
    expect(m.riskAdjusted.annualSavings.inputs).toEqual({ annualSavings: 12000, riskBuffer: 0.3 });
    expect(m.riskAdjusted.breakEvenMonth.value).toBeCloseTo(20000 / ((12000 * 0.7) / 12), 10);
  });
});
