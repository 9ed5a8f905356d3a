import picomatch from "picomatch";
import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { generatedNodes } from "../../graph/index.ts";

/** The folder of `path` that a feature glob such as `src/features/*` matches, if any. */
function featureOf(path: string, matchers: Array<(p: string) => boolean>): string | undefined {
  const parts = path.split("/");
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join("/");
    if (matchers.some((m) => m(dir))) return dir;
  }
  return undefined;
}

export const boundaryViolation = defineRule({
  id: "architecture/boundary-violation",
  category: "architecture",
  severity: "medium",
  remediationMinutes: 45,
  description:
    "Imports that break the configured boundaries: forbidden from/to, layer order, feature entry files.",
  rationale:
    "Boundaries are what lets teams change one part without reading all of it; each violation is a dependency that makes the next split or rewrite more expensive.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    forbidden:
      "{{from}} imports {{to}}, which the boundary rule {{name}} forbids{{comment}}. Depend on an allowed module instead, or move the shared code where both sides may import it.",
    layer:
      "{{from}} (layer {{fromLayer}}) imports {{to}} (layer {{toLayer}}): a layer may import only the layers below it. Invert the dependency: let {{toLayer}} call into an interface that {{fromLayer}} implements, or move the code down.",
    feature:
      "{{from}} reaches into feature {{feature}} past its public entry ({{to}}). Import it from {{feature}}/{{entry}} and export what you need there, so the feature can change its insides freely.",
  },
  analyze(ctx) {
    const graph = ctx.graph;
    const settings = graph?.settings;
    if (!graph || !settings) return;
    const forbidden = settings.forbidden.map((rule, i) => ({
      rule,
      name: rule.name ?? `#${i + 1}`,
      from: picomatch(rule.from),
      to: picomatch(rule.to),
    }));
    const layers = settings.layers.map((layer) => ({
      name: layer.name,
      match: picomatch(layer.paths),
    }));
    const features = settings.features ? settings.features.paths.map((p) => picomatch(p)) : [];
    const entries = new Set(settings.features?.entry ?? []);
    const layerIndex = graph.files.map((path) => layers.findIndex((l) => l.match(path)));
    const featureIndex = graph.files.map((path) =>
      features.length ? featureOf(path, features) : undefined,
    );
    // A generated file's imports are its generator's choice, not a boundary someone crossed.
    const generated = generatedNodes(graph);
    for (const edge of graph.edges) {
      if (generated(edge.from)) continue;
      const from = graph.files[edge.from]!;
      const to = graph.files[edge.to]!;
      const at = { path: from, startLine: edge.line, key: `${to}` };
      for (const f of forbidden) {
        if (f.from(from) && f.to(to)) {
          ctx.report({
            messageId: "forbidden",
            data: { from, to, name: f.name, comment: f.rule.comment ? ` (${f.rule.comment})` : "" },
            ...at,
            key: `${f.name}:${to}`,
          });
        }
      }
      const lf = layerIndex[edge.from]!;
      const lt = layerIndex[edge.to]!;
      if (lf >= 0 && lt >= 0 && lt < lf) {
        ctx.report({
          messageId: "layer",
          data: { from, to, fromLayer: layers[lf]!.name, toLayer: layers[lt]!.name },
          ...at,
        });
      }
      const ff = featureIndex[edge.from];
      const ft = featureIndex[edge.to];
      if (ft && ff !== ft) {
        const inner = to.slice(ft.length + 1);
        if (!entries.has(inner))
          ctx.report({
            messageId: "feature",
            data: { from, to, feature: ft, entry: [...entries][0] ?? "index.ts" },
            ...at,
          });
      }
    }
  },
});
