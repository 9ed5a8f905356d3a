import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterEach, describe, expect, it } from "vitest";
import { configSchema } from "../config/index.ts";
import { reportJsonSchema } from "../report/index.ts";
import { runAudit, AuditInputError, resolveCacheDir } from "./index.ts";

const fixture = join(import.meta.dirname, "fixtures", "shop");
const folders: string[] = [];
function copyOfFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), "debtlens-audit-"));
  folders.push(dir);
  cpSync(fixture, dir, { recursive: true });
  return dir;
}
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const config = (input: object = {}) => configSchema.parse(input);
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
  reportJsonSchema() as object,
);

describe("runAudit on a small app", () => {
  it("ranks the debt a reviewer would flag and validates against the report schema", async () => {
    const report = await runAudit({ root: copyOfFixture(), config: config() });
    const valid = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const found = report.items.map((i) => `${i.rule} ${i.path ?? ""}:${i.startLine ?? ""}`).sort();
    expect(found).toEqual([
      // The package has a start script: a service, so the readiness rules apply.
      "infrastructure/no-ci package.json:1",
      "infrastructure/no-error-tracking package.json:1",
      "infrastructure/no-iac package.json:1",
      "infrastructure/no-metrics package.json:1",
      "infrastructure/no-tracing package.json:1",
      "quality/complex-function src/orders/pricing.js:2",
      "quality/debt-marker src/orders/pricing.js:20",
      "quality/duplicated-code src/orders/pricing.js:24",
      "quality/missing-standards package.json:1",
      "quality/missing-standards package.json:1",
      "quality/missing-standards package.json:1",
      "quality/untested-module :",
    ]);
    expect(report.summary).toMatchObject({ files: 2, items: 12 });
    expect(report.items.every((i) => i.scores.priority > 0 && i.money.principal > 0)).toBe(true);
    expect(report.notes.map((n) => n.text).join(" ")).toMatch(/assumes 6 changes a year|history/i);
  });
});

describe("bad input: the audit completes and reports each problem", () => {
  it("handles an unparsable file, a binary .ts, a 5 MB bundle, an outside link, an empty file, and no git", async () => {
    const root = copyOfFixture();
    const outside = mkdtempSync(join(tmpdir(), "debtlens-outside-"));
    folders.push(outside);
    writeFileSync(join(outside, "secret.ts"), "export const x = 1;");
    writeFileSync(join(root, "src", "broken.ts"), "export function (\n");
    writeFileSync(
      join(root, "src", "image.ts"),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]),
    );
    writeFileSync(join(root, "src", "bundle.js"), `var a=0;${"a+=1;".repeat(1_000_000)}`);
    writeFileSync(join(root, "src", "small-bundle.js"), `var a=0;${"a+=1;".repeat(20_000)}`);
    writeFileSync(join(root, "src", "empty.ts"), "");
    symlinkSync(join(outside, "secret.ts"), join(root, "src", "linked.ts"));

    const report = await runAudit({ root, config: config() });
    const skip = (path: string) => report.skipped.files.find((s) => s.path === path)?.reason;
    expect(report.run.discovery).toBe("walk");
    expect(skip("src/image.ts")).toBe("binary");
    expect(skip("src/bundle.js")).toBe("too-large");
    expect(skip("src/small-bundle.js")).toBe("minified");
    expect(skip("src/linked.ts")).toBe("link-outside-root");
    expect(
      report.items
        .filter((i) => i.rule === "quality/parse-error")
        .map((i) => [i.path, i.startLine]),
    ).toEqual([["src/broken.ts", 1]]);
    expect(report.files.find((f) => f.path === "src/empty.ts")).toMatchObject({
      linesOfCode: 0,
      health: 10,
    });
    expect(report.skipped.counts).toMatchObject({
      binary: 1,
      "too-large": 1,
      minified: 1,
      "link-outside-root": 1,
    });
    expect(report.items.some((i) => i.rule === "quality/complex-function")).toBe(true);
  });

  it("refuses a path that does not exist with a clear message", async () => {
    await expect(runAudit({ root: "/no/such/folder", config: config() })).rejects.toThrow(
      AuditInputError,
    );
    await expect(runAudit({ root: "/no/such/folder", config: config() })).rejects.toThrow(
      "/no/such/folder: no such folder",
    );
  });
});

