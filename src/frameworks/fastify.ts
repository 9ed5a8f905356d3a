import type { AstNode } from "../engine/index.ts";
import { isFunction, stringOf } from "./ast.ts";
import type { RouteSink } from "./routes.ts";

/**
 * Fastify's full declaration, `fastify.route({ method, url, handler })` (`path` for `url`;
 * the method defaults to GET). A handler named by an identifier is resolved by `finish()`.
 */
export function fastifyRoute(sink: RouteSink, call: AstNode, options: AstNode): void {
  let method = "GET";
  let path: string | undefined;
  let handler: AstNode | undefined;
  for (const prop of options.properties as AstNode[]) {
    const key = (prop.key as AstNode | undefined)?.name;
    if (key === "method") method = (stringOf(prop.value as AstNode) ?? "GET").toUpperCase();
    else if (key === "url" || key === "path") path = stringOf(prop.value as AstNode);
    else if (key === "handler") handler = prop.value as AstNode;
  }
  if (!path || !handler) return;
  const framework = sink.file.httpFramework ?? "Fastify";
  if (isFunction(handler))
    sink.add({
      framework,
      method,
      path,
      start: handler.start,
      end: handler.end,
      at: call.start,
      name: `${method} ${path}`,
    });
  else if (handler.type === "Identifier")
    sink.refer({
      name: handler.name as string,
      start: handler.start,
      end: handler.end,
      at: call.start,
      framework,
      method,
      path,
    });
}

/** Is this call `x.route({...})`, Fastify's full declaration? */
export function isFastifyRouteCall(method: string, args: readonly AstNode[]): boolean {
  return method === "route" && args.length === 1 && args[0]!.type === "ObjectExpression";
}
