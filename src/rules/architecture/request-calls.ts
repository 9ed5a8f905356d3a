import type {
  AstNode,
  CodeContext,
  FileSummary,
  NodeHandlers,
  RepositoryContext,
} from "../../engine/index.ts";
import {
  classifyCall,
  collectRequestFacts,
  importResolver,
  requestPaths,
  routeLabel,
  type Problem,
  type Reached,
  type RequestFact,
  type RoutePath,
  frameworksOf,
  mergeHandlers,
  RouteTracker,
  type CallKind,
  type FileFrameworks,
  registersRoutes,
  type Route,
} from "../../frameworks/index.ts";

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
  if (!registersRoutes(file, ctx.code)) return {};
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

/**
 * The request rules: the first of them active in an audit publishes each file's request facts
 * (one collector pass per file whichever rules are on), and each reads them from there.
 */
const REQUEST_RULES = [
  "architecture/logic-in-controller",
  "architecture/long-work-in-request",
  "architecture/sync-service-chain",
  "performance/sync-io-in-request",
  "data/unvalidated-input",
];
/** The key of "a request rule publishes this file's facts" among a pass's shared values. */
const PUBLISHED = {};

/** Handlers that publish the file's `RequestFact` under the calling rule's id, for the first request rule to ask. */
export function publishRequestFacts(ctx: CodeContext<unknown>): NodeHandlers {
  // Per pass, not per file: a pass run again without a failed rule publishes again.
  let first = false;
  ctx.shared(PUBLISHED, () => (first = true));
  if (!first) return {};
  const collector = collectRequestFacts(ctx);
  if (!Object.keys(collector.handlers).length) {
    // A file read without a walk (a barrel's re-exports): its fact is ready now.
    const fact = collector.fact();
    if (fact) ctx.setFact(fact);
    return {};
  }
  return mergeHandlers(collector.handlers, {
    "Program:exit"() {
      const fact = collector.fact();
      if (fact) ctx.setFact(fact);
    },
  });
}

const paths = new WeakMap<readonly FileSummary[], RoutePath[]>();

/** Every route and the functions its requests run, across files (computed once per audit for all the request rules). */
export function requestPathsOf(ctx: RepositoryContext<unknown>): RoutePath[] {
  const known = paths.get(ctx.files);
  if (known) return known;
  const facts: Array<{ path: string; fact: RequestFact }> = [];
  for (const file of ctx.files) {
    const id = REQUEST_RULES.find((r) => r in file.facts);
    if (id) facts.push({ path: file.path, fact: file.facts[id] as RequestFact });
  }
  const found = requestPaths(facts, importResolver(ctx.files, ctx.graph));
  paths.set(ctx.files, found);
  return found;
}

/** A problem reached from a route that the rules' pass over its own file did not see, once per place. */
export interface PathProblem {
  problem: Problem;
  path: string;
  route: RoutePath;
  reached: Reached;
}

/** The problems of `kinds` that routes reach in other functions than the file's own pass saw, the first route for each place. */
export function pathProblems(
  ctx: RepositoryContext<unknown>,
  accept: (problem: Problem) => boolean,
): PathProblem[] {
  const out: PathProblem[] = [];
  const placed = new Set<string>();
  for (const route of requestPathsOf(ctx))
    for (const reached of route.reached)
      for (const problem of reached.fn.problems ?? []) {
        if (problem.local || !accept(problem)) continue;
        const place = `${reached.path}:${problem.line}:${problem.call}`;
        if (placed.has(place)) continue;
        placed.add(place);
        out.push({ problem, path: reached.path, route, reached });
      }
  return out;
}

/** Report data that names the route and the way to the problem: `POST /signup`, `routes/auth.ts:12`, `signup → createUser`. */
export function pathData(found: { route: RoutePath; reached: Reached }): Record<string, string> {
  return {
    framework: found.route.route.framework,
    route: routeLabel(found.route.route),
    declared: `${found.route.declaredIn}:${found.route.route.line}`,
    // A handler written in place is keyed by its line (`@12`): say "the handler".
    via: found.reached.via.map((key) => (key.startsWith("@") ? "the handler" : key)).join(" → "),
  };
}

/** `, defined as \`signup\``: how a path message names a handler that has a name (one written in place, `@12`, has none). */
export function handlerName(key: string): string {
  return key.startsWith("@") ? "" : `, defined as \`${key}\``;
}