describe("the per-file cache", () => {
  it("parses nothing on a repeated audit and only the changed file after an edit", async () => {
    const root = copyOfFixture();
    const first = await runAudit({ root, config: config({ workers: 0 }) });
    expect(first.run).toMatchObject({ parsed: 3, cacheHits: 0 });
    const second = await runAudit({ root, config: config({ workers: 0 }) });
    expect(second.run).toMatchObject({ parsed: 0, cacheHits: 3 });
    expect(second.items).toEqual(first.items);
    writeFileSync(join(root, "src", "users", "report.js"), "export const x = 1;\n");
    const third = await runAudit({ root, config: config({ workers: 0 }) });
    expect(third.run).toMatchObject({ parsed: 1, cacheHits: 2 });
    expect(third.items.some((i) => i.rule === "quality/duplicated-code")).toBe(false);
  });

  it("still finds clones between cached files when an unrelated file changes", async () => {
    const root = copyOfFixture();
    const first = await runAudit({ root, config: config({ workers: 0 }) });
    const clone = (report: typeof first) =>
      report.items.filter((i) => i.rule === "quality/duplicated-code").map((i) => i.places);
    expect(clone(first)).toHaveLength(1);
    writeFileSync(join(root, "src", "extra.js"), "export const unrelated = 1;\n");
    const second = await runAudit({ root, config: config({ workers: 0 }) });
    expect(second.run).toMatchObject({ parsed: 1, cacheHits: 3 });
    expect(clone(second)).toEqual(clone(first));
  });

  it("is ignored when a rule's options change", async () => {
    const root = copyOfFixture();
    await runAudit({ root, config: config({ workers: 0 }) });
    const changed = await runAudit({
      root,
      config: config({
        workers: 0,
        rules: { "quality/complex-function": { options: { cyclomatic: 5 } } },
      }),
    });
    expect(changed.run).toMatchObject({ parsed: 3, cacheHits: 0 });
  });

  it("gives the same report from worker threads as from the main thread", async () => {
    const root = copyOfFixture();
    // Without a cache the two audits share nothing: they may run together.
    const [inline, threaded] = await Promise.all([
      runAudit({ root, config: config({ workers: 0, cache: { enabled: false } }) }),
      runAudit({
        root,
        config: config({ workers: 2, cache: { enabled: false } }),
      }),
    ]);
    expect(threaded.run.workers).toBe(2);
    expect(threaded.items).toEqual(inline.items);
  });
});

describe("cache files", () => {
  it("keep typed-array facts intact by falling back to V8's format", async () => {
    const { saveCache, loadCache } = await import("./cache.ts");
    const dir = mkdtempSync(join(tmpdir(), "debtlens-cache-"));
    folders.push(dir);
    const result = {
      path: "a.ts",
      hash: "h",
      lines: 1,
      linesOfCode: 1,
      findings: [],
      errors: [],
      facts: { "x/typed": new Uint32Array([1, 2, 3]) },
    };
    saveCache(dir, "ns", [result]);
    expect(loadCache(dir, "ns").entries.get("a.ts")!.facts["x/typed"]).toEqual(
      new Uint32Array([1, 2, 3]),
    );
    saveCache(dir, "ns", [{ ...result, facts: { "x/plain": [1, 2] } }]);
    expect(loadCache(dir, "ns").entries.get("a.ts")!.facts).toEqual({ "x/plain": [1, 2] });
    expect(loadCache(dir, "other").entries.size).toBe(0);
    // Deep inside a fact too.
    const nested = { "x/nested": { list: [{ seen: new Map([["a", 1]]) }] } };
    saveCache(dir, "ns", [{ ...result, facts: nested }]);
    expect(loadCache(dir, "ns").entries.get("a.ts")!.facts).toEqual(nested);
  });
});

describe("the module graph from the cache", () => {
  it("is served unchanged while no file changes, and resolved again when an import changes", async () => {
    const root = copyOfFixture();
    mkdirSync(join(root, "src", "lib"), { recursive: true });
    writeFileSync(
      join(root, "src", "lib", "a.js"),
      'import { b } from "./b.js";\nexport const a = b;\n',
    );
    writeFileSync(join(root, "src", "lib", "b.js"), "export const b = 1;\n");
    const first = await runAudit({ root, config: config() });
    expect(existsSync(join(resolveCacheDir(root, config()), "graph.v10"))).toBe(true);
    const second = await runAudit({ root, config: config() });
    expect(second.run.cacheHits).toBe(second.run.filesRead);
    expect(second.graph).toEqual(first.graph);
    expect(second.graph?.cycles).toEqual([]);
    // b.js now imports a.js: a cycle the cached graph does not have.
    writeFileSync(
      join(root, "src", "lib", "b.js"),
      'import { a } from "./a.js";\nexport const b = () => a;\n',
    );
    const third = await runAudit({ root, config: config() });
    expect(third.graph?.cycles.map((c) => c.files.sort())).toEqual([
      ["src/lib/a.js", "src/lib/b.js"],
    ]);
    // Other architecture settings make another graph (type imports counted or not).
    const typed = await runAudit({
      root,
      config: config({ architecture: { includeTypeImports: true } }),
    });
    expect(typed.graph?.includeTypeImports).toBe(true);
  });
});
