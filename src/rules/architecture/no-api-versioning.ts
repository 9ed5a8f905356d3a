import { z } from "zod";
import { defineRule, type AstNode } from "../../engine/index.ts";
import { frameworksOf, mergeHandlers, PROBE_PATH, RouteTracker } from "../../frameworks/index.ts";
import { includesAnyAt } from "../text-search.ts";

/** In a version header's name: `accept-version`, `X-API-Version`. */
const VERSION_HEADER = ["-version", "-Version"];
const VERSION_SEGMENT = /(^|\/)v\d+(\/|$)/i;
/** Versioning set up somewhere else: a versioned mount or prefix, Nest versioning, header versioning. */
const VERSIONING =
  /\.use\(\s*["'`][^"'`]*\/v\d+|prefix\s*:\s*["'`][^"'`]*v\d+|setGlobalPrefix\(\s*["'`][^"'`]*v\d+|enableVersioning\(|\.route\(\s*["'`][^"'`]*\/v\d+|\.basePath\(\s*["'`][^"'`]*\/v\d+|accept-version|api-version|new Router\(\s*\{\s*prefix\s*:\s*["'`][^"'`]*v\d+/i;

interface RouteFact {
  routes: Array<{ line: number; name: string; framework: string }>;
  versioning: boolean;
}

export const noApiVersioning = defineRule({
  id: "architecture/no-api-versioning",
  category: "architecture",
  severity: "low",
  remediationMinutes: 120,
  description: "Public HTTP routes with no version in path or header.",
  rationale:
    "Without a version, every breaking change to the API breaks every client at once; with one, old and new clients are served side by side while they migrate.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    unversioned:
      "{{count}} {{framework}} {{routes}} in this file (first: {{first}}) {{carry}} no API version, and nothing in the project adds one. Mount them under a version (`/v1`){{hint}}, so a breaking change can ship as /v2 while clients migrate.",
  },
  create(ctx) {
    const file = frameworksOf(ctx);
    // Versioning is set up on a framework object (a mount, a prefix, Nest's versioning) or read
    // from a version header: only such files pay for the full-text search.
    const versioning =
      (file.httpFramework !== undefined || includesAnyAt(ctx.text, VERSION_HEADER, "-")) &&
      VERSIONING.test(ctx.text);
    if (!file.httpFramework)
      return versioning
        ? { "Program:exit": () => ctx.setFact({ routes: [], versioning } satisfies RouteFact) }
        : {};
    const tracker = new RouteTracker(file);
    return mergeHandlers(tracker.handlers, {
      Decorator(node: AstNode) {
        const expr = node.expression as AstNode;
        if (expr.type === "CallExpression" && (expr.callee as AstNode).name === "Version")
          tracker.routes.length = 0;
      },
      "Program:exit"() {
        tracker.finish();
        const routes = tracker.routes
          .filter(
            (r) => r.method !== "USE" && !VERSION_SEGMENT.test(r.path) && !PROBE_PATH.test(r.path),
          )
          .map((r) => ({
            line: ctx.lineOf(r.at),
            name: r.framework === "Next.js" ? `${r.method} ${ctx.path}` : r.name,
            framework: r.framework,
          }));
        if (routes.length || versioning) ctx.setFact({ routes, versioning } satisfies RouteFact);
      },
    });
  },
  analyze(ctx) {
    const facts = ctx.factsOf<RouteFact>("architecture/no-api-versioning");
    if (facts.some((f) => f.fact.versioning)) return;
    for (const { path, fact } of facts) {
      if (!fact.routes.length) continue;
      const first = fact.routes[0]!;
      const hint =
        first.framework === "Express"
          ? " with `app.use('/v1', router)`"
          : first.framework === "Fastify"
            ? " with `register(routes, { prefix: '/v1' })`"
            : first.framework === "Nest"
              ? " with `app.enableVersioning()` or `setGlobalPrefix('v1')`"
              : first.framework === "Next.js"
                ? " in the folder path (app/api/v1/...)"
                : "";
      ctx.report({
        messageId: "unversioned",
        data: {
          count: fact.routes.length,
          routes: fact.routes.length === 1 ? "route" : "routes",
          carry: fact.routes.length === 1 ? "carries" : "carry",
          framework: first.framework,
          first: first.name,
          hint,
        },
        path,
        startLine: first.line,
        key: "routes",
        evidence: { routes: fact.routes.length },
      });
    }
  },
});
