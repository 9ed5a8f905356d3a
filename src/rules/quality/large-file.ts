import { z } from "zod";
import { defineRule } from "../../engine/index.ts";

const options = z.strictObject({
  maxLines: z.number().int().min(1).default(600),
});

export const largeFile = defineRule({
  id: "quality/large-file",
  category: "quality",
  severity: "low",
  remediationMinutes: 60,
  description: "Source files with more lines of code than the threshold.",
  rationale:
    "A large file mixes responsibilities; it attracts merge conflicts and every change in it needs more context.",
  version: 1,
  options,
  messages: {
    large:
      "This file has {{lines}} lines of code (max {{max}}): it holds several responsibilities. Split it by responsibility into modules with small public entries.",
  },
  create(ctx) {
    return {
      Program: (node) => {
        const last = ctx.lineOf(Math.max(0, ctx.text.length - 1));
        const lines = ctx.linesOfCode(1, last);
        if (lines <= ctx.options.maxLines) return;
        ctx.report({
          messageId: "large",
          data: { lines, max: ctx.options.maxLines },
          node: { start: node.start, end: node.start },
          key: "file",
          evidence: { lines },
          remediationMinutes: 60 + Math.round((lines - ctx.options.maxLines) / 10),
          severity: lines > 3 * ctx.options.maxLines ? "medium" : "low",
        });
      },
    };
  },
});
