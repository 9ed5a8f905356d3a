import type { AstNode } from "../engine/index.ts";
import { stringOf } from "./ast.ts";
import { NEST_ROUTE_DECORATORS } from "./catalogue.ts";
import type { RouteSink } from "./routes.ts";

/** The path given to a `@Controller(...)` decorator (`""` for none), or undefined for a class that is not a controller. */
export function controllerPrefix(node: AstNode): string | undefined {
  for (const decorator of (node.decorators as AstNode[] | undefined) ?? []) {
    const expr = decorator.expression as AstNode;
    if (
      expr.type === "CallExpression" &&
      (expr.callee as AstNode).type === "Identifier" &&
      (expr.callee as AstNode).name === "Controller"
    ) {
      return controllerPath((expr.arguments as AstNode[])[0]);
    }
  }
  return undefined;
}

/** `@Controller("users")` or `@Controller({ path: "users" })`. */
function controllerPath(arg: AstNode | undefined): string {
  const literal = stringOf(arg);
  if (literal !== undefined) return literal;
  if (arg?.type !== "ObjectExpression") return "";
  const path = (arg.properties as AstNode[]).find((p) => (p.key as AstNode)?.name === "path");
  return stringOf(path?.value as AstNode) ?? "";
}

/** The routes of one method of a controller whose prefix is `prefix`: one per `@Get()`, `@Post(":id")`... decorator. */
export function nestRoutes(sink: RouteSink, node: AstNode, prefix: string): void {
  for (const decorator of (node.decorators as AstNode[] | undefined) ?? []) {
    const expr = decorator.expression as AstNode;
    if (expr.type !== "CallExpression") continue;
    const callee = expr.callee as AstNode;
    if (callee.type !== "Identifier" || !NEST_ROUTE_DECORATORS.has(callee.name as string)) continue;
    const sub = stringOf((expr.arguments as AstNode[])[0]) ?? "";
    const path = `/${[prefix, sub]
      .map((p) => p.replace(/^\/+|\/+$/g, ""))
      .filter(Boolean)
      .join("/")}`;
    const value = node.value as AstNode;
    const method = (callee.name as string).toUpperCase();
    const key = (node.key as AstNode).name as string | undefined;
    sink.add({
      framework: "Nest",
      method,
      path,
      start: value.start,
      end: value.end,
      at: decorator.start,
      name: key ?? `${method} ${path}`,
    });
  }
}
