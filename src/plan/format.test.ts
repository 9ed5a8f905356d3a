import { describe, expect, it } from "vitest";
import { capacityOf } from "./capacity.ts";
import {
  formatInitiativesMarkdown,
  formatInitiativesTable,
  formatPlanMarkdown,
  formatPlanTable,
} from "./format.ts";
import { initiativesOf } from "./initiatives.ts";
import { parseCodeowners } from "./codeowners.ts";
import { sprintPlan } from "./plan.ts";
import { item } from "./test-helpers.ts";

// A file name and CODEOWNERS entry from a hostile repository: a terminal hyperlink escape, a
// screen clear, a line break that would fake an output line, Markdown that would link and mention.
const path =
  "src/\x1b]8;;http://evil.example\x07x\x1b[2J\nPASSED [click](http://evil.example) @everyone.ts";
const items = [item("h1", { rule: "quality/long-function", minutes: 30, priority: 5, path })];
const plan = sprintPlan(items, {
  capacity: capacityOf({ team: 1, sprintDays: 1, hoursPerDay: 6, debtShare: 0.2 }),
  objective: "priority",
});
const initiatives = initiativesOf(items, { codeowners: parseCodeowners("* @a\x1b[31m\n") });

describe("plan formats with hostile repository text", () => {
  it("keeps escape sequences, controls and line breaks out of the terminal", () => {
    for (const text of [formatPlanTable(plan), formatInitiativesTable(initiatives, "USD")]) {
      // eslint-disable-next-line no-control-regex
      expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
      expect(text).not.toMatch(/^PASSED/m);
    }
    expect(formatPlanTable(plan)).toContain("src/x PASSED [click](http://evil.example)");
  });

  it("makes Markdown inert: no link, no mention, no HTML, no broken table", () => {
    for (const text of [formatPlanMarkdown(plan), formatInitiativesMarkdown(initiatives, "USD")]) {
      expect(text).not.toMatch(/(?<!\\)\]\(http/);
      expect(text).not.toMatch(/@everyone/);
      expect(text).not.toContain("\x1b");
    }
    const row = formatPlanMarkdown(plan)
      .split("\n")
      .find((l) => l.startsWith("| `h1`"))!;
    expect(row.split(/(?<!\\)\|/)).toHaveLength(10);
  });
});
