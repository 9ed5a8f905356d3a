import { describe, expect, it } from "vitest";
import { capacityOf } from "./capacity.ts";
import { jiraCsv, linearCsv, ticketsOfInitiatives, ticketsOfPlan } from "./export.ts";
import { initiativesOf } from "./initiatives.ts";
import { planItemOf, sprintPlan } from "./plan.ts";
import { item } from "./test-helpers.ts";

/** RFC 4180 rows, quoted fields with commas, quotes and line breaks included. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

const hostile = item("evil", {
  rule: "security/injection",
  minutes: 45,
  priority: 8,
  class: "fix-now",
  path: "src/routes/a.ts",
  message: '=HYPERLINK("http://x.example","click"), then "quoted"\nsecond line',
});
const plain = item("calm", {
  rule: "quality/long-function",
  minutes: 30,
  priority: 3,
  class: "backlog",
  path: "src/lib/b.ts",
});
const plan = sprintPlan([hostile, plain], {
  capacity: capacityOf({ team: 1, sprintDays: 1, hoursPerDay: 6, debtShare: 0.5 }),
  objective: "priority",
});

describe("Jira CSV", () => {
  const rows = parseCsv(jiraCsv(ticketsOfPlan(plan)));

  it("has Jira's columns, the estimate in seconds and one Labels column per label", () => {
    expect(rows[0]).toEqual([
      "Issue Type",
      "Summary",
      "Description",
      "Original Estimate",
      "Labels",
      "Labels",
    ]);
    expect(rows).toHaveLength(3);
    expect(rows[1]!.slice(0, 1)).toEqual(["Task"]);
    expect(rows[1]![3]).toBe(String(45 * 60));
    expect(rows[1]!.slice(4)).toEqual(["debtlens", "security"]);
    expect(rows[2]![3]).toBe(String(30 * 60));
  });

  it("neutralises formula injection and keeps quotes and line breaks inside one cell", () => {
    expect(rows[1]![1]).toBe(`'=HYPERLINK("http://x.example","click"), then "quoted"`);
    expect(rows[1]![2]).toContain("- security/injection at src/routes/a.ts:1: =HYPERLINK(");
    expect(rows[1]![2]).toContain("(id evil, 0.75 h)");
    for (const row of rows) expect(row).toHaveLength(6);
  });
});

describe("Linear CSV", () => {
  it("has Linear's columns, whole hours, labels in one cell and Linear's priority names", () => {
    const rows = parseCsv(linearCsv(ticketsOfPlan(plan)));
    expect(rows[0]).toEqual(["Title", "Description", "Estimate", "Labels", "Priority"]);
    expect(rows[1]).toEqual([
      `'=HYPERLINK("http://x.example","click"), then "quoted"`,
      expect.stringContaining("debtlens sprint plan (priority)"),
      "1",
      "debtlens,security",
      "Urgent",
    ]);
    expect(rows[2]![4]).toBe("Low");
  });

  it("exports initiatives, one row each, listing their items", () => {
    const list = initiativesOf([hostile, plain]);
    const byId = new Map([hostile, plain].map((i) => [i.id, planItemOf(i, i.id, "open")]));
    const rows = parseCsv(linearCsv(ticketsOfInitiatives(list, byId, "USD")));
    expect(rows.map((r) => r[0])).toEqual([
      "Title",
      "Parameterise queries and remove dynamic code execution in `src/routes/`",
      "Split and simplify the complex code in `src/lib/`",
    ]);
    expect(rows[1]![1]).toMatch(
      /^debtlens initiative injection:src\/routes\/: principal 67.50 USD/,
    );
    expect(rows[1]![3]).toBe("debtlens,injection,security");
  });
});
