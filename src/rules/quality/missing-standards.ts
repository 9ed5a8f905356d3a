import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { dirPrefixOf } from "../../shared/index.ts";

const options = z.strictObject({
  linter: z.boolean().default(true),
  formatter: z.boolean().default(true),
  strictTypeScript: z.boolean().default(true),
  testScript: z.boolean().default(true),
});

/** What the rule keeps of a package.json or tsconfig: a few booleans, never the file. */
type ManifestFact =
  | {
      kind: "package";
      testScript: boolean;
      eslintConfig: boolean;
      prettierConfig: boolean;
      tools: string[];
    }
  | { kind: "tsconfig"; strict: boolean | undefined; extends: string[] }
  | { kind: "unreadable"; problem: string };

const LINTER_FILES =
  /(^|\/)(eslint\.config\.[cm]?[jt]s|\.eslintrc(\.(c?js|json|ya?ml))?|biome\.jsonc?|\.oxlintrc\.json|oxlint\.json|deno\.jsonc?|\.jshintrc)$/;
const FORMATTER_FILES =
  /(^|\/)(\.prettierrc(\.(c?js|mjs|json5?|ya?ml|toml))?|prettier\.config\.[cm]?[jt]s|biome\.jsonc?|dprint\.jsonc?|\.dprint\.jsonc?|deno\.jsonc?)$/;
const LINTER_PACKAGES = [
  "eslint",
  "oxlint",
  "@biomejs/biome",
  "xo",
  "standard",
  "ts-standard",
  "tslint",
];
const FORMATTER_PACKAGES = ["prettier", "@biomejs/biome", "dprint", "standard", "ts-standard"];
const NPM_DEFAULT_TEST = /no test specified/;

/** Reads JSON with comments and trailing commas, as tsconfig files are written. */
export function parseJsonc(text: string): unknown {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
}

function depth(path: string): number {
  return path.split("/").length;
}

