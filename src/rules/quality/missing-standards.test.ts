import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { missingStandards } from "./missing-standards.ts";

const pkg = (extra: object = {}) =>
  JSON.stringify({ name: "app", scripts: { test: "vitest run" }, ...extra });
const ids = (files: Record<string, string>) =>
  runRule(missingStandards, files).map(
    (f) =>
      /^(No linter|No formatter|TypeScript is not in strict|TypeScript files but no tsconfig|package.json has no test)/.exec(
        f.message,
      )?.[1],
  );

describe("quality/missing-standards", () => {
  it("fires on a bare TypeScript project: no linter, no formatter, no tsconfig", () => {
    expect(ids({ "package.json": pkg(), "src/a.ts": "export const a = 1;" })).toEqual([
      "No linter",
      "No formatter",
      "TypeScript files but no tsconfig",
    ]);
  });

  it("fires on non-strict TypeScript and on npm's default test script", () => {
    const files = {
      "package.json": pkg({
        scripts: { test: 'echo "Error: no test specified" && exit 1' },
        devDependencies: { eslint: "9", prettier: "3" },
      }),
      "tsconfig.json": '{ // comments are allowed\n "compilerOptions": { "strict": false, }, }',
      "src/a.ts": "export const a = 1;",
    };
    expect(ids(files)).toEqual(["package.json has no test", "TypeScript is not in strict"]);
  });

  it("follows a local `extends` to find strict mode", () => {
    const files = {
      "package.json": pkg({ devDependencies: { "@biomejs/biome": "2" } }),
      "tsconfig.json": '{ "extends": "./config/tsconfig.base.json" }',
      "config/tsconfig.base.json": '{ "compilerOptions": { "strict": true } }',
      "src/a.ts": "export const a = 1;",
    };
    expect(ids(files)).toEqual([]);
  });

  it("does not fire when config files declare the tools (near-miss: no devDependencies)", () => {
    const files = {
      "package.json": pkg(),
      "eslint.config.js": "export default [];",
      ".prettierrc": "{}",
      "tsconfig.json": '{ "compilerOptions": { "strict": true } }',
      "src/a.ts": "export const a = 1;",
    };
    expect(ids(files)).toEqual([]);
  });

  it("does not ask for TypeScript strictness in a JavaScript project", () => {
    const files = {
      "package.json": pkg({ eslintConfig: {}, prettier: {} }),
      "src/a.js": "export const a = 1;",
    };
    expect(ids(files)).toEqual([]);
  });

  it("reports a package.json it cannot read instead of guessing", () => {
    const findings = runRule(missingStandards, { "package.json": "{ not json", "src/a.js": "x" });
    expect(findings[0]).toMatchObject({ path: "package.json", startLine: 1 });
    expect(findings[0]!.message).toContain("could not be read");
  });
});
