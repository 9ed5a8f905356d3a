import { describe, expect, it } from "vitest";
import { totalsOf } from "../register/index.ts";
import {
  explainItem,
  formatCsv,
  formatJson,
  formatMarkdown,
  formatTable,
  reportSchema,
  viewModelOf,
  type AuditReport,
} from "./index.ts";
import { syntheticReport } from "../../test/support/synthetic.ts";

/** A small report whose items carry low-high ranges, its summary totalled by the register. */
function withRanges(): AuditReport {
  const base = syntheticReport(3);
  const items = base.items.map((item, i) => ({
    ...item,
    money: {
      ...item.money,
      principal: 100 * (i + 1),
      interest: 1000 * (i + 1),
      range: {
        principal: { low: 67 * (i + 1), high: 150 * (i + 1) },
        interest: { low: 400 * (i + 1), high: 2500 * (i + 1) },
      },
    },
  }));
  return { ...base, items, summary: { ...base.summary, ...totalsOf(items, 100_000, 30) } };
}

describe("money ranges in every format (ADR 0009)", () => {
  const report = withRanges();

  it("sums the items' bounds into the summary", () => {
    expect(report.summary.range).toEqual({
      principal: { low: 402, high: 900 },
      interest: { low: 2400, high: 15000 },
    });
  });

  it("keeps them in the JSON report, valid against the schema", () => {
    const parsed = reportSchema.parse(JSON.parse(formatJson(report)));
    expect(parsed.summary.range?.interest).toEqual({ low: 2400, high: 15000 });
    expect(parsed.items[0]!.money.range?.interest).toEqual({ low: 400, high: 2500 });
  });

  it("shows them in the table, the Markdown comment, the CSV and the HTML view model", () => {
    const table = formatTable(report, { color: false, top: 5, width: 160 });
    expect(table).toContain("interest $2,400-$15,000/year");
    expect(table).toContain("principal $402-$900");
    const markdown = formatMarkdown(report);
    expect(markdown).toContain("interest $2,400-$15,000/year");
    expect(markdown).toMatch(/\$3,000 \(\$1,200-\$7,500\) \|/);
    // The second row: the first item's message holds commas and quotes.
    const [header, , second] = formatCsv(report).split("\r\n");
    const columns = header!.split(",");
    const cells = second!.split(",");
    const at = (name: string) => cells[columns.indexOf(name)];
    expect([at("interestPerYear"), at("interestLow"), at("interestHigh")]).toEqual([
      "2000",
      "800",
      "5000",
    ]);
    const view = viewModelOf(report);
    expect(view.summary.range?.interest.high).toBe(15000);
    expect(view.items[0]!.ir).toEqual([
      report.items[0]!.money.range!.interest.low,
      report.items[0]!.money.range!.interest.high,
    ]);
  });

  it("shows them in debtlens explain", () => {
    const text = explainItem(report, report.items[0]!);
    expect(text).toMatch(/range 67\.00 USD - 150\.00 USD/);
    expect(text).toMatch(/range 400\.00 USD - 2,500\.00 USD/);
  });
});
