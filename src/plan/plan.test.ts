import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { runAudit } from "../audit/index.ts";
import { loadConfig } from "../config/index.ts";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { ruleCatalogue } from "../rules/index.ts";
import { capacityOf } from "./capacity.ts";
import { solveKnapsack } from "./knapsack.ts";
import { sprintPlan } from "./plan.ts";
import { item, referenceDp, stateOf } from "./test-helpers.ts";

const oneHour = capacityOf({ team: 1, sprintDays: 1, hoursPerDay: 5, debtShare: 0.2 });

describe("capacityOf", () => {
  it("is team x sprint days x focus hours x debt share, in whole minutes", () => {
    const c = capacityOf({ team: 4, sprintDays: 10, hoursPerDay: 6, debtShare: 0.2 });
    expect(c.hours).toBeCloseTo(4 * 10 * 6 * 0.2);
    expect(c.minutes).toBe(4 * 10 * 6 * 0.2 * 60);
    expect(c.formula).toBe("team 4 x sprint days 10 x hours per day 6 x debt share 0.2 = 48 h");
    // 0.2 x 60 is 11.999... in floating point: still 12 minutes, not 11.
    expect(capacityOf({ team: 1, sprintDays: 1, hoursPerDay: 1, debtShare: 0.2 }).minutes).toBe(12);
  });
});

