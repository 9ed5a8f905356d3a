import type { AstNode } from "../engine/index.ts";
import { stringOf } from "./ast.ts";
import { NEST_ROUTE_DECORATORS } from "./catalogue.ts";
import type { RouteSink } from "./routes.ts";

/** What `@Resolver()` classes' methods serve: GraphQL operations, named by the decorator. */
const GRAPHQL_DECORATORS: ReadonlySet<string> = new Set(["Query", "Mutation", "Subscription"]);
/** The prefix the tracker keeps for a GraphQL resolver class (no HTTP path). */
export const RESOLVER = "\u0000resolver";

/**
 * The path given to a `@Controller(...)` decorator (`""` for none), `RESOLVER` for a GraphQL
 * `@Resolver()` class, or undefined for a class that is neither.
 */
export function controllerPrefix(node: AstNode): string | undefined {
  for (const decorator of (node.decorators as AstNode[] | undefined) ?? []) {
    const expr = decorator.expression as AstNode;
    const callee = expr.type === "CallExpression" ? (expr.callee as AstNode) : undefined;
    if (callee?.type !== "Identifier") continue;
    if (callee.name === "Controller") return controllerPath((expr.arguments as AstNode[])[0]);
    if (callee.name === "Resolver") return RESOLVER;
  }
  return undefined;
}

/** A resolver method's `@Query()`, `@Mutation(() => Team, { name: "createTeam" })`...: a GraphQL operation. */
function graphqlRoutes(sink: RouteSink, node: AstNode): void {
  for (const decorator of (node.decorators as AstNode[] | undefined) ?? []) {
    const expr = decorator.expression as AstNode;
    if (expr.type !== "CallExpression") continue;
    const callee = expr.callee as AstNode;
    if (callee.type !== "Identifier" || !GRAPHQL_DECORATORS.has(callee.name as string)) continue;
    const key = (node.key as AstNode).name as string | undefined;
    const options = (expr.arguments as AstNode[]).find((a) => a.type === "ObjectExpression");
    const named = (options?.properties as AstNode[] | undefined)?.find(
      (p) => (p.key as AstNode | undefined)?.name === "name",
    );
    const name = stringOf(named?.value as AstNode | undefined) ?? key ?? "operation";
    const value = node.value as AstNode;
    sink.add({
      framework: "Nest GraphQL",
      method: (callee.name as string).toUpperCase(),
      path: name,
      start: value.start,
      end: value.end,
      at: decorator.start,
      name: key ?? name,
      rpc: true,
    });
  }
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
  if (prefix === RESOLVER) return graphqlRoutes(sink, node);
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
