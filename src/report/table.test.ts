import { describe, expect, it } from "vitest";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { formatTable } from "./table.ts";

function report() {
  const r = syntheticReport(3);
  r.items[0] = {
    ...r.items[0]!,
    path: "packages/web-application/src/features/billing/components/invoices/InvoiceEditor.tsx",
    message:
      "InvoiceEditor has cyclomatic complexity 41 (max 10) and cognitive complexity 97 (max 15)",
  };
  return r;
}
const rows = (text: string) => text.split("\n").filter((l) => /^\d+\.\d /.test(l));

describe("the terminal table's columns", () => {
  it("cuts nothing when the terminal is wide enough, or when it is no terminal", () => {
    for (const width of [260, Number.POSITIVE_INFINITY]) {
      const text = formatTable(report(), { color: false, top: 3, width });
      const first = rows(text).find((l) => l.includes("InvoiceEditor.tsx"))!;
      expect(first).toContain(
        "packages/web-application/src/features/billing/components/invoices/InvoiceEditor.tsx:1",
      );
      expect(first).toContain("cognitive complexity 97 (max 15)");
      expect(rows(text).join("")).not.toContain("…");
    }
  });

  it("on a narrow terminal keeps the file name and cuts the message at the edge", () => {
    const text = formatTable(report(), { color: false, top: 3, width: 120 });
    const first = rows(text).find((l) => l.includes("InvoiceEditor.tsx"))!;
    expect(first).toMatch(/…[^ ]*InvoiceEditor\.tsx:1/);
    expect(first.length).toBeLessThanOrEqual(120);
    expect(first.endsWith("…")).toBe(true);
  });
});