describe("sprintPlan", () => {
  it("never chooses fixed, accepted, won't-fix or false-positive items, however valuable", () => {
    const items = [
      item("fixed", { rule: "security/injection", minutes: 30, priority: 9, status: "fixed" }),
      item("accepted", {
        rule: "security/injection",
        minutes: 30,
        priority: 9,
        status: "accepted",
      }),
      item("wont", { rule: "security/injection", minutes: 30, priority: 9, status: "wont_fix" }),
      item("fp", {
        rule: "security/injection",
        minutes: 30,
        priority: 9,
        status: "false_positive",
      }),
      item("open", { rule: "quality/long-function", minutes: 30, priority: 2 }),
    ];
    const plan = sprintPlan(items, { capacity: oneHour, objective: "priority", stateOf });
    expect(plan.items.map((i) => i.id)).toEqual(["open"]);
    expect(plan.eligible).toEqual({ open: 1, committed: 0, closed: 4 });
  });

  it("takes in-progress, then planned work before open items, even less valuable ones", () => {
    const items = [
      item("best-open", { rule: "security/injection", minutes: 30, priority: 9 }),
      item("planned", {
        rule: "quality/long-function",
        minutes: 30,
        priority: 2,
        status: "planned",
      }),
      item("doing", {
        rule: "quality/long-function",
        minutes: 15,
        priority: 1,
        status: "in_progress",
      }),
    ];
    const plan = sprintPlan(items, { capacity: oneHour, objective: "priority", stateOf });
    expect(plan.items.map((i) => [i.id, i.state])).toEqual([
      ["doing", "in_progress"],
      ["planned", "planned"],
    ]);
    expect(plan.leftOut.map((l) => l.ids)).toEqual([["best-open"]]);
  });

  it("takes the state from a store when one is given, not the report's open", () => {
    const items = [
      item("a", { rule: "security/injection", minutes: 30, priority: 9 }),
      item("b", { rule: "quality/long-function", minutes: 30, priority: 2 }),
    ];
    const plan = sprintPlan(items, {
      capacity: oneHour,
      objective: "priority",
      stateOf: (i) => (i.id === "a" ? "fixed" : "open"),
    });
    expect(plan.items.map((i) => i.id)).toEqual(["b"]);
  });

  it("maximises the chosen objective: priority or avoided interest", () => {
    const items = [
      item("urgent", { rule: "security/injection", minutes: 60, priority: 8, interest: 100 }),
      item("costly", {
        rule: "quality/complex-function",
        minutes: 60,
        priority: 3,
        interest: 5000,
      }),
    ];
    expect(sprintPlan(items, { capacity: oneHour, objective: "priority" }).items[0]!.id).toBe(
      "urgent",
    );
    expect(sprintPlan(items, { capacity: oneHour, objective: "interest" }).items[0]!.id).toBe(
      "costly",
    );
  });

  it("answers the JSON shape the CLI prints, with report ids, capacity, use and money", () => {
    const items = [
      item("x1", {
        rule: "quality/long-function",
        minutes: 40,
        priority: 5,
        principal: 60,
        interest: 240,
      }),
      item("x2", {
        rule: "quality/long-function",
        minutes: 20,
        priority: 4,
        principal: 30,
        interest: 120,
      }),
      item("x3", {
        rule: "quality/long-function",
        minutes: 30,
        priority: 3,
        principal: 45,
        interest: 10,
      }),
    ];
    const plan = sprintPlan(items, { capacity: oneHour, objective: "priority", currency: "EUR" });
    expect(plan).toMatchObject({
      capacityHours: 1,
      usedHours: 1,
      objective: "priority",
      objectiveValue: 9,
      items: [{ id: "x1" }, { id: "x2" }],
      leftOut: [{ ids: ["x3"], hours: 0.5, value: 3 }],
    });
    expect(plan.money.investment.value).toBe(60 + 30);
    expect(plan.money.annualSavings.value).toBe(240 + 120);
    expect(plan.money.roi1.value).toBeCloseTo((360 * 1 - 90) / 90);
    expect(plan.money.breakEvenMonth.value).toBeCloseTo(90 / (360 / 12));
    expect(plan.money.currency).toBe("EUR");
  });

  it("keeps a file's items together with groupBy file: all of them or none", () => {
    const items = [
      item("a1", { rule: "quality/long-function", minutes: 30, priority: 6, path: "src/a.ts" }),
      item("a2", { rule: "quality/debt-marker", minutes: 30, priority: 1, path: "src/a.ts" }),
      item("b1", { rule: "quality/long-function", minutes: 30, priority: 5, path: "src/b.ts" }),
      item("c1", { rule: "quality/long-function", minutes: 30, priority: 4, path: "src/c.ts" }),
    ];
    const single = sprintPlan(items, { capacity: oneHour, objective: "priority" });
    expect(single.items.map((i) => i.id)).toEqual(["a1", "b1"]);
    const byFile = sprintPlan(items, { capacity: oneHour, objective: "priority", groupBy: "file" });
    // src/a.ts is worth 7 for an hour; src/b.ts and src/c.ts together 9.
    expect(byFile.items.map((i) => i.id)).toEqual(["b1", "c1"]);
    expect(byFile.leftOut[0]).toMatchObject({ unit: "src/a.ts", ids: ["a1", "a2"], value: 7 });
  });

  it("chooses whole initiatives with groupBy initiative", () => {
    const items = [
      item("s1", { rule: "security/injection", minutes: 30, priority: 5, path: "src/routes/a.ts" }),
      item("s2", { rule: "security/injection", minutes: 30, priority: 5, path: "src/routes/b.ts" }),
      item("q1", { rule: "quality/long-function", minutes: 60, priority: 9, path: "src/lib/x.ts" }),
    ];
    const plan = sprintPlan(items, {
      capacity: oneHour,
      objective: "priority",
      groupBy: "initiative",
    });
    expect(new Set(plan.items.map((i) => i.unit))).toEqual(new Set(["injection:src/routes/"]));
    expect(plan.objectiveValue).toBe(10);
  });

  it("on a synthetic register of 3,000 items reaches the plain DP's optimum", () => {
    const report = syntheticReport(3000);
    const capacity = capacityOf({ team: 3, sprintDays: 10, hoursPerDay: 6, debtShare: 0.2 });
    const plan = sprintPlan(report.items, { capacity, objective: "priority" });
    const units = report.items.map((i) => ({
      weight: i.remediationMinutes,
      value: Math.round(i.scores.priority * 100),
      risk: Math.round(i.scores.risk * 100),
    }));
    const reference = referenceDp(units, capacity.minutes);
    expect(Math.round(plan.objectiveValue * 100)).toBe(reference.value);
    expect(solveKnapsack(units, capacity.minutes).value).toBe(reference.value);
    expect(plan.usedHours * 60).toBeLessThanOrEqual(capacity.minutes);
  });

  it("on debtlens's own audit reaches the plain DP's optimum, for both objectives and by file", async () => {
    const root = join(import.meta.dirname, "..", "..");
    const { config } = loadConfig(root, undefined, ruleCatalogue);
    config.history.enabled = false;
    const report = await runAudit({ root, config, offline: true });
    expect(report.items.length).toBeGreaterThan(20);
    const capacity = capacityOf({ team: 2, sprintDays: 5, hoursPerDay: 6, debtShare: 0.2 });
    for (const objective of ["priority", "interest"] as const) {
      for (const groupBy of ["item", "file"] as const) {
        const plan = sprintPlan(report.items, { capacity, objective, groupBy });
        const groups = new Map<string, typeof report.items>();
        for (const i of report.items) {
          const key = groupBy === "file" ? (i.path ?? i.id) : i.id;
          groups.set(key, [...(groups.get(key) ?? []), i]);
        }
        const units = [...groups.values()].map((list) => ({
          weight: list.reduce((s, i) => s + Math.ceil(i.remediationMinutes), 0),
          value: list.reduce(
            (s, i) =>
              s +
              Math.round((objective === "priority" ? i.scores.priority : i.money.interest) * 100),
            0,
          ),
          risk: list.reduce((s, i) => s + Math.round(i.scores.risk * 100), 0),
        }));
        const reference = referenceDp(units, capacity.minutes);
        expect(Math.round(plan.objectiveValue * 100), `${objective} by ${groupBy}`).toBe(
          reference.value,
        );
      }
    }
  }, 60_000);
});
