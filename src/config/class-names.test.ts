import { describe, expect, it } from "vitest";
import { configSchema } from "./schema.ts";

// The priority classes were renamed in report v2 (critical, high, medium, low became fix-now,
// next, later, backlog); configuration files written before still read, as the new names.
describe("priority class names in the configuration", () => {
  const parse = (raw: unknown) => configSchema.parse(raw);

  it("gates on the new names, with fix-now, next and later allowed none by default", () => {
    expect(parse({}).gate.maxNewItems).toEqual({ "fix-now": 0, next: 0, later: 0 });
    expect(parse({ gate: { maxNewItems: { next: 2, backlog: 9 } } }).gate.maxNewItems).toEqual({
      next: 2,
      backlog: 9,
    });
  });

  it("reads the old names as the new ones, the new name winning when a file has both", () => {
    const limits = parse({ gate: { maxNewItems: { critical: 0, high: 1, medium: 5, low: 20 } } })
      .gate.maxNewItems;
    expect(limits).toEqual({ "fix-now": 0, next: 1, later: 5, backlog: 20 });
    expect(parse({ gate: { maxNewItems: { high: 1, next: 3 } } }).gate.maxNewItems).toEqual({
      next: 3,
    });
    expect(parse({ gate: { maxNewItems: { next: 3, high: 1 } } }).gate.maxNewItems).toEqual({
      next: 3,
    });
    const phases = parse({
      plan: {
        phases: [{ name: "now", startMonth: 0, endMonth: 3, match: [{ classes: ["critical"] }] }],
      },
    }).plan.phases;
    expect(phases?.[0]?.match?.[0]?.classes).toEqual(["fix-now"]);
  });

  it("still refuses a name that is neither", () => {
    expect(configSchema.safeParse({ gate: { maxNewItems: { urgent: 1 } } }).success).toBe(false);
    expect(
      configSchema.safeParse({
        plan: { phases: [{ name: "x", startMonth: 0, endMonth: 1, match: [{ classes: ["P0"] }] }] },
      }).success,
    ).toBe(false);
  });
});
