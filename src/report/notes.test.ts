import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runAudit } from "../audit/index.ts";
import { configSchema } from "../config/index.ts";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { noteText } from "./notes.ts";
import { formatTable } from "./table.ts";

describe("structured notes", () => {
  it("are worded from their code and data, and keep their text for a code the reporter does not know", () => {
    const data = { items: 1, file: "debtlens.triage.json" };
    expect(noteText({ code: "triage.excluded", data, text: "old wording" })).toBe(
      "1 triaged item from debtlens.triage.json is left out of the totals.",
    );
    expect(noteText({ code: "triage.excluded", data: { ...data, items: 3 }, text: "x" })).toBe(
      "3 triaged items from debtlens.triage.json are left out of the totals.",
    );
    expect(noteText({ code: "triage.excluded", text: "no data: the text" })).toBe(
      "no data: the text",
    );
    expect(noteText({ code: "from.a.newer.debtlens", data, text: "as written" })).toBe(
      "as written",
    );
    const report = syntheticReport(1, {
      notes: [{ code: "triage.stale", data: { decisions: 2, file: "t.json" }, text: "x" }],
    });
    expect(formatTable(report, { color: false, top: 5, width: 120 })).toContain(
      "note: 2 triage decisions in t.json match no item (stale): remove them.",
    );
  });

  it("carry a stable code from the stage that noticed (history off, outside git)", async () => {
    const root = mkdtempSync(join(tmpdir(), "debtlens-notes-"));
    try {
      writeFileSync(join(root, "a.ts"), "export const a = 1;\n");
      const config = configSchema.parse({ cache: { enabled: false }, history: { enabled: false } });
      const report = await runAudit({ root, config, offline: true });
      const codes = report.notes.map((n) => n.code);
      expect(codes.filter((c) => c.startsWith("history."))).toHaveLength(1);
      expect(codes.some((c) => c === "history.off" || c === "history.outside-git")).toBe(true);
      for (const n of report.notes) expect(n.text.length).toBeGreaterThan(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
