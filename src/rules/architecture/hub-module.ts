import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { generatedNodes } from "../../graph/index.ts";
import { isTestFile } from "../../shared/index.ts";

export const hubModule = defineRule({
  id: "architecture/hub-module",
  category: "architecture",
  severity: "medium",
  remediationMinutes: 240,
  description: "Modules with both very high fan-in and very high fan-out.",
  rationale:
    "A module that many modules depend on and that itself depends on many is where every change ripples both ways: it breaks often and breaks many things.",
  version: 1,
  options: z.strictObject({
    fanIn: z.number().int().min(1).default(20),
    fanOut: z.number().int().min(1).default(15),
  }),
  messages: {
    hub: "{{path}} is imported by {{fanIn}} modules and imports {{fanOut}}: every change here ripples through the codebase. Split it by responsibility so that callers depend on small, stable modules.",
  },
  analyze(ctx) {
    const graph = ctx.graph;
    if (!graph) return;
    const generated = generatedNodes(graph);
    graph.files.forEach((path, v) => {
      if (isTestFile(path) || generated(v)) return;
      const fanIn = graph.in[v]!.length;
      const fanOut = graph.out[v]!.length;
      if (fanIn < ctx.options.fanIn || fanOut < ctx.options.fanOut) return;
      ctx.report({
        messageId: "hub",
        data: { path, fanIn, fanOut },
        path,
        startLine: 1,
        key: "hub",
        evidence: {
          fanIn,
          fanOut,
          instability: Math.round((fanOut / (fanIn + fanOut)) * 1000) / 1000,
        },
      });
    });
  },
});
