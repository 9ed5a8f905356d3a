import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import {
  generatedNodes,
  MODULE_FACT,
  reachable,
  runtimeEdges,
  type ModuleFact,
  type ModuleGraph,
} from "../../graph/index.ts";

const NOT_CODE = /\.d\.[cm]?ts$|\.json$/;

export const unusedCode = defineRule({
  id: "quality/unused-code",
  category: "quality",
  severity: "low",
  remediationMinutes: 15,
  description: "Files unreachable from the entry points; exports nothing imports.",
  rationale:
    "Dead code is read, searched, refactored, upgraded and reviewed like live code, and misleads every reader about what the system does.",
  version: 2,
  options: z.strictObject({ exports: z.boolean().default(true) }),
  messages: {
    file: "Nothing reaches {{path}} from the entry points (package.json main/bin/exports, framework conventions, tests, `architecture.entries`). Delete it, or declare it in `architecture.entries` if a tool loads it.",
    export:
      "`{{name}}` is exported but no module imports it. Remove the export (and the code, if nothing in this file uses it).",
  },
  analyze(ctx) {
    const graph = ctx.graph;
    // Without a declared entry (package.json, configuration, app router) every module may be public API.
    if (!graph || graph.entries.length === 0 || !graph.entriesDeclared) return;
    // Test code (every file of the test scope, docs/scopes.md) is an entry, never a subject:
    // only production code is reported as unused.
    const tests = graph.files.flatMap((path, v) => (ctx.scopeOf(path) === "test" ? [v] : []));
    const seen = reachable(graph, [...graph.entries, ...tests]);
    const generated = generatedNodes(graph);
    const subject = (path: string) => ctx.scopeOf(path) === "production";
    graph.files.forEach((path, v) => {
      if (!seen[v] && subject(path) && !NOT_CODE.test(path) && !generated(v))
        ctx.report({
          messageId: "file",
          data: { path },
          path,
          startLine: 1,
          key: "file",
          remediationMinutes: 15,
        });
    });
    if (!ctx.options.exports) return;
    const used = usedNames(graph, seen);
    for (const { path, fact } of ctx.factsOf<ModuleFact>(MODULE_FACT)) {
      const v = graph.index.get(path);
      if (v === undefined || !seen[v] || used[v] === true || !subject(path) || NOT_CODE.test(path))
        continue;
      const names = used[v] as Set<string>;
      for (const exp of fact.exports) {
        if (exp.type || names.has(exp.name)) continue;
        ctx.report({
          messageId: "export",
          data: { name: exp.name },
          path,
          startLine: exp.line,
          symbol: exp.name,
        });
      }
    }
  },
});

/** Names used of each module; `true` means all of them (namespace, dynamic import, require, entry). */
type UsedNames = Array<Set<string> | true>;

/** A re-export through which importers' use flows on: `export * from` or `export { a as b } from`. */
interface Forward {
  from: number;
  to: number;
  /** `[imported, exported]` pairs; absent for `export *`. */
  pairs?: Array<[string, string]>;
}

/**
 * What the live modules use of each module, by name, through imports and re-export chains. An
 * entry's exports are all used, except a loose entry's (a script or test helper) that another
 * live module imports: that one is judged by its imports.
 */
function usedNames(graph: ModuleGraph, seen: ArrayLike<boolean | number>): UsedNames {
  const used: UsedNames = graph.files.map(() => new Set<string>());
  const loose = new Set(graph.looseEntries ?? []);
  for (const e of graph.entries) {
    const imported = graph.in[e]!.some((i) => {
      const from = graph.edges[i]!.from;
      return from !== e && seen[from];
    });
    if (!loose.has(e) || !imported) used[e] = true;
  }
  const forwards: Forward[] = [];
  for (const edge of graph.edges) {
    // An import from dead code keeps nothing alive.
    if (!seen[edge.from]) continue;
    for (const name of edge.names) {
      // `import type * as T` reads types only: no value export is used through it.
      if (name === "*") {
        if (runtimeEdges(edge.kind)) used[edge.to] = true;
      } else if (name === "*re") forwards.push({ from: edge.from, to: edge.to });
      else mark(used, edge.to, name);
    }
    if (edge.reExports) forwards.push({ from: edge.from, to: edge.to, pairs: edge.reExports });
    // A side-effect import (`import "./x"`) or `export {} from` uses nothing by name.
  }
  propagateReExports(used, forwards);
  return used;
}

function mark(used: UsedNames, v: number, name: string): boolean {
  const set = used[v]!;
  if (set === true || set.has(name)) return false;
  set.add(name);
  return true;
}

/** What importers use of a re-exporting module may come from the module it re-exports, to a fixed point. */
function propagateReExports(used: UsedNames, forwards: readonly Forward[]): void {
  for (let changed = true, rounds = 0; changed && rounds < 50; rounds++) {
    changed = false;
    for (const { from, to, pairs } of forwards) {
      const source = used[from]!;
      if (used[to] === true) continue;
      if (pairs) {
        for (const [imported, exported] of pairs)
          if ((source === true || source.has(exported)) && mark(used, to, imported)) changed = true;
      } else if (source === true) {
        used[to] = true;
        changed = true;
      } else {
        for (const name of source) if (name !== "default" && mark(used, to, name)) changed = true;
      }
    }
  }
}
