import { z } from "zod";
import { defineRule, type AstNode } from "../../engine/index.ts";
import {
  frameworksOf,
  isValidationCall,
  mergeHandlers,
  PROBE_PATH,
  registersRoutes,
  requestInputRead,
  RouteTracker,
  VALIDATING_REGISTRATION,
} from "../../frameworks/index.ts";
import {
  handlerName,
  pathData,
  publishRequestFacts,
  requestPathsOf,
} from "../architecture/request-calls.ts";

export const unvalidatedInput = defineRule({
  id: "data/unvalidated-input",
  category: "data",
  severity: "high",
  remediationMinutes: 45,
  description: "Request body/query/params used with no schema validation.",
  rationale:
    "Unvalidated input is how malformed data reaches the database and how injection and mass-assignment bugs start; a schema documents the contract too.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    input:
      "The {{framework}} handler {{route}} uses `{{input}}` without validating it. Parse it with a schema first ({{fix}}) and use only the parsed value.",
    path: "The {{framework}} handler of {{route}} ({{declared}}{{name}}) uses `{{input}}` without validating it. Parse it with a schema first (e.g. zod `Schema.parse(req.body)`, or validation middleware in the route) and use only the parsed value.",
  },
  create(ctx) {
    const publish = publishRequestFacts(ctx as never);
    const file = frameworksOf(ctx);
    // The same files as the other request rules read on their own (a Fastify plugin imports no framework).
    if (!registersRoutes(file, ctx.code)) return publish;
    const tracker = new RouteTracker(file);
    const reads: Array<{ node: AstNode; text: string }> = [];
    const validations: number[] = [];
    return mergeHandlers(publish, tracker.handlers, {
      MemberExpression(node) {
        const text = requestInputRead(node, ctx.text, file);
        if (text) reads.push({ node, text });
      },
      CallExpression(node) {
        if (isValidationCall(node)) validations.push(node.start);
      },
      "Program:exit"() {
        tracker.finish();
        const reported = new Set<number>();
        for (const read of reads) {
          const route = tracker.routeAt(read.node.start);
          if (!route || reported.has(route.at) || PROBE_PATH.test(route.path)) continue;
          if (validations.some((v) => v >= route.start && v < route.end)) continue;
          // Validation in the registration itself: middleware, a Fastify `schema`, Hono's zValidator.
          const registration = ctx.text.slice(route.at, Math.min(route.start, route.at + 2000));
          if (VALIDATING_REGISTRATION.test(registration)) continue;
          reported.add(route.at);
          const fix =
            route.framework === "Fastify"
              ? "a route `schema: { body }`"
              : route.framework === "Hono"
                ? "`zValidator('json', schema)`"
                : file.kinds.has("validator")
                  ? `the ${[...file.packages.values()].find((p) => p.kind === "validator")!.name} schema's parse`
                  : "e.g. zod `Schema.parse(req.body)`";
          ctx.report({
            messageId: "input",
            data: { framework: route.framework, route: route.name, input: read.text, fix },
            node: read.node,
            symbol: route.name,
          });
        }
      },
    });
  },
  analyze(ctx) {
    // Handlers defined away from their route, which the pass over the route's file could not read.
    const done = new Set<string>();
    for (const found of requestPathsOf(ctx as never)) {
      const handler = found.reached[0];
      const { route } = found;
      if (route.seen || route.validated || !handler || PROBE_PATH.test(route.path)) continue;
      const input = handler.fn.input;
      if (!input || handler.fn.validates || done.has(`${handler.path}#${handler.key}`)) continue;
      done.add(`${handler.path}#${handler.key}`);
      ctx.report({
        messageId: "path",
        data: {
          ...pathData({ route: found, reached: handler }),
          name: handlerName(handler.key),
          input: input.text,
        },
        path: handler.path,
        startLine: input.line,
        symbol: handler.key,
      });
    }
  },
});
