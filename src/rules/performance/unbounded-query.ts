import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { classifyCall, DB_METHODS, frameworksOf } from "../../frameworks/index.ts";
import { calleeText } from "../architecture/request-calls.ts";
import { isTestFile } from "../../shared/index.ts";

const BOUND_KEYS = /\b(take|limit|first|last|cursor|perPage|pageSize|top)\s*:/;
const BOUND_CHAIN = /^[\s\S]{0,200}?\.(limit|take|paginate|first|top|cursor)\s*\(/;
const SELECT = /^\s*select\b/i;
/** A file with no database import nor data-layer import qualifies when its text names a common handle. */
const HANDLE_MENTION = /\b(prisma|db|knex|pool)\./;

export const unboundedQuery = defineRule({
  id: "performance/unbounded-query",
  category: "performance",
  severity: "medium",
  remediationMinutes: 45,
  description:
    "A list query with no limit or pagination (findMany/find without take/limit, SELECT without LIMIT).",
  rationale:
    "A query that returns every row is fast in development and takes the database and the process down once the table grows.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    orm: "{{call}} returns every matching row: add {{fix}} and paginate (a cursor or page size), so the result stays bounded as the table grows.",
    sql: "This SELECT has no LIMIT and no WHERE: it returns the whole table. Add `LIMIT $n` with keyset pagination (`WHERE id > $last ORDER BY id`).",
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path)) return {};
    const file = frameworksOf(ctx);
    // The text search for a handle name runs only once a call reads as a query, which few files
    // have: searching every file up front cost more than the calls' callee checks.
    let qualifies: boolean | undefined =
      file.kinds.has("db") || [...file.bindings.values()].some((b) => b.dataLayer) || undefined;
    return {
      CallExpression(node: AstNode) {
        const callee = node.callee as AstNode;
        // classifyCall says "db" or "db-list" only for a method in DB_METHODS or a plain call.
        if (
          callee.type === "MemberExpression" &&
          !DB_METHODS.has((callee.property as AstNode).name as string)
        )
          return;
        const kind = classifyCall(node, file);
        if (kind !== "db" && kind !== "db-list") return;
        if (!(qualifies ??= HANDLE_MENTION.test(ctx.text))) return;
        if (kind === "db") {
          const first = (node.arguments as AstNode[])[0];
          const name = (node.callee as AstNode).property
            ? ((node.callee as AstNode).property as AstNode).name
            : "";
          if (
            (name === "query" || name === "execute") &&
            first &&
            (first.type === "Literal" || first.type === "TemplateLiteral")
          ) {
            const sql = ctx.text.slice(first.start + 1, first.end - 1);
            if (
              SELECT.test(sql) &&
              !/\blimit\b|\bwhere\b|\bcount\s*\(|\bfetch\s+first\b/i.test(sql)
            )
              ctx.report({ messageId: "sql", node });
          }
          return;
        }
        if (kind !== "db-list") return;
        const args = node.arguments as AstNode[];
        const argText = args.length
          ? ctx.text.slice(args[0]!.start, args[args.length - 1]!.end)
          : "";
        if (
          BOUND_KEYS.test(argText) ||
          /\bin\s*:/.test(argText) ||
          BOUND_CHAIN.test(ctx.text.slice(node.end, node.end + 200).split(";")[0]!)
        )
          return;
        const call = calleeText(ctx, node);
        const prisma = /findMany$/.test(call);
        ctx.report({
          messageId: "orm",
          data: {
            call,
            fix: prisma
              ? "`take`"
              : call.endsWith(".find")
                ? "`.limit(n)` (Mongoose) or `take` (TypeORM)"
                : "a limit",
          },
          node,
        });
      },
    };
  },
});
