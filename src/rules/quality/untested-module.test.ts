import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { auditFiles, hits } from "../architecture/rule-tester.ts";

const id = "quality/untested-module";
const bin = (name: string) => resolve(import.meta.dirname, "../../../node_modules/.bin", name);

/** A tiny project whose tests really run under c8 (V8 coverage written as lcov and istanbul JSON). */
const project = {
  "package.json": `{ "name": "tiny", "type": "module" }`,
  "src/math.js": `export function add(a, b) {\n  return a + b;\n}\n`,
  "src/format.js": `export function format(n) {
  if (n < 0) {
    const abs = -n;
    const text = String(abs);
    return "(" + text + ")";
  }
  if (n > 1000) {
    const k = n / 1000;
    const text = k.toFixed(1);
    return text + "k";
  }
  return String(n);
}
`,
  "src/never.js": `export const never = () => 42;\n`,
  "test/math.test.js": `import { test } from "node:test";
import assert from "node:assert";
import { add } from "../src/math.js";
import { format } from "../src/format.js";
test("add", () => assert.equal(add(1, 2), 3));
test("format", () => assert.equal(format(5), "5"));
`,
};

function runC8(root: string, reporter: "lcov" | "json"): string {
  execFileSync(
    bin("c8"),
    [
      `--reporter=${reporter}`,
      "--reports-dir=coverage",
      bin("node"),
      "--test",
      "test/math.test.js",
    ],
    { cwd: root, stdio: "pipe" },
  );
  const file = join(root, "coverage", reporter === "lcov" ? "lcov.info" : "coverage-final.json");
  if (!existsSync(file)) throw new Error(`c8 wrote no ${file}`);
  return file;
}

async function withCoverage(reporter: "lcov" | "json") {
  const report = await auditFiles(project, [id], {}, { coverage: (root) => runC8(root, reporter) });
  return report;
}

describe(id, () => {
  it("without coverage: fires on modules no test reaches, directly or through imports", async () => {
    const found = await hits(id, {
      "src/a.ts": 'import { b } from "./b";\nexport const a = () => b;\n',
      "src/b.ts": "export const b = 1;\n",
      "src/c.ts": "export const c = 1;\n",
      "src/d.ts": 'import type { T } from "./e";\nexport const d: T = 1;\n',
      "src/e.ts": "export type T = number;\nexport const e = 2;\n",
      "src/a.test.ts":
        'import { a } from "./a";\nimport { d } from "./d";\ntest("a", () => a() + d);\n',
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual(["src/c.ts:1", "src/e.ts:1"]);
    expect(found[0]!.message).toBe(
      "No test file imports src/c.ts, directly or through other modules. Add tests for its behaviour (a test file that imports it).",
    );
  });
  it("without any test: one repository finding", async () => {
    const found = await hits(id, {
      "src/a.ts": "export const a = 1;\n",
      "src/b.ts": "export const b = 1;\n",
    });
    expect(found.map((h) => [h.path, h.message])).toEqual([
      [
        undefined,
        "None of the 2 source modules is reached by a test file: the project has no tests the module graph can see. Start with tests for the modules that change most.",
      ],
    ]);
  });
  it("does not fire on tested modules, configs, declarations or scripts", async () => {
    expect(
      await hits(id, {
        "src/a.ts": "export const a = 1;\n",
        "src/a.spec.ts": 'import { a } from "./a";\n',
        "vite.config.ts": "export default {};\n",
        "src/env.d.ts": "declare const x: number;\n",
        "scripts/seed.ts": "export {};\n",
      }),
    ).toEqual([]);
  });
  it("with a real lcov report: fires below the threshold and on files no test loaded", async () => {
    const report = await withCoverage("lcov");
    const items = report.items.filter((i) => i.rule === id).map((i) => [i.path, i.message]);
    expect(items).toEqual([
      [
        "src/format.js",
        "src/format.js has 38.5% line coverage (5 of 13 lines), below the 60% threshold. Add tests for its untested branches.",
      ],
      [
        "src/never.js",
        "src/never.js does not appear in the coverage report lcov.info: no test loaded it. Add tests that import it.",
      ],
    ]);
    expect(report.coverage!.format).toBe("lcov");
    expect(report.coverage!.files.map((f) => [f.path, f.pct])).toEqual([
      ["src/format.js", 38.5],
      ["src/math.js", 100],
    ]);
  });
  it("with a real istanbul JSON report: the same modules, from statement maps", async () => {
    const report = await withCoverage("json");
    expect(report.coverage!.format).toBe("istanbul");
    expect(report.items.filter((i) => i.rule === id).map((i) => i.path)).toEqual([
      "src/format.js",
      "src/never.js",
    ]);
    expect(report.coverage!.files.find((f) => f.path === "src/math.js")!.pct).toBe(100);
  });
  it("reports a missing or malformed coverage file in the notes and goes on", async () => {
    const missing = await auditFiles(
      { "src/a.ts": "export const a = 1;\n" },
      [id],
      {},
      { coverage: (root) => join(root, "nope.info") },
    );
    expect(
      missing.notes.some((n) => n.endsWith("nope.info: cannot read the coverage report (ENOENT)")),
    ).toBe(true);
    expect(missing.items.map((i) => i.rule)).toEqual([id]);
    const broken = await auditFiles(
      { "src/a.ts": "export const a = 1;\n", "cov.json": "{ not json" },
      [id],
      {},
      { coverage: (root) => join(root, "cov.json") },
    );
    expect(broken.notes.some((n) => n.includes("cov.json: not an istanbul coverage report"))).toBe(
      true,
    );
  });
});
