import { describe, expect, it } from "vitest";
import type { Scope } from "../scopes/index.ts";
import { formatCsv } from "./csv.ts";
import { formatMarkdown } from "./markdown.ts";
import { money } from "./money.ts";
import { readinessOf } from "./readiness.ts";
import { formatSarif } from "./sarif.ts";
import type { AuditReport } from "./schema.ts";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { formatTable } from "./table.ts";
import { headlineItems, summaryOf, withCountedScopes, withScopes } from "./totals.ts";
import { viewModelOf } from "./view-model.ts";
import { inScopeFilter, rowTotals } from "./view-totals.ts";

/** The scope each synthetic file is put in: a mix, so that the counted totals leave some out. */
function scopeFor(path: string): Scope {
  const n = Number(/file-(\d+)/.exec(path)?.[1] ?? 0);
  return n % 3 === 0 ? "test" : n % 5 === 0 ? "docs" : n % 7 === 0 ? "vendored" : "production";
}

/** A report with items and files in several scopes, its summary computed as an audit does. */
function scopedReport(count = 90): AuditReport {
  const base = syntheticReport(count);
  const files = base.items.map((i) => ({
    path: i.path!,
    language: "typescript",
    lines: 120,
    linesOfCode: 100,
    health: 7,
    findings: 1,
  }));
  // Cents that do not add up to whole units: rounding per row is what made formats disagree.
  const items = base.items.map((i, k) => ({
    ...i,
    money: {
      ...i.money,
      principal: i.money.principal + 0.37,
      interest: i.money.interest + k / 100,
    },
  }));
  return withScopes({ ...base, files, items }, scopeFor, ["production"]);
}

const cents = (n: number) => Math.round(n * 100) / 100;
const sum = (values: number[]) => cents(values.reduce((s, v) => s + v, 0));

describe("one total everywhere", () => {
  const report = scopedReport();
  const { summary } = report;
  const production = report.items.filter((i) => (i.scope ?? "production") === "production");

  it("counts the production scope by default and keeps every scope's totals apart", () => {
    expect(summary.scopes).toEqual(["production"]);
    expect(summary.items).toBe(production.length);
    expect(summary.principal).toBe(sum(production.map((i) => i.money.principal)));
    expect(summary.interest).toBe(sum(production.map((i) => i.money.interest)));
    expect(summary.files).toBe(report.files.filter((f) => f.scope === "production").length);
    expect(summary.linesOfCode).toBe(summary.files * 100);
    const scopes = Object.keys(summary.byScope ?? {});
    expect(scopes).toEqual(["production", "test", "docs", "vendored"]);
    const all = Object.values(summary.byScope!).reduce((s, t) => s + t.items, 0);
    expect(all).toBe(report.items.length);
    expect(summary.byScope!.test!.principal).toBe(
      sum(report.items.filter((i) => i.scope === "test").map((i) => i.money.principal)),
    );
  });

  it("renders every format from one report with the same totals", () => {
    const principal = money(summary.principal, "USD");
    const interest = money(summary.interest, "USD");
    // Headline formats print the summary's figures.
    const table = formatTable(report, { color: false, top: 10, width: 160 });
    const markdown = formatMarkdown(report);
    for (const text of [table, markdown]) {
      expect(text).toContain(principal);
      expect(text).toContain(interest);
      expect(text).toContain(`test ${summary.byScope!.test!.items} items`);
    }
    // Item formats sum, over the counted scope, to the same figures to the cent.
    const csv = formatCsv(report).trimEnd().split("\r\n");
    const header = csv[0]!.split(",");
    const at = (name: string) => header.indexOf(name);
    const rows = csv.slice(1).map((line) => line.split(","));
    // Messages with commas are quoted; the numeric columns come after them, so read from the end.
    const fromEnd = (row: string[], name: string) => row[row.length - (header.length - at(name))]!;
    const csvProduction = rows.filter((r) => r[at("scope")] === "production");
    expect(sum(csvProduction.map((r) => Number(fromEnd(r, "principal"))))).toBe(summary.principal);
    expect(sum(csvProduction.map((r) => Number(fromEnd(r, "interestPerYear"))))).toBe(
      summary.interest,
    );
    const sarif = JSON.parse(formatSarif(report));
    expect(sarif.runs[0].properties.principal).toBe(summary.principal);
    expect(sarif.runs[0].properties.otherScopes.test.principal).toBe(
      summary.byScope!.test!.principal,
    );
    const sarifProduction = sarif.runs[0].results.filter(
      (r: { properties: { scope: string } }) => r.properties.scope === "production",
    );
    expect(
      sum(
        sarifProduction.map((r: { properties: { principal: number } }) => r.properties.principal),
      ),
    ).toBe(summary.principal);
    // The HTML register with its default filter: the headline's total, to the cent.
    const view = viewModelOf(report);
    const shown = view.items.filter((i) => inScopeFilter(i, "", view.counted));
    expect(rowTotals(shown)).toEqual({ pr: summary.principal, int: summary.interest });
    expect(view.summary).toBe(summary);
    // JSON: the summary recomputed from the items is the same summary.
    expect(summaryOf(report)).toEqual(summary);
  });

  it("widens every figure with --scope", () => {
    const wide = withCountedScopes(report, ["production", "test"]);
    const counted = report.items.filter((i) => ["production", "test"].includes(i.scope!));
    expect(wide.summary.items).toBe(counted.length);
    expect(wide.summary.principal).toBe(sum(counted.map((i) => i.money.principal)));
    expect(headlineItems(wide)).toHaveLength(counted.length);
    const view = viewModelOf(wide);
    expect(rowTotals(view.items.filter((i) => inScopeFilter(i, "", view.counted)))).toEqual({
      pr: wide.summary.principal,
      int: wide.summary.interest,
    });
    expect(formatTable(wide, { color: false, top: 5, width: 160 })).toContain(
      "production, test only",
    );
  });

  it("counts the headline's top classes and the scorecard's triage check over the same items", () => {
    const classes = Object.keys(summary.byClass) as Array<keyof typeof summary.byClass>;
    // Items in every scope reach the top classes; only the production ones are counted.
    const topTwo = report.items.filter((i) => classes.slice(0, 2).includes(i.scores.class));
    expect(topTwo.some((i) => i.scope !== "production")).toBe(true);
    const check = readinessOf(report)
      .steps.flatMap((s) => s.checks)
      .find((c) => c.id === "register-triaged")!;
    expect(check.items).toHaveLength(summary.byClass[classes[0]!] + summary.byClass[classes[1]!]);
    for (const cls of classes)
      expect(summary.byClass[cls]).toBe(
        headlineItems(report).filter((i) => i.scores.class === cls).length,
      );
  });
});
