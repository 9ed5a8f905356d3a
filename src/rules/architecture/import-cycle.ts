import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import {
  allEdges,
  generatedNodes,
  runtimeEdges,
  shortestCycle,
  stronglyConnected,
} from "../../graph/index.ts";

export const importCycle = defineRule({
  id: "architecture/import-cycle",
  category: "architecture",
  severity: "medium",
  remediationMinutes: 60,
  description:
    "Each strongly connected component of the module graph (modules that import each other).",
  rationale:
    "Modules in a cycle cannot be understood, tested, loaded or split apart one at a time; cycles also cause undefined-at-import-time bugs in CommonJS and ESM.",
  version: 1,
  options: z.strictObject({
    /** Count `import type` edges too (also settable for the whole graph as `architecture.includeTypeImports`). */
    includeTypeImports: z.boolean().default(false),
  }),
  messages: {
    cycle:
      "{{size}} modules import each other in a cycle, e.g. {{cycle}}. Break it: move what they share into a module both import, or invert one dependency (pass it in as a parameter or depend on an interface).",
  },
  analyze(ctx) {
    const graph = ctx.graph;
    if (!graph) return;
    const filter =
      ctx.options.includeTypeImports || graph.settings?.includeTypeImports
        ? allEdges
        : runtimeEdges;
    const generated = generatedNodes(graph);
    for (const component of stronglyConnected(graph, filter)) {
      const found = shortestCycle(graph, component, filter);
      // Reported at a module someone writes: a cycle through a generated barrel starts after it,
      // and one among generated files alone is no one's debt.
      const start = found.findIndex((v, i) => i < found.length - 1 && !generated(v));
      if (start < 0) continue;
      const cycle = [...found.slice(start, -1), ...found.slice(0, start + 1)];
      const first = cycle[0]!;
      const edge = graph.out[first]!.map((e) => graph.edges[e]!).find((e) => e.to === cycle[1]);
      const files = component.map((v) => graph.files[v]!);
      ctx.report({
        messageId: "cycle",
        data: { size: component.length, cycle: cycle.map((v) => graph.files[v]!).join(" -> ") },
        path: graph.files[first]!,
        startLine: edge?.line ?? 1,
        key: files.join("|"),
        evidence: { modules: component.length, shortestCycle: cycle.length - 1 },
        places: files.map((path) => ({ path, startLine: 1, endLine: 1 })),
        remediationMinutes: 30 + 15 * (cycle.length - 1) + 5 * component.length,
        severity: component.length > 10 ? "high" : "medium",
      });
    }
  },
});
