import type { AstNode } from "../engine/index.ts";
import { isFunction, rootName, stringOf } from "./ast.ts";
import { HTTP_METHODS } from "./catalogue.ts";
import type { RouteSink } from "./routes.ts";

/** Receivers that are routers by name, when the file imports no framework the catalogue knows. */
const ROUTER_NAMES = /^(app|router|server|fastify|api|routes|instance|r|v\d+)$/i;
/** An RPC-style Koa route (`router.post("documents.list", ...)`, as Outline's API is written). */
const RPC_PATH = /^[a-z][\w-]*\.[\w.-]+$/i;

/**
 * Express-style registration by method, `receiver.get("/path", ...handlers)`: Express and its
 * routers, and the same shape in Koa routers (`router.get`), Hono (`app.get`) and Fastify's
 * shorthand (`fastify.get`). The framework is the one the file imports (`HTTP` for a receiver
 * named like a router in a file that imports none). Handlers written in place become routes; a
 * last argument that is an identifier is resolved by the tracker's `finish()`.
 */
export function methodRoute(sink: RouteSink, call: AstNode, method: string): void {
  const args = call.arguments as AstNode[];
  if (!HTTP_METHODS.has(method) || args.length < 2) return;
  const path = stringOf(args[0]);
  if (path === undefined) return;
  const receiver = rootName((call.callee as AstNode).object as AstNode);
  const framework =
    sink.file.httpFramework ?? (receiver && ROUTER_NAMES.test(receiver) ? "HTTP" : undefined);
  if (!framework || !(path.startsWith("/") || (framework === "Koa" && RPC_PATH.test(path)))) return;
  const last = args[args.length - 1]!;
  const upper = method === "del" ? "DELETE" : method.toUpperCase();
  const name = `${upper} ${path}`;
  const rpc = path.startsWith("/") ? {} : { rpc: true as const };
  const route = (handler: AstNode) => ({
    framework,
    method: upper,
    path,
    start: handler.start,
    end: handler.end,
    at: call.start,
    name,
    ...rpc,
  });
  for (const arg of args.slice(1)) {
    if (isFunction(arg)) sink.add(route(arg));
  }
  if (last.type === "Identifier")
    sink.refer({
      name: last.name as string,
      start: last.start,
      end: last.end,
      at: call.start,
      framework,
      method: upper,
      path,
      ...rpc,
    });
  if (!args.slice(1).some(isFunction) && last.type !== "Identifier") {
    // A handler imported from elsewhere (`users.list`): the route exists, its body is one import away.
    sink.add(route(last));
  }
}
