import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { isTestFile } from "../../shared/index.ts";

interface ModelFact {
  name: string;
  line: number;
  fields: string[];
  kind: string;
}

const SUFFIX = /(Schema|Model|Entity|Document|Doc|Record|Row|Type|Interface|Attributes)$/;
const DERIVED =
  /(Create|Update|Patch|Input|Dto|DTO|Props|Params|Request|Response|Payload|Options|Args|Filter|Where|Partial|Config|State|Context)/;

function normalise(name: string): string | undefined {
  if (DERIVED.test(name)) return undefined;
  const base = name.replace(/^I(?=[A-Z])/, "").replace(SUFFIX, "");
  if (base.length < 3) return undefined;
  return base.toLowerCase().replace(/ies$/, "y").replace(/s$/, "");
}

function keysOf(object: AstNode | undefined | null): string[] {
  if (!object || object.type !== "ObjectExpression") return [];
  return (object.properties as AstNode[])
    .map(
      (p) =>
        ((p.key as AstNode | undefined)?.name as string | undefined) ??
        ((p.key as AstNode | undefined)?.value as string | undefined),
    )
    .filter((k): k is string => typeof k === "string");
}

function memberNames(members: AstNode[]): string[] {
  return members
    .map((m) => (m.key as AstNode | undefined)?.name as string | undefined)
    .filter((k): k is string => typeof k === "string");
}

export const inconsistentModels = defineRule({
  id: "data/inconsistent-models",
  category: "data",
  severity: "medium",
  remediationMinutes: 120,
  description: "One entity defined several times with diverging fields.",
  rationale:
    "Two definitions of one entity drift apart: one side writes a field the other does not know, and the data stops meaning the same thing everywhere.",
  version: 2,
  options: z.strictObject({ minFields: z.number().int().min(1).default(3) }),
  messages: {
    diverging:
      "{{name}} is defined {{count}} times with different fields ({{diff}}). Keep one definition as the source of truth and derive the others from it (e.g. `z.infer`, Prisma's generated types, `Pick<>`/`Omit<>`).",
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path) || ctx.path.endsWith(".d.ts")) return {};
    const models: ModelFact[] = [];
    const add = (name: string | undefined, node: AstNode, fields: string[], kind: string) => {
      if (name && fields.length >= ctx.options.minFields)
        models.push({
          name,
          line: ctx.lineOf(node.start),
          fields: [...new Set(fields)].sort(),
          kind,
        });
    };
    return {
      TSInterfaceDeclaration(node) {
        add(
          (node.id as AstNode).name as string,
          node,
          memberNames((node.body as AstNode).body as AstNode[]),
          "interface",
        );
      },
      TSTypeAliasDeclaration(node) {
        const type = node.typeAnnotation as AstNode;
        if (type.type === "TSTypeLiteral")
          add(
            (node.id as AstNode).name as string,
            node,
            memberNames(type.members as AstNode[]),
            "type",
          );
      },
      ClassDeclaration(node) {
        const decorated = ((node.decorators as AstNode[] | undefined) ?? []).some((d) =>
          /Entity|Table|Schema|Model/.test(ctx.text.slice(d.start, d.end)),
        );
        if (decorated)
          add(
            (node.id as AstNode | null)?.name as string | undefined,
            node,
            memberNames(
              ((node.body as AstNode).body as AstNode[]).filter(
                (m) => m.type === "PropertyDefinition",
              ),
            ),
            "entity",
          );
      },
      VariableDeclarator(node) {
        const init = node.init as AstNode | null;
        const id = node.id as AstNode;
        if (!init || id.type !== "Identifier") return;
        const call =
          init.type === "NewExpression" || init.type === "CallExpression" ? init : undefined;
        if (!call) return;
        const callee = ctx.text.slice((call.callee as AstNode).start, (call.callee as AstNode).end);
        // new Schema({...}) (Mongoose), z.object({...}), pgTable("users", {...}) (Drizzle)
        if (
          /(^|\.)Schema$/.test(callee) ||
          /^z\.object$|^object$|^Joi\.object$|^yup\.object$/.test(callee)
        )
          add(id.name as string, node, keysOf((call.arguments as AstNode[])[0]), callee);
        else if (/Table$/.test(callee))
          add(id.name as string, node, keysOf((call.arguments as AstNode[])[1]), callee);
      },
      "Program:exit"() {
        if (models.length) ctx.setFact(models);
      },
    };
  },
  textFiles: (path) => path.endsWith(".prisma"),
  checkText(ctx) {
    const models: ModelFact[] = [];
    const re = /^model\s+(\w+)\s*\{([^}]*)\}/gm;
    for (const match of ctx.text.matchAll(re)) {
      const fields = match[2]!
        .split("\n")
        .map((l) => l.trim().split(/\s+/)[0]!)
        .filter((f) => f && !f.startsWith("@@") && !f.startsWith("//"));
      const line = ctx.text.slice(0, match.index).split("\n").length;
      if (fields.length >= ctx.options.minFields)
        models.push({ name: match[1]!, line, fields: [...new Set(fields)].sort(), kind: "prisma" });
    }
    if (models.length) ctx.setFact(models);
  },
  analyze(ctx) {
    const groups = new Map<string, Array<ModelFact & { path: string }>>();
    for (const { path, fact } of ctx.factsOf<ModelFact[]>("data/inconsistent-models")) {
      for (const model of fact) {
        const key = normalise(model.name);
        if (!key) continue;
        const list = groups.get(key) ?? [];
        list.push({ ...model, path });
        groups.set(key, list);
      }
    }
    for (const definitions of groups.values()) {
      const files = new Set(definitions.map((d) => d.path));
      if (files.size < 2) continue;
      // An entity is data that is stored or validated: at least one definition must be a data
      // model (Prisma model, ORM entity, Mongoose/zod/Joi/yup schema, Drizzle table). Two plain
      // TypeScript types that share a name are two modules' own shapes (a library's `Span` in
      // its tracer and in its devtools), not one entity defined twice.
      if (definitions.every((d) => d.kind === "interface" || d.kind === "type")) continue;
      const all = new Set(definitions.flatMap((d) => d.fields));
      const common = [...all].filter((f) => definitions.every((d) => d.fields.includes(f)));
      if (common.length === all.size) continue;
      // The same entity shares most fields; unrelated types that share a name share few.
      if (common.length * 2 < Math.min(...definitions.map((d) => d.fields.length))) continue;
      const diff = definitions
        .map(
          (d) =>
            `${d.path}:${d.line} ${d.name} has ${d.fields.filter((f) => !common.includes(f)).join(", ") || "only the common fields"}`,
        )
        .join("; ");
      const [first] = definitions.sort((a, b) => a.path.localeCompare(b.path));
      ctx.report({
        messageId: "diverging",
        // Named as the entity, not as whichever definition sorts first (`User`, not `UserSchema`).
        data: {
          name: first!.name.replace(/^I(?=[A-Z])/, "").replace(SUFFIX, ""),
          count: definitions.length,
          diff,
        },
        path: first!.path,
        startLine: first!.line,
        key: normalise(first!.name)!,
        places: definitions.map((d) => ({ path: d.path, startLine: d.line, endLine: d.line })),
      });
    }
  },
});
