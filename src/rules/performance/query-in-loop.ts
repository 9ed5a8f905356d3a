import { z } from "zod";
import { defineRule, type AstNode } from "../../engine/index.ts";
import { classifyCall, frameworksOf, ITERATION_METHODS } from "../../frameworks/index.ts";
import { calleeText } from "../architecture/request-calls.ts";
import { isTestFile } from "../../shared/index.ts";

const LOOPS = [
  "ForStatement",
  "ForInStatement",
  "ForOfStatement",
  "WhileStatement",
  "DoWhileStatement",
];

export const queryInLoop = defineRule({
  id: "performance/query-in-loop",
  category: "performance",
  severity: "high",
  remediationMinutes: 60,
  description: "A database or HTTP call awaited inside a loop or a per-item callback (N+1).",
  rationale:
    "One round trip per item makes the time of a request grow with the data: fine with 10 rows, a timeout with 10,000.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    db: "{{call}} runs once per item of this {{loop}} (N+1 queries). Load the rows in one query instead ({{fix}}).",
    http: "{{call}} makes one HTTP request per item of this {{loop}} (N+1). Use the service's batch endpoint, or fetch once and index the result.",
  },
  create(ctx) {
    // A test's loop costs no request: N+1 is a production cost.
    if (isTestFile(ctx.path)) return {};
    const file = frameworksOf(ctx);
    const hasData =
      file.kinds.has("db") ||
      file.kinds.has("http-client") ||
      ctx.text.includes("fetch(") ||
      [...file.bindings.values()].some((b) => b.dataLayer);
    if (!hasData) return {};
    const prisma = file.packages.has("@prisma/client") || /\bprisma\./.test(ctx.text);
    const scopes: Array<{ end: number; loop: string }> = [];
    const enterLoop = (node: AstNode) => {
      const body = node.body as AstNode;
      scopes.push({
        end: body.end,
        loop: `${node.type === "ForOfStatement" ? "for...of" : node.type === "ForInStatement" ? "for...in" : node.type === "WhileStatement" ? "while" : node.type === "DoWhileStatement" ? "do...while" : "for"} loop`,
      });
    };
    const handlers: Record<string, (node: AstNode, parent: AstNode | null) => void> = {
      CallExpression(node, parent) {
        while (scopes.length && scopes[scopes.length - 1]!.end <= node.start) scopes.pop();
        const callee = node.callee as AstNode;
        // `items.map(...)` iterates; `Effect.map(...)`, `Option.map(...)` (a capitalised namespace) do not.
        const receiver =
          callee.type === "MemberExpression" ? (callee.object as AstNode) : undefined;
        const namespace = receiver?.type === "Identifier" && /^[A-Z]/.test(receiver.name as string);
        if (
          callee.type === "MemberExpression" &&
          !namespace &&
          ITERATION_METHODS.has((callee.property as AstNode).name as string)
        ) {
          const fn = (node.arguments as AstNode[]).find(
            (a) => a.type === "ArrowFunctionExpression" || a.type === "FunctionExpression",
          );
          if (fn)
            scopes.push({
              end: fn.end,
              loop: `.${(callee.property as AstNode).name as string}() callback`,
            });
        }
        if (!scopes.length) return;
        const kind = classifyCall(node, file);
        if (
          !kind ||
          kind === "mail" ||
          kind === "sync-io" ||
          kind === "document" ||
          kind === "queue" ||
          kind === "saas"
        )
          return;
        // In a loop body only an awaited call waits per item; in a per-item callback every call does.
        const scope = scopes[scopes.length - 1]!;
        if (scope.loop.endsWith("loop") && parent?.type !== "AwaitExpression") return;
        const isDb = kind === "db" || kind === "db-list";
        ctx.report({
          messageId: isDb ? "db" : "http",
          data: {
            call: calleeText(ctx, node),
            loop: scope.loop,
            fix: prisma
              ? "`findMany({ where: { id: { in: ids } } })` or `include` the relation"
              : "`WHERE id IN (...)`, a join, or a DataLoader",
          },
          node,
        });
      },
    };
    for (const type of LOOPS)
      handlers[type] = (node) => {
        while (scopes.length && scopes[scopes.length - 1]!.end <= node.start) scopes.pop();
        enterLoop(node);
      };
    return handlers;
  },
});
