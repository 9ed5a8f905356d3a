import { z } from "zod";
import { defineRule, type AstNode } from "../../engine/index.ts";
import {
  frameworksOf,
  HEALTH_LIBRARIES,
  HEALTH_ROUTE,
  mergeHandlers,
  RouteTracker,
} from "../../frameworks/index.ts";
import { MANIFEST_FACT } from "../collectors/manifest-fact.ts";
import { applicability, NOT_PRODUCT_DIR, serviceOf } from "./service.ts";
import { isTestFile } from "../../shared/index.ts";

const id = "infrastructure/no-healthcheck";

interface RoutesFact {
  kind: "routes";
  framework: string;
  routes: number;
  line: number;
  probe: boolean;
}

/** Health checks declared outside the code: Docker HEALTHCHECK, Kubernetes probes, Compose, PaaS and load-balancer settings. */
const PROBE_CONFIG =
  /^\s*HEALTHCHECK\s+(?!NONE)|\b(livenessProbe|readinessProbe|startupProbe|healthCheckPath|health_check_path|http_checks|health_check|HealthCheckPath)\b|^\s*healthcheck:|"healthCheck"\s*:/m;
const PROBE_FILE = /(^|\/)(Dockerfile[^/]*|[^/]+\.dockerfile)$|\.(ya?ml|toml|tf|json)$/;

function stringValue(node: AstNode | undefined): string | undefined {
  if (node?.type === "Literal" && typeof node.value === "string") return node.value;
  return undefined;
}

export const noHealthcheck = defineRule({
  id,
  category: "infrastructure",
  severity: "medium",
  remediationMinutes: 60,
  description: "An HTTP service with no health or readiness endpoint.",
  rationale:
    "Without a health endpoint the orchestrator or load balancer cannot tell a hung instance from a healthy one: traffic keeps flowing to it and rolling deploys cannot wait for readiness.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    noHealth:
      "This {{framework}} service declares {{routes}} route(s) but no health or readiness endpoint (/healthz, /readyz, /health): load balancers and orchestrators cannot take a broken instance out of rotation. Add a liveness route and a readiness route that checks its dependencies.",
  },
  create(ctx) {
    if (isTestFile(ctx.path) || NOT_PRODUCT_DIR.test(ctx.path)) return {};
    const file = frameworksOf(ctx);
    if (!file.httpFramework || file.nextRoute) return {};
    const tracker = new RouteTracker(file);
    let probe = false;
    return mergeHandlers(tracker.handlers, {
      CallExpression(node) {
        // `app.use("/health", healthRouter)`, `fastify.register(plugin, { prefix: "/health" })` is rarer: mounts count.
        const callee = node.callee as AstNode;
        if (callee.type !== "MemberExpression") return;
        const name = (callee.property as AstNode).name;
        if (name !== "use" && name !== "route" && name !== "all") return;
        const path = stringValue((node.arguments as AstNode[])[0]);
        if (path && HEALTH_ROUTE.test(path)) probe = true;
      },
      "Program:exit"() {
        tracker.finish();
        const routes = tracker.routes;
        if (routes.length === 0 && !probe) return;
        ctx.setFact({
          kind: "routes",
          framework: file.httpFramework!,
          routes: routes.length,
          line: routes.length ? ctx.lineOf(Math.min(...routes.map((r) => r.at))) : 1,
          probe: probe || routes.some((r) => HEALTH_ROUTE.test(r.path)),
        } satisfies RoutesFact);
      },
    });
  },
  uses: [MANIFEST_FACT],
  textFiles: (path) => PROBE_FILE.test(path) && !/(^|\/)package(-lock)?\.json$/.test(path),
  checkText(ctx) {
    if (PROBE_CONFIG.test(ctx.text)) ctx.setFact({ kind: "probe-config" });
  },
  analyze(ctx) {
    const app = applicability(ctx);
    const http = app.services.filter((s) => s.http);
    if (http.length === 0) return;
    if ([...app.dependencies].some((name) => HEALTH_LIBRARIES.has(name))) return;
    const facts = ctx.factsOf<{ kind: string }>(id);
    if (facts.some((f) => f.fact.kind === "probe-config")) return;
    const byService = new Map<string, Array<{ path: string; fact: RoutesFact }>>();
    for (const f of facts) {
      if (f.fact.kind !== "routes") continue;
      const service = serviceOf(f.path, http);
      if (!service) continue;
      byService.set(service.path, [
        ...(byService.get(service.path) ?? []),
        f as { path: string; fact: RoutesFact },
      ]);
    }
    for (const files of byService.values()) {
      if (files.some((f) => f.fact.probe)) continue;
      const withRoutes = files
        .filter((f) => f.fact.routes > 0)
        .sort((a, b) => a.path.localeCompare(b.path));
      const first = withRoutes[0];
      if (!first) continue;
      ctx.report({
        messageId: "noHealth",
        data: {
          framework: first.fact.framework,
          routes: withRoutes.reduce((n, f) => n + f.fact.routes, 0),
        },
        key: "no-healthcheck",
        path: first.path,
        startLine: first.fact.line,
        places: withRoutes
          .slice(0, 10)
          .map((f) => ({ path: f.path, startLine: f.fact.line, endLine: f.fact.line })),
      });
    }
  },
});
