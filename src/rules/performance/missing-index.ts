import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { classifyCall, frameworksOf } from "../../frameworks/index.ts";
import { isTestFile } from "../../shared/index.ts";

interface SchemaFact {
  kind: "schema";
  /** model/table (lower case) -> indexed columns (first column of each index, plus ids and uniques). */
  indexed: Record<string, string[]>;
  /** Foreign-key columns with their line. */
  foreignKeys: Array<{ table: string; column: string; line: number }>;
  /** Line of each model/table, to report filters against it. */
  lines: Record<string, number>;
  /** model/table (lower case) -> its name as the schema writes it, for messages and fixes. */
  names: Record<string, string>;
  /** Prisma model (lower case) -> its relation fields, which are filtered through, not indexed. */
  relations: Record<string, string[]>;
  /** Prisma model (lower case) -> field (lower case) -> its line, name and type. */
  fields?: Record<string, Record<string, { line: number; name: string; type: string }>>;
  /** Prisma enums -> how many values each has. */
  enums?: Record<string, number>;
}
interface FilterFact {
  kind: "filters";
  filters: Array<{ model: string; column: string; line: number }>;
}

const lower = (s: string) => s.toLowerCase();
const PRISMA_SCALARS =
  /^(String|Int|BigInt|Float|Decimal|Boolean|DateTime|Json|Bytes|Unsupported)\b/;

function emptySchema(): SchemaFact {
  return { kind: "schema", indexed: {}, foreignKeys: [], lines: {}, names: {}, relations: {} };
}

