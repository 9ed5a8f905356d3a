import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const consumer = mkdtempSync(join(tmpdir(), "debtlens-consumer-"));
afterAll(() => rmSync(consumer, { recursive: true, force: true }));

describe("debtlens as a library", () => {
  it("is imported by its package name, as a user would, and audits a fixture", () => {
    // The package's entry is the build (`npm ci` runs it in `prepare`).
    expect(existsSync(join(root, "dist", "index.js")), "run `npm run build` first").toBe(true);
    mkdirSync(join(consumer, "node_modules"));
    symlinkSync(root, join(consumer, "node_modules", "debtlens"));
    writeFileSync(join(consumer, "package.json"), '{ "type": "module" }\n');
    writeFileSync(
      join(consumer, "use.js"),
      `import { runAudit, loadConfig, ruleCatalogue, formatMarkdown, compareReports, applyTriage, reportSchema, AUDIT_STAGES } from "debtlens";
const root = process.argv[2];
const { config } = loadConfig(root, undefined, ruleCatalogue);
const stages = [];
const report = await runAudit({ root, config: { ...config, cache: { enabled: false } }, offline: true, onEvent: (e) => e.state === "end" && stages.push(e.stage) });
reportSchema.parse(report);
const comparison = compareReports(undefined, report, undefined, "nothing");
console.log(JSON.stringify({
  items: report.items.map((i) => i.rule).sort(),
  stages, known: AUDIT_STAGES,
  markdown: formatMarkdown(report).length > 0,
  added: comparison.added.length,
  triage: typeof applyTriage,
}));
`,
    );
    const out = execFileSync(
      process.execPath,
      [join(consumer, "use.js"), join(root, "src", "audit", "fixtures", "shop")],
      { cwd: consumer, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } },
    );
    const result = JSON.parse(out);
    expect(result.items).toContain("quality/complex-function");
    expect(result.items).toContain("quality/duplicated-code");
    expect(result.stages).toEqual(result.known);
    expect(result.markdown).toBe(true);
    expect(result.added).toBe(result.items.length);
    expect(result.triage).toBe("function");
  });
});
