import type { AstNode } from "../engine/index.ts";

/** The base name a member chain hangs from: `prisma.user.findMany` -> `prisma`, `this.users.find` -> `users`. */
export function rootName(node: AstNode): string | undefined {
  let current = node;
  let previous: AstNode | undefined;
  for (;;) {
    if (current.type === "Identifier") return current.name as string;
    if (current.type === "ThisExpression") {
      const prop = previous?.property as AstNode | undefined;
      return prop && !previous?.computed ? (prop.name as string | undefined) : undefined;
    }
    if (current.type === "MemberExpression") {
      previous = current;
      current = current.object as AstNode;
    } else if (current.type === "CallExpression") {
      previous = undefined;
      current = current.callee as AstNode;
    } else if (current.type === "AwaitExpression" || current.type === "TSNonNullExpression") {
      current = (current.argument as AstNode) ?? (current.expression as AstNode);
    } else {
      return undefined;
    }
  }
}

/** The called property or function name: `a.b.findMany()` -> `findMany`, `fetch()` -> `fetch`. */
export function calleeName(call: AstNode): string | undefined {
  const callee = call.callee as AstNode;
  if (callee.type === "Identifier") return callee.name as string;
  if (callee.type === "MemberExpression" && !callee.computed)
    return (callee.property as AstNode).name as string | undefined;
  return undefined;
}

/** An arrow function or a function expression (a handler written in place). */
export function isFunction(node: AstNode | undefined | null): boolean {
  return !!node && (node.type === "ArrowFunctionExpression" || node.type === "FunctionExpression");
}

/** A string literal's value, or a template's raw text with `${}` for each expression. */
export function stringOf(node: AstNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  if (node.type === "TemplateLiteral")
    return (node.quasis as AstNode[]).map((q) => (q.value as { raw: string }).raw).join("${}");
  return undefined;
}

/** Is `node` inside a loop body or a per-item callback (`map`, `forEach`, ...) given its ancestors' spans? */
export const ITERATION_METHODS: ReadonlySet<string> = new Set([
  "map",
  "forEach",
  "flatMap",
  "filter",
  "reduce",
  "some",
  "every",
  "find",
  "for",
]);
