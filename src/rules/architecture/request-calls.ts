import type { AstNode, CodeContext, NodeHandlers } from "../../engine/index.ts";
import {
  classifyCall,
  frameworksOf,
  mergeHandlers,
  RouteTracker,
  type CallKind,
  type FileFrameworks,
  type Route,
} from "../../frameworks/index.ts";

/** `app.get(`, `router.post(`, `fastify.route(`...: found by the method part, then the receiver is checked. */
const ROUTE_METHOD_CALL = /\.(?:get|post|put|patch|delete|route)\(/g;
const ROUTER_RECEIVER = /\b(?:app|router|server|fastify)$/;

/**
 * Whether the text holds `\b(app|router|server|fastify)\.(get|post|put|patch|delete|route)\(`.
 * Searching for the method part alone and looking back at the few matches is cheaper than that
 * regular expression, which V8 cannot start with a literal search.
 */
function hasRouteCall(text: string): boolean {
  ROUTE_METHOD_CALL.lastIndex = 0;
  while (ROUTE_METHOD_CALL.test(text)) {
    const dot = text.lastIndexOf(".", ROUTE_METHOD_CALL.lastIndex - 1);
    // Eight characters: the longest receiver and the one before it, for the \b.
    if (ROUTER_RECEIVER.test(text.slice(Math.max(0, dot - 8), dot))) return true;
  }
  return false;
}

export interface RequestCall {
  node: AstNode;
  kind: CallKind;
  awaited: boolean;
  route: Route;
  file: FileFrameworks;
}

/**
 * Handlers for the rules that ask "which calls of these kinds run on a request?": bails out with
 * no handlers when the file has no HTTP framework (nor a Next.js route path) and `needs` is not
 * met, collects classified calls during the walk, and hands those inside a route to `onCall` at
 * the end of the file.
 */
export function requestCalls(
  ctx: CodeContext<unknown>,
  kinds: ReadonlySet<CallKind>,
  onCall: (call: RequestCall) => void,
  needs: (file: FileFrameworks) => boolean = () => true,
  onRoutes?: (routes: readonly Route[]) => void,
): NodeHandlers {
  const file = frameworksOf(ctx);
  // A Fastify plugin registers routes without importing fastify: scan for that once per file,
  // and only in a file that imports no HTTP framework.
  const hinted = file as FileFrameworks & { routeHint?: boolean };
  if (!file.httpFramework && !(hinted.routeHint ??= hasRouteCall(ctx.text))) return {};
  if (!needs(file)) return {};
  const tracker = new RouteTracker(file);
  const calls: Array<{ node: AstNode; kind: CallKind; awaited: boolean }> = [];
  return mergeHandlers(tracker.handlers, {
    CallExpression(node, parent) {
      const kind = classifyCall(node, file);
      if (kind && kinds.has(kind))
        calls.push({ node, kind, awaited: parent?.type === "AwaitExpression" });
    },
    "Program:exit"() {
      tracker.finish();
      onRoutes?.(tracker.routes);
      for (const call of calls) {
        const route = tracker.routeAt(call.node.start);
        if (route) onCall({ ...call, route, file });
      }
    },
  });
}

/** The source text of a call's callee, shortened for messages (`prisma.user.findMany`). */
export function calleeText(ctx: { text: string }, call: AstNode): string {
  const callee = call.callee as AstNode;
  const text = ctx.text.slice(callee.start, callee.end).replace(/\s+/g, "");
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