function prismaSchema(text: string): SchemaFact {
  const fact = emptySchema();
  const fields: NonNullable<SchemaFact["fields"]> = (fact.fields = {});
  const enums: Record<string, number> = (fact.enums = {});
  for (const match of text.matchAll(/^enum\s+(\w+)\s*\{([^}]*)\}/gm))
    enums[match[1]!] = match[2]!
      .split("\n")
      .filter((l) => /^\s*[A-Za-z_]\w*\s*(@.*)?$/.test(l)).length;
  for (const match of text.matchAll(/^model\s+(\w+)\s*\{([^}]*)\}/gm)) {
    const model = lower(match[1]!);
    const startLine = text.slice(0, match.index).split("\n").length;
    fact.lines[model] = startLine;
    fact.names[model] = match[1]!;
    const relations: string[] = (fact.relations[model] = []);
    const modelFields: Record<string, { line: number; name: string; type: string }> = (fields[
      model
    ] = {});
    const indexed = new Set<string>();
    match[2]!.split("\n").forEach((raw, i) => {
      const line = raw.trim();
      const [field = "", type = ""] = line.split(/\s+/);
      if (/^\w+$/.test(field) && type)
        modelFields[lower(field)] = {
          line: startLine + i,
          name: field,
          type: type.replace(/[?[\]]/g, ""),
        };
      // A field whose type is another model (`team Team`, `posts Post[]`) is a relation.
      if (/^[A-Z]\w*(\[\])?\??$/.test(type) && !PRISMA_SCALARS.test(type)) relations.push(field);
      if (/@id\b|@unique\b/.test(line)) indexed.add(field);
      const index = /^@@(index|unique|id)\(\s*(?:fields:\s*)?\[\s*(\w+)/.exec(line);
      if (index) indexed.add(index[2]!);
      const relation = /@relation\([^)]*fields:\s*\[\s*(\w+)/.exec(line);
      if (relation)
        fact.foreignKeys.push({ table: model, column: relation[1]!, line: startLine + i });
    });
    fact.indexed[model] = [...indexed];
  }
  return fact;
}

function sqlSchema(text: string): SchemaFact {
  const fact = emptySchema();
  const lineAt = (offset: number) => text.slice(0, offset).split("\n").length;
  for (const match of text.matchAll(
    /create\s+table\s+(?:if\s+not\s+exists\s+)?["`]?(\w+)["`]?\s*\(([\s\S]*?)\n\s*\)\s*;/gi,
  )) {
    const table = lower(match[1]!);
    fact.lines[table] = lineAt(match.index);
    fact.names[table] = match[1]!;
    const indexed = (fact.indexed[table] ??= []);
    let offset = match.index + match[0].indexOf("(") + 1;
    for (const raw of match[2]!.split("\n")) {
      const line = raw.trim();
      const column = lower(/^["`]?(\w+)/.exec(line)?.[1] ?? "");
      if (/primary\s+key|\bunique\b/i.test(line)) indexed.push(column);
      if (/\breferences\b/i.test(line) && !/^(constraint|foreign)/i.test(line))
        fact.foreignKeys.push({ table, column, line: lineAt(offset) });
      const fk = /foreign\s+key\s*\(\s*["`]?(\w+)/i.exec(line);
      if (fk) fact.foreignKeys.push({ table, column: lower(fk[1]!), line: lineAt(offset) });
      offset += raw.length + 1;
    }
  }
  for (const match of text.matchAll(
    /create\s+(?:unique\s+)?index\s+(?:concurrently\s+)?(?:if\s+not\s+exists\s+)?["`]?\w*["`]?\s*on\s+["`]?(\w+)["`]?\s*(?:using\s+\w+\s*)?\(\s*["`]?(\w+)/gi,
  )) {
    (fact.indexed[lower(match[1]!)] ??= []).push(lower(match[2]!));
  }
  return fact;
}

/** Prisma methods whose `where` filters a model's rows. */
const FILTER_METHODS: ReadonlySet<string> = new Set([
  "findMany",
  "findFirst",
  "findFirstOrThrow",
  "count",
  "updateMany",
  "deleteMany",
]);

/**
 * A flag (`active`, `isDeleted`, a soft-delete `deletedAt` compared with null), a Boolean or a
 * small enum: too few distinct values for an index of its own.
 */
const FLAG_NAME =
  /^(is|has|can|should)[A-Z]\w*$|^(active|enabled|disabled|approved|deleted|archived|published|verified|visible|hidden|locked|paid|read|done|completed|flagged|deletedAt|archivedAt)$/;

function lowCardinality(
  field: { name: string; type: string },
  enums: Record<string, number>,
): boolean {
  if (field.type === "Boolean" || FLAG_NAME.test(field.name)) return true;
  const values = enums[field.type];
  return values !== undefined && values <= 5;
}

interface FilterItem {
  model: string;
  field: { line: number; name: string; type: string };
  /** The schema file that declares the model. */
  path: string;
  queries: Array<{ path: string; line: number }>;
}

/**
 * The Prisma model fields the code filters on without an index: one per field, with the queries
 * that filter on it, leaving out relations (their index belongs to the other model), fields
 * already reported as foreign keys (`seen`) and low-cardinality flags.
 */
function filterItems(
  facts: ReadonlyArray<{ path: string; fact: SchemaFact | FilterFact }>,
  schemas: ReadonlyArray<{ path: string; fact: SchemaFact }>,
  isIndexed: (table: string, column: string) => boolean,
  seen: ReadonlySet<string>,
): FilterItem[] {
  const models = new Map<string, { path: string; fact: SchemaFact }>();
  for (const schema of schemas)
    if (schema.path.endsWith(".prisma"))
      for (const model of Object.keys(schema.fact.fields ?? {})) models.set(model, schema);
  const enums = Object.assign({}, ...schemas.map((s) => s.fact.enums ?? {})) as Record<
    string,
    number
  >;
  const byField = new Map<string, FilterItem>();
  for (const { path, fact } of facts) {
    if (fact.kind !== "filters") continue;
    for (const f of fact.filters) {
      const schema = models.get(f.model);
      const field = schema?.fact.fields?.[f.model]?.[lower(f.column)];
      const key = `${f.model}.${lower(f.column)}`;
      if (!schema || !field || schema.fact.relations[f.model]?.includes(f.column)) continue;
      if (isIndexed(f.model, f.column) || seen.has(key) || lowCardinality(field, enums)) continue;
      const item = byField.get(key) ?? { model: f.model, field, path: schema.path, queries: [] };
      byField.set(key, item);
      item.queries.push({ path, line: f.line });
    }
  }
  const items = [...byField.values()];
  for (const item of items)
    item.queries.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  return items;
}

export const missingIndex = defineRule({
  id: "performance/missing-index",
  category: "performance",
  severity: "medium",
  remediationMinutes: 30,
  description:
    "A foreign key, or a column the code filters on, with no index in the schema (Prisma schema, SQL migrations).",
  rationale:
    "Without an index every lookup scans the whole table: invisible with a thousand rows, seconds per request with a million, and joins on unindexed foreign keys lock more than they should.",
  version: 3,
  options: z.strictObject({}),
  messages: {
    foreignKey:
      "Foreign key {{table}}.{{column}} has no index: joins and cascading deletes scan the whole table. Add {{fix}}.",
    filter:
      "{{model}}.{{column}} has no index, and {{count}} {{queries}} on it (first {{first}}): each scans the table. Add {{fix}}.",
  },
  create(ctx): NodeHandlers {
    const file = frameworksOf(ctx);
    const filters: FilterFact["filters"] = [];
    // Tests, seeds and scripts run no production query.
    if (isTestFile(ctx.path) || /(^|\/)(seeds?|scripts)\//.test(ctx.path)) return {};
    return {
      CallExpression(node: AstNode) {
        const callee = node.callee as AstNode;
        if (callee.type !== "MemberExpression") return;
        const method = (callee.property as AstNode).name as string;
        if (!FILTER_METHODS.has(method)) return;
        // Only a query on a known client (`prisma.user`, `db.user` from the data layer), never `list.findFirst`.
        if (!classifyCall(node, file)) return;
        const modelNode = callee.object as AstNode;
        if (modelNode.type !== "MemberExpression") return;
        const model = lower(((modelNode.property as AstNode).name as string) ?? "");
        const arg = (node.arguments as AstNode[])[0];
        if (arg?.type !== "ObjectExpression") return;
        const where = (arg.properties as AstNode[]).find(
          (p) => (p.key as AstNode | undefined)?.name === "where",
        );
        const value = where?.value as AstNode | undefined;
        if (value?.type !== "ObjectExpression") return;
        for (const p of value.properties as AstNode[]) {
          const column = (p.key as AstNode | undefined)?.name as string | undefined;
          if (column && !/^(AND|OR|NOT)$/.test(column))
            filters.push({ model, column, line: ctx.lineOf(p.start) });
        }
      },
      "Program:exit"() {
        if (filters.length) ctx.setFact({ kind: "filters", filters } satisfies FilterFact);
      },
    };
  },
  textFiles: (path) =>
    path.endsWith(".prisma") || (path.endsWith(".sql") && /migrat|schema/i.test(path)),
  checkText(ctx) {
    ctx.setFact(ctx.path.endsWith(".prisma") ? prismaSchema(ctx.text) : sqlSchema(ctx.text));
  },
  analyze(ctx) {
    const facts = ctx.factsOf<SchemaFact | FilterFact>("performance/missing-index");
    const indexed = new Map<string, Set<string>>();
    const schemas = facts.filter(
      (f): f is { path: string; fact: SchemaFact } => f.fact.kind === "schema",
    );
    for (const { fact } of schemas)
      for (const [table, cols] of Object.entries(fact.indexed))
        for (const c of cols)
          (indexed.get(table) ?? indexed.set(table, new Set()).get(table)!).add(lower(c));
    const isIndexed = (table: string, column: string) =>
      indexed.get(table)?.has(lower(column)) ?? false;
    const names = new Map<string, string>();
    for (const { fact } of schemas)
      for (const [key, name] of Object.entries(fact.names)) names.set(key, name);
    const display = (table: string) => names.get(table) ?? table;
    const seen = new Set<string>();
    for (const { path, fact } of schemas) {
      const prisma = path.endsWith(".prisma");
      for (const fk of fact.foreignKeys) {
        if (isIndexed(fk.table, fk.column) || seen.has(`${fk.table}.${fk.column}`)) continue;
        seen.add(`${fk.table}.${fk.column}`);
        ctx.report({
          messageId: "foreignKey",
          data: {
            table: display(fk.table),
            column: fk.column,
            fix: prisma
              ? `\`@@index([${fk.column}])\` to the model`
              : `\`CREATE INDEX ON ${display(fk.table)} (${fk.column});\` in a new migration`,
          },
          path,
          startLine: fk.line,
          key: `${fk.table}.${fk.column}`,
        });
      }
    }
    for (const item of filterItems(facts, schemas, isIndexed, seen)) {
      const { model, field, path, queries } = item;
      const first = queries[0]!;
      ctx.report({
        messageId: "filter",
        data: {
          model: display(model),
          column: field.name,
          count: queries.length,
          queries: queries.length === 1 ? "query filters" : "queries filter",
          first: `${first.path}:${first.line}`,
          fix: `\`@@index([${field.name}])\` to model ${display(model)}`,
        },
        path,
        startLine: field.line,
        key: `${model}.${lower(field.name)}`,
        evidence: { queries: queries.length },
        places: [
          { path, startLine: field.line, endLine: field.line },
          ...queries
            .slice(0, 10)
            .map((q) => ({ path: q.path, startLine: q.line, endLine: q.line })),
        ],
      });
    }
  },
});
