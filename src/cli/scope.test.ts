import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test/support/cli.ts";

/** A folder with one debt marker in production code and one in a test. */
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "debtlens-scope-cli-"));
  const files = {
    "package.json": '{ "name": "app" }',
    "src/app.ts": "export const a = 1; // TODO: handle the empty case\n",
    "src/app.test.ts": "export const t = 1; // TODO: cover the empty case\n",
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const audit = (...flags: string[]) =>
  runCli(["audit", root, "--offline", "--no-cache", "--no-history", ...flags], { columns: 160 });

describe("debtlens audit --scope", () => {
  it("counts production by default and shows the test scope apart", async () => {
    const { code, stdout } = await audit("--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const markers = report.items.filter((i: { rule: string }) => i.rule === "quality/debt-marker");
    expect(markers.map((i: { scope: string }) => i.scope).sort()).toEqual(["production", "test"]);
    expect(report.summary.scopes).toEqual(["production"]);
    expect(report.summary.byScope.test.items).toBeGreaterThan(0);
    const table = await audit("--format", "table");
    expect(table.stdout).toMatch(
      /not counted above \(production only; --scope widens\): test \d+ items/,
    );
  });

  it("widens the headline with --scope and refuses an unknown scope with exit 2", async () => {
    const { stdout } = await audit("--format", "json", "--scope", "production,test");
    const report = JSON.parse(stdout);
    expect(report.summary.scopes).toEqual(["production", "test"]);
    expect(report.summary.items).toBe(report.items.length);
    const bad = await audit("--scope", "prod");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--scope: expected scopes among production, test");
  });
});
