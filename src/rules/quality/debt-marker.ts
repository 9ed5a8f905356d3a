import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import type { Severity } from "../../findings/index.ts";
import { anyScanHandlers, explicitAnyOffsets } from "./explicit-any.ts";

const options = z.strictObject({
  markers: z.array(z.string().min(1)).default(["TODO", "FIXME", "HACK", "XXX"]),
  /** Report explicit `any` (grouped into one finding per file). */
  explicitAny: z.boolean().default(true),
});

interface Kind {
  messageId: string;
  severity: Severity;
  minutes: number;
}

const DIRECTIVES: Array<[RegExp, Kind & { name: string }]> = [
  [
    /^@ts-nocheck\b/,
    { name: "@ts-nocheck", messageId: "tsNocheck", severity: "medium", minutes: 60 },
  ],
  [/^@ts-ignore\b/, { name: "@ts-ignore", messageId: "tsIgnore", severity: "low", minutes: 15 }],
  [
    /^(eslint-disable(-next-line|-line)?|oxlint-disable(-next-line|-line)?|biome-ignore)\b/,
    { name: "lint disable", messageId: "lintDisable", severity: "low", minutes: 10 },
  ],
];

/**
 * Debt that developers wrote down themselves: TODO-style markers in comments, compiler and lint
 * suppressions, and explicit `any`. Only comments count: a "TODO" inside a string or an
 * identifier like `todoList` is not a marker.
 */
export const debtMarker = defineRule({
  id: "quality/debt-marker",
  category: "quality",
  severity: "info",
  remediationMinutes: 15,
  description:
    "TODO/FIXME/HACK/XXX comments, @ts-ignore, @ts-nocheck, lint disables and explicit any.",
  rationale:
    "Each marker is a known shortcut someone meant to come back to; suppressions hide the checks that would catch the next defect.",
  version: 2,
  options,
  messages: {
    marker:
      '{{marker}} comment: "{{text}}". Turn it into a ticket and fix it, or delete it if it no longer applies.',
    tsNocheck:
      "@ts-nocheck switches off type checking for the whole file. Fix the type errors and remove it.",
    tsIgnore:
      "@ts-ignore hides a type error on the next line. Fix the error, or use @ts-expect-error with a reason so it is noticed when it goes away.",
    lintDisable:
      "A lint rule is switched off here ({{text}}). Fix the code the rule points at, or document why the rule does not apply.",
    explicitAny:
      "{{count}} explicit `any` in this file switch off type checking where they stand. Replace them with precise types or `unknown` plus narrowing.",
  },
  create(ctx): NodeHandlers {
    const markerRe = new RegExp(
      `(^|[^\\w])(${ctx.options.markers.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\b`,
    );
    for (const comment of ctx.comments) {
      // Most comments are documentation with no marker: one search rules them out.
      const hasMarker = markerRe.test(comment.value);
      const body = comment.value.replace(/^[\s*]+/, "");
      const first = body.charCodeAt(0);
      // Directives start with "@", "e"slint, "o"xlint or "b"iome.
      const directive =
        first === 64 || first === 101 || first === 111 || first === 98
          ? DIRECTIVES.find(([re]) => re.test(body))
          : undefined;
      if (directive) {
        const [, kind] = directive;
        ctx.report({
          messageId: kind.messageId,
          data: { text: body.split("\n")[0]!.trim().slice(0, 80) },
          node: comment,
          evidence: { kind: kind.name },
          severity: kind.severity,
          remediationMinutes: kind.minutes,
        });
        continue;
      }
      if (!hasMarker) continue;
      // One finding per marker line, so a block comment with two TODOs gives two items.
      let offset = comment.start + 2;
      for (const line of comment.value.split("\n")) {
        const match = markerRe.exec(line);
        if (match) {
          const marker = match[2]!;
          const text = line
            .slice(match.index + match[0].length)
            .replace(/^\s*(\([^)]*\))?\s*[:-]?\s*/, "")
            .replace(/\*\/$/, "")
            .trim();
          const at = offset + match.index;
          ctx.report({
            messageId: "marker",
            data: { marker, text: (text || line.trim()).slice(0, 100) },
            node: { start: at, end: at + 1 },
            evidence: { kind: marker },
            severity: marker === "TODO" ? "info" : "low",
            remediationMinutes: marker === "TODO" ? 15 : 30,
          });
        }
        offset += line.length + 1;
      }
    }
    // Only TypeScript has types; the AST has no type annotations (see explicit-any.ts): what it
    // keeps (comments, literals, identifiers named `any`) tells the text's `any` types apart.
    if (!ctx.options.explicitAny || (ctx.language !== "ts" && ctx.language !== "tsx")) return {};
    if (!ctx.text.includes("any")) return {};
    const skipped: AstNode[] = [...(ctx.comments as unknown as AstNode[])];
    return {
      ...anyScanHandlers(skipped),
      "Program:exit": () => {
        const offsets = explicitAnyOffsets({ text: ctx.text, skipped });
        const count = offsets.length;
        if (count === 0) return;
        ctx.report({
          messageId: "explicitAny",
          data: { count },
          node: { start: offsets[0]!, end: offsets[0]! + 3 },
          key: "explicit-any",
          evidence: { kind: "any", count },
          severity: "low",
          remediationMinutes: 5 * count,
        });
      },
    };
  },
});
