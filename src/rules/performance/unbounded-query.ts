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

interface Candidate {
  line: number;
  model: string;
  where: string[];
  data: { call: string; fix: string };
}
interface QueryFact {
  candidates: Candidate[];
}
interface SchemaFact {
  /** Prisma model (lower case) -> fields that are `@id`, `@unique`, or a one-field `@@unique`/`@@id`. */
  unique: Record<string, string[]>;
}

function uniqueFields(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const match of text.matchAll(/^model\s+(\w+)\s*\{([^}]*)\}/gm)) {
    const fields: string[] = (out[match[1]!.toLowerCase()] = []);
    for (const raw of match[2]!.split("\n")) {
      const line = raw.trim();
      // A field line (`email String @unique`): two tests, no backtracking between them.
      if (/^\w+\s+\S/.test(line) && /@(id|unique)\b/.test(line))
        fields.push(line.split(/\s+/)[0]!.toLowerCase());
      const one = /^@@(unique|id)\(\s*(?:fields:\s*)?\[\s*(\w+)\s*\]/.exec(line);
      if (one) fields.push(one[2]!.toLowerCase());
    }
  }
  return out;
}

function hasSpread(object: AstNode): boolean {
  return (object.properties as AstNode[]).some((p) => p.type === "SpreadElement");
}

/** The keys an options object's `where: { ... }` compares for equality (`{ email }`, not `{ email: { contains } }`), or undefined without one. */
function whereKeys(options: AstNode): string[] | undefined {
  const where = (options.properties as AstNode[]).find(
    (p) => p.type === "Property" && (p.key as AstNode).name === "where",
  );
  const value = where?.value as AstNode | undefined;
  if (value?.type !== "ObjectExpression" || hasSpread(value)) return undefined;
  return (value.properties as AstNode[]).flatMap((p) => {
    if ((p.value as AstNode | undefined)?.type === "ObjectExpression") return [];
    const key = p.key as AstNode | undefined;
    const name = (key?.name ?? key?.value) as string | undefined;
    return name ? [name] : [];
  });
}

/** The model a Prisma-shaped call reads: `prisma.user.findMany` -> user. */
function modelOf(call: AstNode): string | undefined {
  const object = (call.callee as AstNode).object as AstNode;
  if (object?.type !== "MemberExpression" || object.computed) return undefined;
  return (object.property as AstNode).name as string | undefined;
}

/** `pool.query("SELECT ... ")` with no LIMIT, WHERE, count or FETCH FIRST. */
function isUnboundedSelect(text: string, node: AstNode): boolean {
  const first = (node.arguments as AstNode[])[0];
  const name = ((node.callee as AstNode).property as AstNode | undefined)?.name;
  if ((name !== "query" && name !== "execute") || !first) return false;
  if (first.type !== "Literal" && first.type !== "TemplateLiteral") return false;
  const sql = text.slice(first.start + 1, first.end - 1);
  return SELECT.test(sql) && !/\blimit\b|\bwhere\b|\bcount\s*\(|\bfetch\s+first\b/i.test(sql);
}

/** Options built elsewhere (`findMany(query)`, `{ ...paginate(page) }`) may hold the bound: a shared helper's. */
const BUILT_ELSEWHERE = new Set(["Identifier", "CallExpression", "MemberExpression"]);

/**
 * A list read with no bound in sight: reported at once, or, when it filters with `where` on a
 * model, a candidate for the repository stage (a unique field bounds it to one row).
 */
function unboundedList(
  ctx: { text: string; lineOf(offset: number): number },
  node: AstNode,
): Candidate | { data: Candidate["data"] } | undefined {
  const args = node.arguments as AstNode[];
  const first = args[0];
  if (
    first &&
    (BUILT_ELSEWHERE.has(first.type) || (first.type === "ObjectExpression" && hasSpread(first)))
  )
    return undefined;
  const argText = first ? ctx.text.slice(first.start, args[args.length - 1]!.end) : "";
  const after = ctx.text.slice(node.end, node.end + 200).split(";")[0]!;
  if (BOUND_KEYS.test(argText) || /\bin\s*:/.test(argText) || BOUND_CHAIN.test(after))
    return undefined;
  const call = calleeText(ctx, node);
  const data = {
    call,
    fix: /findMany$/.test(call)
      ? "`take`"
      : call.endsWith(".find")
        ? "`.limit(n)` (Mongoose) or `take` (TypeORM)"
        : "a limit",
  };
  const where = first?.type === "ObjectExpression" ? whereKeys(first) : undefined;
  const model = modelOf(node);
  return where && model ? { line: ctx.lineOf(node.start), model, where, data } : { data };
}

export const unboundedQuery = defineRule({
  id: "performance/unbounded-query",
  category: "performance",
  severity: "medium",
  remediationMinutes: 45,
  description:
    "A list query with no limit or pagination (findMany/find without take/limit, SELECT without LIMIT).",
  rationale:
    "A query that returns every row is fast in development and takes the database and the process down once the table grows.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    orm: "{{call}} returns every matching row: add {{fix}} and paginate (a cursor or page size), so the result stays bounded as the table grows.",
    sql: "This SELECT has no LIMIT and no WHERE: it returns the whole table. Add `LIMIT $n` with keyset pagination (`WHERE id > $last ORDER BY id`).",
  },
  textFiles: (path) => path.endsWith(".prisma"),
  checkText(ctx) {
    ctx.setFact({ unique: uniqueFields(ctx.text) } satisfies SchemaFact);
  },
  filesOnly: true,
  analyze(ctx) {
    const unique = new Map<string, Set<string>>();
    const facts = ctx.factsOf<QueryFact | SchemaFact>("performance/unbounded-query");
    for (const { fact } of facts)
      if ("unique" in fact)
        for (const [model, fields] of Object.entries(fact.unique))
          for (const f of fields)
            (unique.get(model) ?? unique.set(model, new Set()).get(model)!).add(f);
    for (const { path, fact } of facts) {
      if (!("candidates" in fact)) continue;
      for (const c of fact.candidates) {
        const fields = unique.get(c.model.toLowerCase());
        if (c.where.some((k) => fields?.has(k.toLowerCase()))) continue;
        ctx.report({
          messageId: "orm",
          data: c.data,
          path,
          startLine: c.line,
          key: `${c.data.call}`,
        });
      }
    }
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path)) return {};
    const file = frameworksOf(ctx);
    // The text search for a handle name runs only once a call reads as a query, which few files
    // have: searching every file up front cost more than the calls' callee checks.
    let qualifies: boolean | undefined =
      file.kinds.has("db") || [...file.bindings.values()].some((b) => b.dataLayer) || undefined;
    const candidates: Candidate[] = [];
    return {
      "Program:exit"() {
        if (candidates.length) ctx.setFact({ candidates } satisfies QueryFact);
      },
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
          if (isUnboundedSelect(ctx.text, node)) ctx.report({ messageId: "sql", node });
          return;
        }
        const found = unboundedList(ctx, node);
        if (found && "model" in found) candidates.push(found);
        else if (found) ctx.report({ messageId: "orm", data: found.data, node });
      },
    };
  },
});
