import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";

/** `const x = await f()` / `const { a } = await f()`: the names it declares, or undefined when the statement is not one. */
function awaitedDeclaration(
  statement: AstNode,
): { names: string[]; init: AstNode; pattern: AstNode } | undefined {
  if (statement.type !== "VariableDeclaration") return undefined;
  const declarations = statement.declarations as AstNode[];
  if (declarations.length !== 1) return undefined;
  const d = declarations[0]!;
  const init = d.init as AstNode | null;
  if (
    !init ||
    init.type !== "AwaitExpression" ||
    (init.argument as AstNode).type !== "CallExpression"
  )
    return undefined;
  const id = d.id as AstNode;
  const names: string[] = [];
  if (id.type === "Identifier") names.push(id.name as string);
  else if (id.type === "ObjectPattern") {
    for (const p of id.properties as AstNode[]) {
      const target =
        p.type === "RestElement" ? (p.argument as AstNode) : (p.value as AstNode | undefined);
      if (target?.type === "Identifier") names.push(target.name as string);
    }
  } else if (id.type === "ArrayPattern") {
    for (const e of id.elements as Array<AstNode | null>)
      if (e?.type === "Identifier") names.push(e.name as string);
  }
  return { names, init, pattern: id };
}

export const sequentialAwaits = defineRule({
  id: "performance/sequential-awaits",
  category: "performance",
  severity: "low",
  remediationMinutes: 15,
  description: "Consecutive independent awaits that could run together.",
  rationale:
    "Awaiting independent calls one after the other adds their latencies; run together, the slowest one sets the time.",
  version: 2,
  options: z.strictObject({ minRun: z.number().int().min(2).default(2) }),
  messages: {
    sequential:
      "These {{count}} awaits ({{names}}) do not depend on each other but run one after the other. Start them together: `const [{{bindings}}] = await Promise.all([...])`.",
  },
  create(ctx): NodeHandlers {
    if (!ctx.code.includes("await")) return {};
    const check = (body: AstNode[]) => {
      let run: Array<{ names: string[]; init: AstNode; pattern: AstNode; statement: AstNode }> = [];
      const flush = () => {
        if (run.length >= ctx.options.minRun) {
          const first = run[0]!.statement;
          const last = run[run.length - 1]!.statement;
          const names = run.flatMap((r) => r.names);
          // Each declaration keeps its own pattern in the suggestion: `const { total } = await f()`
          // becomes the element `{ total }`, not a bare `total`.
          const bindings = run.map((r) =>
            ctx.text.slice(r.pattern.start, r.pattern.end).replace(/\s+/g, " "),
          );
          ctx.report({
            messageId: "sequential",
            data: { count: run.length, names: names.join(", "), bindings: bindings.join(", ") },
            node: { start: first.start, end: last.end },
          });
        }
        run = [];
      };
      for (const statement of body) {
        const decl = awaitedDeclaration(statement);
        if (!decl) {
          flush();
          continue;
        }
        const source = ctx.text.slice(decl.init.start, decl.init.end);
        const dependent = run.some((r) =>
          r.names.some((n) => new RegExp(`\\b${n.replace(/\$/g, "\\$")}\\b`).test(source)),
        );
        if (dependent) flush();
        run.push({ ...decl, statement });
      }
      flush();
    };
    return {
      BlockStatement(node: AstNode) {
        check(node.body as AstNode[]);
      },
    };
  },
});
