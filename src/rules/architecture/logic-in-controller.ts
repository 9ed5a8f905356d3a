import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { mergeHandlers } from "../../frameworks/index.ts";
import {
  calleeText,
  handlerName,
  pathData,
  publishRequestFacts,
  requestCalls,
  requestPathsOf,
} from "./request-calls.ts";

const DB = new Set(["db", "db-list"] as const);

const DAO = /^(this\.)?\w*(DAO|Dao)\./;

export const logicInController = defineRule({
  id: "architecture/logic-in-controller",
  category: "architecture",
  severity: "medium",
  remediationMinutes: 90,
  description: "Route handlers that query the database directly or carry much business logic.",
  rationale:
    "Handlers that talk to the database cannot be reused by jobs, queues or another transport, and every change to the data model touches the HTTP layer.",
  version: 2,
  options: z.strictObject({
    /** A handler with more lines of code than this carries business logic. */
    maxHandlerLines: z.number().int().min(1).default(40),
  }),
  messages: {
    query:
      "The {{framework}} handler {{route}} queries the database directly ({{call}}). Move the query into a service or repository function and call that from the handler, so jobs and tests can reuse it.",
    long: "The {{framework}} handler {{route}} has {{lines}} lines of code (max {{max}}): business logic lives in the HTTP layer. Move it into a service function; keep the handler to parsing the request and shaping the response.",
    pathQuery:
      "The {{framework}} handler of {{route}} ({{declared}}{{name}}) queries the database directly ({{call}}). Move the query into a service or repository function and call that from the handler, so jobs and tests can reuse it.",
    pathLong:
      "The {{framework}} handler of {{route}} ({{declared}}{{name}}) has {{lines}} lines of code (max {{max}}): business logic lives in the HTTP layer. Move it into a service function; keep the handler to parsing the request and shaping the response.",
  },
  create(ctx) {
    const reported = new Set<number>();
    const max = ctx.options.maxHandlerLines;
    const own = requestCalls(
      ctx as never,
      DB,
      (call) => {
        const { route } = call;
        if (reported.has(route.at)) return;
        reported.add(route.at);
        ctx.report({
          messageId: "query",
          data: { framework: route.framework, route: route.name, call: calleeText(ctx, call.node) },
          node: call.node,
          symbol: route.name,
        });
      },
      undefined,
      (routes) => {
        for (const route of routes) {
          if (reported.has(route.at)) continue;
          const lines = ctx.linesOfCode(ctx.lineOf(route.start), ctx.lineOf(route.end - 1));
          if (lines <= max) continue;
          reported.add(route.at);
          ctx.report({
            messageId: "long",
            data: { framework: route.framework, route: route.name, lines, max },
            startLine: ctx.lineOf(route.start),
            endLine: ctx.lineOf(route.end - 1),
            symbol: route.name,
            evidence: { lines },
          });
        }
      },
    );
    return mergeHandlers(publishRequestFacts(ctx as never), own);
  },
  analyze(ctx) {
    // Handlers defined away from their route (imported, a controller's method), which the pass over the route's file could not read.
    const max = ctx.options.maxHandlerLines;
    const done = new Set<string>();
    for (const found of requestPathsOf(ctx as never)) {
      const handler = found.reached[0];
      if (found.route.seen || !handler) continue;
      const place = `${handler.path}#${handler.key}`;
      if (done.has(place)) continue;
      done.add(place);
      const data = {
        ...pathData({ route: found, reached: handler }),
        name: handlerName(handler.key),
      };
      // A call on the project's own data-access object (`memosDAO.insert`) is the layer this rule asks for.
      const query = handler.fn.problems?.find(
        (p) => (p.kind === "db" || p.kind === "db-list") && !DAO.test(p.call),
      );
      if (query)
        ctx.report({
          messageId: "pathQuery",
          data: { ...data, call: query.call },
          path: handler.path,
          startLine: query.line,
          symbol: handler.key,
        });
      else if (handler.fn.loc > max)
        ctx.report({
          messageId: "pathLong",
          data: { ...data, lines: handler.fn.loc, max },
          path: handler.path,
          startLine: handler.fn.line,
          endLine: handler.fn.end,
          symbol: handler.key,
          evidence: { lines: handler.fn.loc },
        });
    }
  },
});
