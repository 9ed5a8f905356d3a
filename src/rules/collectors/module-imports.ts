import { z } from "zod";
import { defineRule, type AstNode } from "../../engine/index.ts";
import {
  IMPORT,
  MODULE_FACT,
  type ExportRecord,
  type ImportRecord,
  type ModuleFact,
} from "../../graph/index.ts";

/**
 * The built-in collector behind the module graph: not a finding rule, but it runs in the same
 * single traversal as the rules and its fact is cached with theirs. Static imports and exports
 * come from the parser's module record; only `require` and dynamic-import literals need the walk.
 */
export const moduleImports = defineRule({
  id: MODULE_FACT,
  category: "architecture",
  severity: "info",
  remediationMinutes: 0,
  description: "Collects each file's imports and exports for the module graph (reports nothing).",
  rationale: "The module graph is built once from these facts, never by re-parsing.",
  version: 3,
  // A generated barrel (index.ts re-exporting a package) is how tests and callers reach modules.
  readsGenerated: true,
  options: z.strictObject({}),
  messages: {},
  create(ctx) {
    const imports: ImportRecord[] = [];
    const exports: ExportRecord[] = [];
    let nonLiteral = 0;
    const { module, text } = ctx;
    for (const imp of module.staticImports) {
      const typeOnly = imp.entries.length > 0 && imp.entries.every((e) => e.isType);
      const typeKeyword = /^import\s+type\s/.test(text.slice(imp.start, imp.start + 12));
      const names = imp.entries.map((e) =>
        e.importName.kind === "Default"
          ? "default"
          : e.importName.kind === "NamespaceObject"
            ? "*"
            : (e.importName.name ?? "default"),
      );
      imports.push({
        s: imp.moduleRequest.value,
        k: typeOnly || typeKeyword ? IMPORT.typeOnly : 0,
        line: ctx.lineOf(imp.start),
        n: names,
      });
    }
    const reExports = new Map<string, ImportRecord>();
    for (const exp of module.staticExports) {
      const typeKeyword = /^export\s+type\s/.test(text.slice(exp.start, exp.start + 12));
      for (const entry of exp.entries) {
        const name = entry.exportName.kind === "Default" ? "default" : entry.exportName.name;
        const isType = entry.isType || typeKeyword;
        if (name) exports.push({ name, line: ctx.lineOf(entry.start), type: isType });
        const request = entry.moduleRequest;
        if (!request) continue;
        const key = `${request.value}\u0000${exp.start}`;
        let record = reExports.get(key);
        if (!record) {
          record = {
            s: request.value,
            k: IMPORT.reExport | (isType ? IMPORT.typeOnly : 0),
            line: ctx.lineOf(exp.start),
            n: [],
            x: [],
          };
          reExports.set(key, record);
          imports.push(record);
        } else if (!isType) record.k &= ~IMPORT.typeOnly;
        const kind = entry.importName.kind as string;
        record.n.push(
          kind === "AllButDefault"
            ? "*re"
            : kind === "All"
              ? "*"
              : (entry.importName.name ?? "default"),
        );
        record.x!.push(name ?? "*");
      }
    }
    for (const dyn of module.dynamicImports) {
      const literal = literalText(text.slice(dyn.moduleRequest.start, dyn.moduleRequest.end));
      if (literal === undefined) nonLiteral++;
      else imports.push({ s: literal, k: IMPORT.dynamic, line: ctx.lineOf(dyn.start), n: ["*"] });
    }
    return {
      // `new URL("./worker.ts", import.meta.url)`: a worker or asset the bundler loads.
      NewExpression(node: AstNode) {
        for (const s of workerUrls(node, text))
          imports.push({ s, k: IMPORT.dynamic, line: ctx.lineOf(node.start), n: ["*"] });
      },
      CallExpression(node: AstNode) {
        const callee = node.callee as AstNode;
        const globs = viteGlobs(node, text);
        if (globs) {
          for (const s of globs)
            imports.push({
              s,
              k: IMPORT.dynamic | IMPORT.glob,
              line: ctx.lineOf(node.start),
              n: ["*"],
            });
          return;
        }
        if (callee.type !== "Identifier" || callee.name !== "require") return;
        const arg = (node.arguments as AstNode[])[0];
        if (!arg) return;
        const literal = literalText(text.slice(arg.start, arg.end));
        if (literal === undefined) nonLiteral++;
        else
          imports.push({ s: literal, k: IMPORT.require, line: ctx.lineOf(node.start), n: ["*"] });
      },
      "Program:exit"() {
        ctx.setFact({ imports, exports, nonLiteral } satisfies ModuleFact);
      },
    };
  },
});

function literalText(source: string): string | undefined {
  const match = /^\s*(["'`])([^"'`$\\]*)\1\s*$/.exec(source);
  return match ? match[2] : undefined;
}

/** String literals of an argument (one, or an array of them). */
function literalsOf(node: AstNode | undefined, text: string): string[] {
  if (!node) return [];
  const nodes = node.type === "ArrayExpression" ? (node.elements as AstNode[]) : [node];
  return nodes
    .map((n) => (n ? literalText(text.slice(n.start, n.end)) : undefined))
    .filter((s): s is string => s !== undefined);
}

/** `new URL("./x.ts", import.meta.url)`: the relative file named. */
function workerUrls(node: AstNode, text: string): string[] {
  const callee = node.callee as AstNode;
  const [first, second] = node.arguments as AstNode[];
  if (callee.type !== "Identifier" || callee.name !== "URL" || !first || !second) return [];
  if (text.slice(second.start, second.end) !== "import.meta.url") return [];
  return literalsOf(first, text).filter((s) => s.startsWith("."));
}

/** `import.meta.glob("./pages/*.ts")` (Vite): the glob patterns, negations left out; undefined for another call. */
function viteGlobs(node: AstNode, text: string): string[] | undefined {
  const callee = node.callee as AstNode;
  // Checked on node types first: this runs on every call of every file.
  if (callee.type !== "MemberExpression" || (callee.object as AstNode).type !== "MetaProperty")
    return undefined;
  if ((callee.property as AstNode).name !== "glob") return undefined;
  return literalsOf((node.arguments as AstNode[])[0], text).filter((s) => !s.startsWith("!"));
}
