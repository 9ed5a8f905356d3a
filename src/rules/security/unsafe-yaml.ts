import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { frameworksOf, mergeHandlers } from "../../frameworks/index.ts";
import { dirPrefixOf, isLockfile, isTestFile } from "../../shared/index.ts";
import { lineKey } from "./flow.ts";
import { requestInputOf } from "./request-input.ts";

const ID = "security/unsafe-yaml";
const LOADS = new Set(["load", "loadAll"]);
const UNSAFE_LOADS = new Set(["unsafeLoad", "unsafeLoadAll"]);
/** js-yaml 3's schemas with `!!js/function`, `!!js/regexp` and `!!js/undefined`. */
const UNSAFE_SCHEMA = /\bDEFAULT_FULL_SCHEMA\b|js-yaml-js-types/;
/** A js-yaml entry of a lockfile: npm's `"node_modules/js-yaml": { "version": "3.14.1"`, yarn's `js-yaml@^3.13.1:\n  version "3.14.1"`, pnpm's `js-yaml@3.14.1:`. */
const LOCKED = [
  /"(?:node_modules\/)?js-yaml":\s*\{\s*"version":\s*"(\d+)\./g,
  /^"?js-yaml@[^\n]*:\r?\n\s+version:?\s+"?(\d+)\./gm,
  /^\s+\/?js-yaml@(\d+)\.\d+\.\d+[:(]/gm,
];

interface Load {
  line: number;
  key: string;
  call: string;
  unsafe: boolean;
  request: boolean;
}
type Fact =
  | { kind: "code"; loads: Load[] }
  /** The major versions of js-yaml a manifest declares (its range's lowest) or a lockfile pins. */
  | { kind: "declared" | "locked"; majors: number[] };

export const unsafeYaml = defineRule({
  id: ID,
  category: "security",
  severity: "high",
  remediationMinutes: 30,
  description:
    "YAML parsed by js-yaml's `load` before version 4, `unsafeLoad`, or a schema with JavaScript types (`DEFAULT_FULL_SCHEMA`).",
  rationale:
    "js-yaml 3's `load` and the full schema build JavaScript functions from `!!js/function` tags: a YAML document from outside becomes code that runs in the server when the value is used.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    version:
      "{{call}} parses YAML with js-yaml {{version}}, whose `load` turns `!!js/function` tags into functions{{source}}: a crafted document runs code in the server. Upgrade to js-yaml 4 (its `load` is safe) or call `safeLoad`.",
    schema:
      "{{call}} parses YAML with JavaScript types enabled (`unsafeLoad` or `DEFAULT_FULL_SCHEMA`){{source}}: a crafted document runs code in the server. Use `load` of js-yaml 4 or `safeLoad` with the default safe schema.",
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path) || !ctx.text.includes("js-yaml")) return {};
    const { bindings } = frameworksOf(ctx);
    const { input, handlers: inputHandlers } = requestInputOf(ctx);
    const loads: Load[] = [];
    const yamlCall = (callee: AstNode): string | undefined => {
      if (callee.type === "Identifier") {
        const b = bindings.get(callee.name as string);
        return b?.source === "js-yaml" ? b.imported : undefined;
      }
      if (callee.type !== "MemberExpression" || callee.computed) return undefined;
      const object = callee.object as AstNode;
      const b = object.type === "Identifier" ? bindings.get(object.name as string) : undefined;
      return b?.source === "js-yaml" && (b.imported === "default" || b.imported === "*")
        ? ((callee.property as AstNode).name as string)
        : undefined;
    };
    return mergeHandlers(inputHandlers, {
      CallExpression(node) {
        const callee = node.callee as AstNode;
        const method = yamlCall(callee);
        if (!method || (!LOADS.has(method) && !UNSAFE_LOADS.has(method))) return;
        const args = node.arguments as AstNode[];
        const options = args[1] ? ctx.text.slice(args[1].start, args[1].end) : "";
        loads.push({
          line: ctx.lineOf(node.start),
          key: lineKey(ctx.text, node.start),
          call: ctx.text.slice(callee.start, Math.min(callee.end, callee.start + 40)),
          unsafe: UNSAFE_LOADS.has(method) || UNSAFE_SCHEMA.test(options),
          request: input.origin(args[0])?.kind === "request",
        });
      },
      "Program:exit"() {
        if (loads.length) ctx.setFact({ kind: "code", loads } satisfies Fact);
      },
    });
  },
  textFiles: (path) =>
    !path.includes("node_modules/") && (/(^|\/)package\.json$/.test(path) || isLockfile(path)),
  checkText(ctx) {
    if (!ctx.text.includes("js-yaml")) return;
    if (ctx.path.endsWith("package.json")) {
      let data: Record<string, Record<string, unknown> | undefined>;
      try {
        data = JSON.parse(ctx.text) as typeof data;
      } catch {
        return; // the dependency rules report a broken manifest
      }
      const range = data.dependencies?.["js-yaml"] ?? data.devDependencies?.["js-yaml"];
      // The lowest version the range allows: `^3.13.1` -> 3, `~4.1.0` -> 4, `>=3` -> 3.
      const major = typeof range === "string" ? /(\d+)/.exec(range)?.[1] : undefined;
      if (major !== undefined)
        ctx.setFact({ kind: "declared", majors: [Number(major)] } satisfies Fact);
      return;
    }
    const majors = new Set<number>();
    for (const pattern of LOCKED)
      for (const m of ctx.text.matchAll(pattern)) majors.add(Number(m[1]));
    if (majors.size) ctx.setFact({ kind: "locked", majors: [...majors] } satisfies Fact);
  },
  analyze(ctx) {
    const facts = ctx.factsOf<Fact>(ID);
    const versions = facts
      .filter((f) => f.fact.kind !== "code")
      .map((f) => ({
        dir: dirPrefixOf(f.path),
        fact: f.fact as Extract<Fact, { majors: number[] }>,
      }))
      // Nearest folder first; in one folder the manifest's declaration before the lockfile.
      .sort((a, b) => b.dir.length - a.dir.length || (a.fact.kind === "declared" ? -1 : 1));
    for (const { path, fact } of facts) {
      if (fact.kind !== "code") continue;
      const known = versions.find((v) => path.startsWith(v.dir));
      // Several majors locked and none declared: which one this file gets is not known.
      const major =
        known && new Set(known.fact.majors.map((m) => m < 4)).size === 1
          ? known.fact.majors[0]
          : undefined;
      for (const load of fact.loads) {
        const source = load.request ? ", here from request input" : "";
        const at = {
          path,
          startLine: load.line,
          key: load.key,
          ...(load.request ? { severity: "critical" as const } : {}),
        };
        if (load.unsafe)
          ctx.report({ ...at, messageId: "schema", data: { call: load.call, source } });
        else if (major !== undefined && major < 4)
          ctx.report({
            ...at,
            messageId: "version",
            data: {
              call: load.call,
              version: `${major}.x (${known!.fact.kind} in ${known!.dir || "the root"})`,
              source,
            },
          });
      }
    }
  },
});
