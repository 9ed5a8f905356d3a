import { z } from "zod";
import {
  detectClonesCarried,
  duplicatedLines,
  type CloneCarry,
  tokenize,
  type TokenStream,
} from "../../duplication/index.ts";
import { defineRule } from "../../engine/index.ts";
import { languageOf } from "../../parse/index.ts";

const options = z.strictObject({
  /** jscpd's and PMD CPD's unit: a clone must share at least this many tokens. */
  minTokens: z.number().int().min(10).default(50),
  /** And span at least this many lines in each place (jscpd's default), so long one-liners do not count. */
  minLines: z.number().int().min(1).default(5),
  /** Also match copies whose identifiers were renamed (type-2 clones). */
  ignoreIdentifiers: z.boolean().default(false),
  /** Also match copies whose literals differ. */
  ignoreLiterals: z.boolean().default(false),
});

export const duplicatedCode = defineRule({
  id: "quality/duplicated-code",
  countsDuplication: true,
  category: "quality",
  severity: "low",
  remediationMinutes: 30,
  description: "Copies of the same code (at least 50 tokens), within and across files.",
  rationale:
    "Every copy must be found and changed together; the one that is missed becomes a defect.",
  version: 3,
  filesOnly: true,
  options,
  messages: {
    clone:
      "{{count}} copies of the same {{lines}}-line fragment ({{tokens}} tokens): {{where}}. A fix made in one copy is missed in the others. Extract it into one shared function or module.",
  },
  // Tokenising needs the text, not the AST: as a text rule it can run beside the parse, on
  // another thread (src/audit/analyze-files.ts).
  textFiles: (path) => {
    const language = languageOf(path);
    return language !== undefined && language !== "dts";
  },
  checkText(ctx) {
    ctx.setFact(
      tokenize(ctx.text, {
        ignoreIdentifiers: ctx.options.ignoreIdentifiers,
        ignoreLiterals: ctx.options.ignoreLiterals,
      }),
    );
  },
  analyze(ctx) {
    const inputs = ctx
      .factsOf<TokenStream>("quality/duplicated-code")
      .map(({ path, fact }) => ({ path, ...fact }));
    // What the previous audit carried lets it skip, in the unchanged files, the windows that occur
    // only once (the groups are the same with it or without it: src/duplication/detect.ts).
    const { groups, carry } = detectClonesCarried(
      inputs,
      ctx.options,
      ctx.carried as CloneCarry | undefined,
    );
    // Handed back unchanged when no tokens changed: nothing new to keep.
    if (carry !== ctx.carried) ctx.carry?.(carry);
    const { byFile } = duplicatedLines(groups);
    groups.sort((a, b) => b.tokens * b.places.length - a.tokens * a.places.length);
    for (const group of groups) {
      const first = group.places[0]!;
      const shown = group.places.slice(0, 4).map((p) => `${p.path}:${p.startLine}`);
      const where =
        shown.join(", ") + (group.places.length > 4 ? ` and ${group.places.length - 4} more` : "");
      ctx.report({
        messageId: "clone",
        data: { count: group.places.length, lines: group.lines, tokens: group.tokens, where },
        path: first.path,
        startLine: first.startLine,
        endLine: first.endLine,
        key: group.contentHash,
        places: group.places,
        evidence: {
          copies: group.places.length,
          tokens: group.tokens,
          lines: group.lines,
          duplicatedLinesInFile: byFile.get(first.path) ?? 0,
        },
        remediationMinutes: 30 * (group.places.length - 1) + group.lines,
        severity: group.places.length >= 4 || group.lines >= 50 ? "medium" : "low",
      });
    }
  },
});
