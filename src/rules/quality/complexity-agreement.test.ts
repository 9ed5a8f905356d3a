import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Linter } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import { factsOf } from "../../../test/support/rule-tester.ts";
import { complexFunction, type FunctionMetrics } from "./complex-function.ts";

/**
 * The reference check of issue 2: on a real corpus (debtlens's own sources plus a fixture of
 * tricky constructs), every function's cyclomatic complexity and head line must equal what
 * ESLint's `complexity` rule reports with typescript-eslint's parser. With `max: 0` ESLint
 * reports every function, so this compares all of them, not only those above 10.
 */
const root = join(import.meta.dirname, "..", "..", "..");
const corpus = [
  ...readdirSync(join(root, "src"), { recursive: true, encoding: "utf8" })
    .filter((p) => p.endsWith(".ts") && !p.includes("fixtures"))
    .map((p) => join(root, "src", p)),
  join(import.meta.dirname, "fixtures", "complexity-corpus.ts"),
];

const linter = new Linter({ configType: "flat" });
const config = [
  {
    files: ["**/*.ts"],
    languageOptions: { parser: tseslint.parser as Linter.Parser },
    rules: { complexity: ["error", 0] as Linter.RuleEntry },
  },
];

describe("cyclomatic complexity agrees with ESLint's complexity rule", () => {
  it(`on ${corpus.length} files`, () => {
    const differences: string[] = [];
    let functions = 0;
    for (const file of corpus) {
      const source = readFileSync(file, "utf8");
      const name = relative(root, file);
      const eslint = linter
        .verify(source, config, { filename: file })
        .filter(
          (m) =>
            m.ruleId === "complexity" && !/^Class (field initializer|static block)/.test(m.message),
        )
        .map((m) => `${m.line} ${/complexity of (\d+)/.exec(m.message)![1]}`)
        .sort();
      const ours = (factsOf<FunctionMetrics[]>(complexFunction, source, name) ?? [])
        .map((f) => `${f.line} ${f.cyclomatic}`)
        .sort();
      functions += ours.length;
      for (const k of ours.filter((k) => !eslint.includes(k)))
        differences.push(`${name}:${k} only debtlens`);
      for (const k of eslint.filter((k) => !ours.includes(k)))
        differences.push(`${name}:${k} only ESLint`);
    }
    expect(differences).toEqual([]);
    expect(functions).toBeGreaterThan(200);
  });
});
