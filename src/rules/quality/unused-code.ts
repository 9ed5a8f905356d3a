import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import {
  generatedNodes,
  MODULE_FACT,
  reachable,
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
  version: 1,
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
    const seen = reachable(graph, graph.entries);
    const generated = generatedNodes(graph);
    graph.files.forEach((path, v) => {
      if (!seen[v] && !NOT_CODE.test(path) && !generated(v))
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
      if (v === undefined || !seen[v] || used[v] === true) continue;
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

/** What the live modules use of each module, by name, through imports and `export *` chains. */
function usedNames(graph: ModuleGraph, seen: ArrayLike<boolean | number>): UsedNames {
  const used: UsedNames = graph.files.map(() => new Set<string>());
  for (const e of graph.entries) used[e] = true;
  const starFrom: Array<[number, number]> = [];
  const mark = (v: number, name: string) => {
    const set = used[v]!;
    if (set !== true) set.add(name);
  };
  for (const edge of graph.edges) {
    // An import from dead code keeps nothing alive.
    if (!seen[edge.from]) continue;
    for (const name of edge.names) {
      if (name === "*") used[edge.to] = true;
      else if (name === "*re") starFrom.push([edge.from, edge.to]);
      else mark(edge.to, name);
    }
    // A side-effect import (`import "./x"`) or `export {} from` uses nothing by name.
  }
  propagateStarExports(used, starFrom);
  return used;
}

/** `export * from "./x"`: what importers use of the re-exporting module may come from x. */
function propagateStarExports(used: UsedNames, starFrom: Array<[number, number]>): void {
  for (let changed = true, rounds = 0; changed && rounds < 50; rounds++) {
    changed = false;
    for (const [from, to] of starFrom) {
      const source = used[from]!;
      const target = used[to]!;
      if (target === true) continue;
      if (source === true) {
        used[to] = true;
        changed = true;
        continue;
      }
      for (const name of source) {
        if (name !== "default" && !target.has(name)) {
          target.add(name);
          changed = true;
        }
      }
    }
  }
}
