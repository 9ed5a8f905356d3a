import { z } from "zod";
import { defineRule } from "../../engine/index.ts";

const LAYERS = new Set([
  "controllers",
  "services",
  "repositories",
  "models",
  "routes",
  "handlers",
  "dao",
  "daos",
  "entities",
  "middlewares",
  "validators",
  "dtos",
  "resolvers",
]);

export const layeredLayout = defineRule({
  id: "architecture/layered-layout",
  category: "architecture",
  severity: "info",
  remediationMinutes: 480,
  description:
    "Code organised by technical layer (controllers/, services/, repositories/) rather than by feature.",
  rationale:
    "With layer folders every feature is spread over all of them: a change touches every folder, and no team can own a feature's code.",
  version: 1,
  options: z.strictObject({ minLayers: z.number().int().min(2).default(3) }),
  messages: {
    layered:
      "{{parent}} is organised by technical layer ({{layers}}): each feature is spread across all of them. Consider folders per feature (e.g. {{parent}}/users/ with its route, service and repository) as the code grows.",
  },
  analyze(ctx) {
    const byParent = new Map<string, Set<string>>();
    for (const path of ctx.allPaths) {
      if (!/\.[cm]?[jt]sx?$/.test(path) || path.includes("node_modules/")) continue;
      const parts = path.split("/");
      for (let i = 0; i < parts.length - 1; i++) {
        if (!LAYERS.has(parts[i]!)) continue;
        const parent = parts.slice(0, i).join("/") || ".";
        const set = byParent.get(parent) ?? new Set<string>();
        set.add(parts[i]!);
        byParent.set(parent, set);
      }
    }
    for (const [parent, layers] of [...byParent.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      if (layers.size < ctx.options.minLayers) continue;
      const names = [...layers].sort().map((l) => `${l}/`);
      ctx.report({
        messageId: "layered",
        data: { parent, layers: names.join(", ") },
        key: parent,
        evidence: { layers: layers.size },
      });
    }
  },
});