export const missingStandards = defineRule({
  id: "quality/missing-standards",
  category: "quality",
  severity: "medium",
  remediationMinutes: 60,
  description: "No linter, no formatter, non-strict TypeScript, or no test script.",
  rationale:
    "Without automatic standards every review argues about style, type errors reach production and nobody knows whether a change broke something.",
  version: 1,
  filesOnly: true,
  options,
  messages: {
    noLinter:
      "No linter is configured: bugs a tool could catch reach review or production. Add ESLint (eslint.config.js), Biome or oxlint and run it in CI.",
    noFormatter:
      "No formatter is configured: reviews spend time on style and diffs carry noise. Add Prettier, Biome or dprint and check formatting in CI.",
    notStrict:
      'TypeScript is not in strict mode ({{file}}): null and implicit-any errors go unchecked. Set "strict": true in compilerOptions and fix what it finds.',
    noTsconfig:
      'TypeScript files but no tsconfig.json: the compiler\'s checks are not configured. Add a tsconfig.json with "strict": true.',
    noTestScript:
      'package.json has no test script: nobody, CI included, has one command to know that the code works. Add a "test" script.',
    unreadable:
      "{{file}} could not be read ({{problem}}), so the standards it declares were not checked. Fix the file.",
  },
  textFiles: (path) =>
    /(^|\/)(package\.json|tsconfig(\.[\w-]+)?\.json)$/.test(path) &&
    !path.includes("node_modules/"),
  checkText(ctx) {
    let data: Record<string, unknown>;
    try {
      data = (
        ctx.path.endsWith("package.json") ? JSON.parse(ctx.text) : parseJsonc(ctx.text)
      ) as Record<string, unknown>;
      if (typeof data !== "object" || data === null) throw new Error("not a JSON object");
    } catch (error) {
      ctx.setFact({
        kind: "unreadable",
        problem: (error as Error).message.slice(0, 120),
      } satisfies ManifestFact);
      return;
    }
    if (ctx.path.endsWith("package.json")) {
      const scripts = (data.scripts ?? {}) as Record<string, unknown>;
      const deps = {
        ...(data.dependencies as object),
        ...(data.devDependencies as object),
      } as Record<string, unknown>;
      const test = scripts.test;
      ctx.setFact({
        kind: "package",
        testScript: typeof test === "string" && test.trim() !== "" && !NPM_DEFAULT_TEST.test(test),
        eslintConfig: "eslintConfig" in data,
        prettierConfig: "prettier" in data,
        tools: [...new Set([...LINTER_PACKAGES, ...FORMATTER_PACKAGES])].filter(
          (name) => name in deps,
        ),
      } satisfies ManifestFact);
    } else {
      const compilerOptions = (data.compilerOptions ?? {}) as Record<string, unknown>;
      const ext = data.extends;
      ctx.setFact({
        kind: "tsconfig",
        strict: typeof compilerOptions.strict === "boolean" ? compilerOptions.strict : undefined,
        extends: (Array.isArray(ext) ? ext : ext ? [ext] : []).map(String),
      } satisfies ManifestFact);
    }
  },
  analyze(ctx) {
    const facts = ctx.factsOf<ManifestFact>("quality/missing-standards");
    for (const { path, fact } of facts) {
      if (fact.kind === "unreadable") {
        ctx.report({
          messageId: "unreadable",
          data: { file: path, problem: fact.problem },
          path,
          startLine: 1,
          key: "unreadable",
          remediationMinutes: 15,
        });
      }
    }
    // The shallowest package.json speaks for the repository.
    const packages = facts
      .filter((f) => f.fact.kind === "package")
      .sort((a, b) => depth(a.path) - depth(b.path));
    const root = packages[0] as
      { path: string; fact: Extract<ManifestFact, { kind: "package" }> } | undefined;
    const tools = new Set(
      packages.flatMap((p) => (p.fact as Extract<ManifestFact, { kind: "package" }>).tools),
    );
    const hasCode = ctx.files.some((f) => f.language && f.language !== "dts");
    if (!hasCode) return;
    const at = root ? { path: root.path, startLine: 1 } : {};
    if (
      ctx.options.linter &&
      !ctx.allPaths.some((p) => LINTER_FILES.test(p)) &&
      !root?.fact.eslintConfig &&
      !LINTER_PACKAGES.some((t) => tools.has(t))
    ) {
      ctx.report({ messageId: "noLinter", key: "linter", ...at, remediationMinutes: 120 });
    }
    if (
      ctx.options.formatter &&
      !ctx.allPaths.some((p) => FORMATTER_FILES.test(p)) &&
      !root?.fact.prettierConfig &&
      !FORMATTER_PACKAGES.some((t) => tools.has(t))
    ) {
      ctx.report({
        messageId: "noFormatter",
        key: "formatter",
        ...at,
        remediationMinutes: 60,
        severity: "low",
      });
    }
    if (ctx.options.testScript && root && !root.fact.testScript) {
      ctx.report({ messageId: "noTestScript", key: "test-script", ...at, remediationMinutes: 60 });
    }
    if (
      ctx.options.strictTypeScript &&
      ctx.files.some((f) => f.language === "ts" || f.language === "tsx")
    ) {
      const tsconfigs = new Map(
        facts
          .filter((f) => f.fact.kind === "tsconfig")
          .map((f) => [f.path, f.fact as Extract<ManifestFact, { kind: "tsconfig" }>]),
      );
      const main = [...tsconfigs.keys()]
        .filter((p) => /(^|\/)tsconfig\.json$/.test(p))
        .sort((a, b) => depth(a) - depth(b))[0];
      if (!main) {
        ctx.report({ messageId: "noTsconfig", key: "strict", remediationMinutes: 240 });
        return;
      }
      // Follow `extends` inside the repository; a package preset counts as strict when its name says so.
      const strictOf = (file: string, seen: Set<string>): boolean | undefined => {
        const config = tsconfigs.get(file);
        if (!config || seen.has(file)) return undefined;
        seen.add(file);
        if (config.strict !== undefined) return config.strict;
        for (const parent of [...config.extends].reverse()) {
          if (!parent.startsWith(".")) {
            if (/strict/.test(parent)) return true;
            continue;
          }
          const dir = dirPrefixOf(file);
          const target = normalisePath(dir + parent + (parent.endsWith(".json") ? "" : ".json"));
          const value = strictOf(target, seen);
          if (value !== undefined) return value;
        }
        return undefined;
      };
      if (strictOf(main, new Set()) !== true) {
        ctx.report({
          messageId: "notStrict",
          data: { file: main },
          key: "strict",
          path: main,
          startLine: 1,
          remediationMinutes: 480,
        });
      }
    }
  },
});

function normalisePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.join("/");
}
