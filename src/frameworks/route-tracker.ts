import type { AstNode, NodeHandlers } from "../engine/index.ts";
import { isFunction } from "./ast.ts";
import type { FileFrameworks } from "./bindings.ts";
import { methodRoute } from "./express.ts";
import { fastifyRoute, isFastifyRouteCall } from "./fastify.ts";
import { controllerPrefix, nestRoutes } from "./nest.ts";
import { hasUseServer, nextAppRoutes, nextPagesRoute, serverActions } from "./next.ts";
import { trpcProcedure } from "./trpc.ts";
import type { HandlerReference, Route, RouteSink } from "./routes.ts";

/**
 * Finds the route handlers of one file while the rule's own handlers run, and answers afterwards
 * which code runs on a request: the handler itself and the functions of the same file it calls
 * (transitively). Merge `handlers` into the rule's handlers and call `finish()` in `Program:exit`.
 * Each framework's declarations are recognised in its own module (express.ts, fastify.ts,
 * nest.ts, next.ts); this class keeps the file's functions and calls and joins them.
 */
export class RouteTracker implements RouteSink {
  readonly routes: Route[] = [];
  private readonly functions = new Map<string, { start: number; end: number }>();
  private readonly calls: Array<{ name: string; at: number }> = [];
  private readonly references: HandlerReference[] = [];
  private spans: Array<{ start: number; end: number; route: Route }> = [];
  private readonly nestPrefix: Array<string | undefined> = [];
  readonly file: FileFrameworks;
  /** The file starts with `"use server"`: its exported async functions are Next.js server actions. */
  useServer = false;

  /** Keeps the routes that are not HTTP paths of their own (`Route.rpc`). */
  private readonly rpc: boolean;

  constructor(file: FileFrameworks, options: { rpc?: boolean } = {}) {
    this.file = file;
    this.rpc = options.rpc ?? false;
  }

  /** Node handlers the tracker needs; merge them with `mergeHandlers`. */
  readonly handlers: NodeHandlers = {
    Program: (node) => {
      this.useServer = hasUseServer(node);
    },
    CallExpression: (node, parent) => this.onCall(node, parent),
    FunctionDeclaration: (node) => {
      const id = node.id as AstNode | null;
      if (id) this.functions.set(id.name as string, { start: node.start, end: node.end });
    },
    VariableDeclarator: (node) => {
      const id = node.id as AstNode;
      const init = node.init as AstNode | null;
      if (id.type === "Identifier" && isFunction(init))
        this.functions.set(id.name as string, { start: init!.start, end: init!.end });
    },
    ExportNamedDeclaration: (node) => {
      nextAppRoutes(this, node);
      if (this.useServer) serverActions(this, node);
    },
    ExportDefaultDeclaration: (node) => nextPagesRoute(this, node),
    ClassDeclaration: (node) => this.nestPrefix.push(controllerPrefix(node)),
    "ClassDeclaration:exit": () => void this.nestPrefix.pop(),
    MethodDefinition: (node) => {
      const prefix = this.nestPrefix[this.nestPrefix.length - 1];
      if (prefix !== undefined) nestRoutes(this, node, prefix);
    },
  };

  add(route: Route): void {
    if (!route.rpc || this.rpc) this.routes.push(route);
  }

  refer(reference: HandlerReference): void {
    this.references.push(reference);
  }

  private onCall(node: AstNode, parent: AstNode | null): void {
    const callee = node.callee as AstNode;
    if (callee.type === "Identifier") {
      this.calls.push({ name: callee.name as string, at: node.start });
      return;
    }
    if (callee.type !== "MemberExpression" || callee.computed) return;
    const method = (callee.property as AstNode).name as string;
    if ((callee.object as AstNode).type === "ThisExpression")
      this.calls.push({ name: method, at: node.start });
    const args = node.arguments as AstNode[];
    if (isFastifyRouteCall(method, args)) fastifyRoute(this, node, args[0]!);
    else methodRoute(this, node, method);
    trpcProcedure(this, node, method, parent);
  }

  /** Call once after the traversal: resolves handlers named by identifier and the same-file functions they call. */
  finish(): void {
    for (const ref of this.references) {
      // A handler imported from elsewhere keeps the identifier's span: the route exists, its body is one import away.
      const fn = this.functions.get(ref.name) ?? { start: ref.start, end: ref.end };
      this.add({
        framework: ref.framework,
        method: ref.method,
        path: ref.path,
        start: fn.start,
        end: fn.end,
        at: ref.at,
        name: `${ref.method} ${ref.path}`,
        ...(ref.rpc ? { rpc: true as const } : {}),
      });
    }
    const spans = this.routes.map((route) => ({ start: route.start, end: route.end, route }));
    this.spans = this.withCalledFunctions(spans);
  }

  /** Same-file functions called from request code run on the request too (to a fixed point). */
  private withCalledFunctions(
    spans: Array<{ start: number; end: number; route: Route }>,
  ): Array<{ start: number; end: number; route: Route }> {
    const reached = new Set<string>();
    let grew = spans.length > 0;
    while (grew) {
      grew = false;
      for (const call of this.calls) {
        if (reached.has(call.name)) continue;
        const fn = this.functions.get(call.name);
        if (!fn) continue;
        const from = spans.find((s) => call.at >= s.start && call.at < s.end);
        if (!from) continue;
        reached.add(call.name);
        spans.push({ start: fn.start, end: fn.end, route: from.route });
        grew = true;
      }
    }
    return spans;
  }

  /** The route whose request runs the code at `offset`, if any (after `finish`); `http`: HTTP paths only. */
  routeAt(offset: number, http = false): Route | undefined {
    for (const span of this.spans)
      if (offset >= span.start && offset < span.end && !(http && span.route.rpc)) return span.route;
    return undefined;
  }
}
