import { z } from "zod";
import { defineRule, type AstNode } from "../../engine/index.ts";
import { functionName } from "./function-name.ts";

const options = z.strictObject({
  /** Lines of code (blank and comment lines do not count), as SonarQube's S138 counts them. */
  maxLines: z.number().int().min(1).default(80),
});

const FUNCTION_TYPES = ["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"];

export const longFunction = defineRule({
  id: "quality/long-function",
  category: "quality",
  severity: "low",
  remediationMinutes: 30,
  description: "Functions with more lines of code than the threshold.",
  rationale:
    "A long function does several things; each change means reading all of it, and its parts cannot be reused or tested alone.",
  version: 1,
  options,
  messages: {
    long: "{{name}} has {{lines}} lines of code (max {{max}}): it does too many things to read or test as one. Extract the steps into named functions.",
  },
  create(ctx) {
    const classNames: Array<string | undefined> = [];
    const handlers: Record<string, (node: AstNode, parent: AstNode | null) => void> = {
      ClassDeclaration: (node) =>
        void classNames.push((node.id as AstNode | null)?.name as string | undefined),
      "ClassDeclaration:exit": () => void classNames.pop(),
      ClassExpression: (node) =>
        void classNames.push((node.id as AstNode | null)?.name as string | undefined),
      "ClassExpression:exit": () => void classNames.pop(),
    };
    const check = (node: AstNode, parent: AstNode | null) => {
      const startLine = ctx.lineOf(node.start);
      const endLine = ctx.lineOf(node.end - 1);
      if (endLine - startLine + 1 <= ctx.options.maxLines) return; // cheap bound before counting
      const lines = ctx.linesOfCode(startLine, endLine);
      if (lines <= ctx.options.maxLines) return;
      const name = functionName(node, parent, classNames[classNames.length - 1]);
      ctx.report({
        messageId: "long",
        data: { name, lines, max: ctx.options.maxLines },
        startLine,
        endLine,
        symbol: name,
        evidence: { lines },
        remediationMinutes: 30 + Math.round((lines - ctx.options.maxLines) / 4),
        severity: lines > 3 * ctx.options.maxLines ? "medium" : "low",
      });
    };
    for (const type of FUNCTION_TYPES) handlers[type] = check;
    return handlers;
  },
});
