import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { baselineOf, loadBaseline, moveKey, writeBaseline } from "./baseline.ts";
import { compareReports } from "./compare.ts";

const folder = mkdtempSync(join(tmpdir(), "debtlens-baseline-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The report's items with realistic paths, symbols and messages (v1 stored them in full). */
function register(count: number) {
  const report = syntheticReport(count);
  report.items = report.items.map((item, n) => ({
    ...item,
    path: `packages/app-${n % 40}/src/features/module-${n % 300}/component-${n}.tsx`,
    symbol: `handleSomethingComplicated${n}`,
    message: `handleSomethingComplicated${n} has cyclomatic complexity ${10 + (n % 30)} (max 10) and cognitive complexity ${15 + (n % 50)} (max 15): it is hard to read and to test.`,
  }));
  return report;
}

describe("the committed baseline", () => {
  it("is a tenth of the v1 file's size for 8,000 items, and matches all of them", () => {
    const report = register(8000);
    const v1 = {
      schema: "debtlens.baseline/v1",
      generatedAt: "2026-01-01T00:00:00.000Z",
      items: report.items.map((i) => ({
        id: i.id,
        rule: i.rule,
        path: i.path,
        symbol: i.symbol,
        key: moveKey(i),
      })),
    };
    const v1Path = join(folder, "v1.json");
    writeFileSync(v1Path, `${JSON.stringify(v1, null, 2)}\n`);
    const v2Path = join(folder, "v2.json");
    expect(writeBaseline(v2Path, report)).toEqual({ items: 8000 });
    // a tenth of the 627 KB a real register of 8,000 items took as v1, and far less than this
    // test's v1 (its messages are longer than most)
    expect(statSync(v2Path).size).toBeLessThan(66_000);
    expect(statSync(v2Path).size / statSync(v1Path).size).toBeLessThan(0.05);

    // both excuse every item of the register they were written from, and list nothing as stale
    for (const path of [v1Path, v2Path]) {
      const comparison = compareReports(undefined, report, loadBaseline(path), "baseline");
      expect(comparison.added).toEqual([]);
      expect(comparison.staleBaseline).toEqual([]);
    }
  });

  it("matches code moved to another file by its move key, and a new item by neither", () => {
    const report = register(50);
    const path = join(folder, "moves.json");
    writeBaseline(path, report);
    const head = structuredClone(report);
    const moved = head.items[7]!;
    // moved unchanged: a new path (so a new fingerprint), the same rule, symbol and message
    head.items[7] = {
      ...moved,
      id: "moved-fingerprint",
      fingerprint: "moved-fingerprint",
      path: "src/elsewhere.tsx",
    };
    head.items.push({
      ...head.items[8]!,
      id: "brand-new",
      fingerprint: "brand-new",
      symbol: "fresh",
      message: "fresh is new",
    });
    const comparison = compareReports(undefined, head, loadBaseline(path), "baseline");
    expect(comparison.added.map((i) => i.id)).toEqual(["brand-new"]);
  });

  it("writes entries sorted by rule and token, so a rewrite differs only where the register did", () => {
    const report = register(30);
    const a = baselineOf(report, "t");
    const b = baselineOf({ ...report, items: [...report.items].reverse() }, "t");
    expect(b).toEqual(a);
    expect(Object.keys(a.entries)).toEqual([...Object.keys(a.entries)].sort());
  });

  it("names the file and the problem for a damaged baseline", () => {
    const path = join(folder, "bad.json");
    writeFileSync(
      path,
      JSON.stringify({ schema: "debtlens.baseline/v2", generatedAt: "t", entries: { r: "abc" } }),
    );
    expect(() => loadBaseline(path)).toThrow(/bad\.json: entries\.r: a multiple of 8 characters/);
  });
});
