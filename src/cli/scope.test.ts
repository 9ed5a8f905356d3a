import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type Io } from "./main.ts";

function capture(): Io & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    columns: 160,
  };
  return io;
}

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

async function audit(...flags: string[]) {
  const io = capture();
  const args = ["audit", root, "--offline", "--no-cache", "--no-history", ...flags];
  const code = await main(["node", "debtlens", ...args], io);
  return { code, io };
}

describe("debtlens audit --scope", () => {
  it("counts production by default and shows the test scope apart", async () => {
    const { code, io } = await audit("--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(io.out);
    const markers = report.items.filter((i: { rule: string }) => i.rule === "quality/debt-marker");
    expect(markers.map((i: { scope: string }) => i.scope).sort()).toEqual(["production", "test"]);
    expect(report.summary.scopes).toEqual(["production"]);
    expect(report.summary.byScope.test.items).toBeGreaterThan(0);
    const table = await audit("--format", "table");
    expect(table.io.out).toMatch(
      /not counted above \(production only; --scope widens\): test \d+ items/,
    );
  });

  it("widens the headline with --scope and refuses an unknown scope with exit 2", async () => {
    const { io } = await audit("--format", "json", "--scope", "production,test");
    const report = JSON.parse(io.out);
    expect(report.summary.scopes).toEqual(["production", "test"]);
    expect(report.summary.items).toBe(report.items.length);
    const bad = await audit("--scope", "prod");
    expect(bad.code).toBe(2);
    expect(bad.io.err).toContain("--scope: expected scopes among production, test");
  });
});
