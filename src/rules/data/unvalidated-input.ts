import { z } from "zod";
import { defineRule, type AstNode } from "../../engine/index.ts";
import { frameworksOf, mergeHandlers, PROBE_PATH, RouteTracker } from "../../frameworks/index.ts";

const INPUT = new Set(["body", "query", "params"]);
const REQUEST_NAMES = new Set(["req", "request", "ctx", "c"]);
const VALIDATE_METHODS = new Set([
  "parse",
  "safeParse",
  "parseAsync",
  "safeParseAsync",
  "validate",
  "validateSync",
  "validateAsync",
  "assert",
  "cast",
  "is",
  "check",
]);
const VALIDATE_FUNCTIONS =
  /^(validate\w*|validateOrReject|plainToInstance|plainToClass|assert\w*|check\w*|parse|safeParse|v\.parse)$/;
const MIDDLEWARE = /valid|schema|celebrate|zValidator|checkSchema|\bbody\(|\bquery\(|\bparam\(/i;

export const unvalidatedInput = defineRule({
  id: "data/unvalidated-input",
  category: "data",
  severity: "high",
  remediationMinutes: 45,
  description: "Request body/query/params used with no schema validation.",
  rationale:
    "Unvalidated input is how malformed data reaches the database and how injection and mass-assignment bugs start; a schema documents the contract too.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    input:
      "The {{framework}} handler {{route}} uses `{{input}}` without validating it. Parse it with a schema first ({{fix}}) and use only the parsed value.",
  },
  create(ctx) {
    const file = frameworksOf(ctx);
    if (!file.httpFramework) return {};
    const tracker = new RouteTracker(file);
    const reads: Array<{ node: AstNode; text: string }> = [];
    const validations: number[] = [];
    return mergeHandlers(tracker.handlers, {
      MemberExpression(node) {
        const property = node.property as AstNode;
        const object = node.object as AstNode;
        const name = property.name as string | undefined;
        if (!name || node.computed) return;
        // req.body, request.query, ctx.request.body, ctx.params, c.req.query()
        if (
          INPUT.has(name) &&
          object.type === "Identifier" &&
          REQUEST_NAMES.has(object.name as string)
        )
          reads.push({ node, text: `${object.name as string}.${name}` });
        else if (
          INPUT.has(name) &&
          object.type === "MemberExpression" &&
          ((object.property as AstNode).name === "request" ||
            (object.property as AstNode).name === "req")
        )
          reads.push({ node, text: ctx.text.slice(node.start, node.end) });
        else if (
          (name === "json" || name === "formData") &&
          object.type === "Identifier" &&
          (object.name === "request" || object.name === "req") &&
          file.nextRoute
        )
          reads.push({ node, text: `${object.name as string}.${name}()` });
        else if (
          name === "json" &&
          object.type === "MemberExpression" &&
          (object.property as AstNode).name === "req"
        )
          reads.push({ node, text: "c.req.json()" });
      },
      CallExpression(node) {
        const callee = node.callee as AstNode;
        const name =
          callee.type === "Identifier"
            ? (callee.name as string)
            : callee.type === "MemberExpression"
              ? ((callee.property as AstNode).name as string)
              : undefined;
        if (!name) return;
        if (
          callee.type === "MemberExpression"
            ? VALIDATE_METHODS.has(name)
            : VALIDATE_FUNCTIONS.test(name)
        )
          validations.push(node.start);
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
          if (MIDDLEWARE.test(registration)) continue;
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
});
