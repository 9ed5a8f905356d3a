import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { frameworksOf, PACKAGES_BY_KIND } from "../../frameworks/index.ts";
import { MANIFEST_FACT, manifestsOf } from "../collectors/manifest-fact.ts";
import { isManifestPath, NOT_PRODUCT_DIR } from "../infrastructure/service.ts";
import { dirPrefixOf, isTestFile } from "../../shared/index.ts";

const id = "security/missing-security-headers";
/** Header names that show headers are set by hand (or by a proxy in front). */
const HEADER_NAMES =
  /strict-transport-security|content-security-policy|x-frame-options|x-content-type-options/i;
const HEADER_TAIL = /^(?:security|options)/i;
/**
 * Every header name holds "-security" or "-options" in some case. A hyphen is rare in code, so
 * visiting each one (`indexOf` of one character is a fast scan) and looking at what follows rules
 * out almost every file before the case-insensitive search of the whole text.
 */
function hasHeaderNames(text: string): boolean {
  for (let at = text.indexOf("-"); at >= 0; at = text.indexOf("-", at + 1)) {
    const next = text.charCodeAt(at + 1) | 32; // "s"/"S" or "o"/"O"
    if ((next === 115 || next === 111) && HEADER_TAIL.test(text.slice(at + 1, at + 9)))
      return HEADER_NAMES.test(text);
  }
  return false;
}
const HEADER_PACKAGES = new Set([
  ...(PACKAGES_BY_KIND.get("security-headers") ?? []),
  "fastify-helmet",
  "lusca",
  "@nestjs/helmet",
]);
/** Proxy and platform configuration that can add the headers in front of the app. */
const PROXY_FILE =
  /(^|\/)(nginx[^/]*\.conf|[^/]+\.conf|Caddyfile|_headers|vercel\.json|netlify\.toml|staticwebapp\.config\.json|[^/]*ingress[^/]*\.ya?ml|[^/]+\.vcl)$/;

interface AppFact {
  kind: "app";
  apps: Array<{ framework: string; line: number }>;
  headers: boolean;
}

/** The framework an app-creating expression makes: `express()`, `Fastify()`, `new Koa()`, `new Hono()`, `NestFactory.create()`. */
function appFramework(
  node: AstNode,
  source: (name: string) => string | undefined,
): string | undefined {
  const callee = node.callee as AstNode;
  if (callee.type === "Identifier") {
    const from = source(callee.name as string);
    if (node.type === "CallExpression" && (from === "express" || from === "fastify"))
      return from === "express" ? "Express" : "Fastify";
    if (node.type === "NewExpression" && from === "koa") return "Koa";
    if (node.type === "NewExpression" && from === "hono") return "Hono";
    return undefined;
  }
  if (
    node.type === "CallExpression" &&
    callee.type === "MemberExpression" &&
    (callee.property as AstNode).name === "create" &&
    (callee.object as AstNode).type === "Identifier" &&
    source((callee.object as AstNode).name as string) === "@nestjs/core"
  )
    return "Nest";
  return undefined;
}

export const missingSecurityHeaders = defineRule({
  id,
  category: "security",
  severity: "medium",
  remediationMinutes: 30,
  description:
    "An Express, Fastify, Koa, Hono or Nest app with no security-header middleware (helmet and its kin) and no headers set by hand.",
  rationale:
    "Without HSTS, a content security policy, frame and MIME-sniffing protection, browsers leave the app open to downgrade, clickjacking and script-injection attacks that one middleware closes.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    missing:
      "This {{framework}} app sets no security headers (no helmet, @fastify/helmet, koa-helmet or Hono secureHeaders, and no Strict-Transport-Security / Content-Security-Policy set by hand or by a proxy): browsers get no HSTS, CSP or clickjacking protection. Register the framework's helmet middleware.",
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path) || NOT_PRODUCT_DIR.test(ctx.path)) return {};
    const file = frameworksOf(ctx);
    const headers =
      file.kinds.has("security-headers") ||
      [...file.packages.keys()].some((p) => HEADER_PACKAGES.has(p)) ||
      hasHeaderNames(ctx.text);
    if (!file.kinds.has("http-framework")) {
      if (headers) ctx.setFact({ kind: "app", apps: [], headers } satisfies AppFact);
      return {};
    }
    const source = (name: string) => {
      const binding = file.bindings.get(name);
      return binding &&
        (binding.imported === "default" ||
          binding.imported === "*" ||
          ["fastify", "NestFactory", "Hono", "Koa"].includes(binding.imported))
        ? binding.source
        : undefined;
    };
    const apps: AppFact["apps"] = [];
    const onApp = (node: AstNode) => {
      const framework = appFramework(node, source);
      if (framework) apps.push({ framework, line: ctx.lineOf(node.start) });
    };
    return {
      CallExpression: onApp,
      NewExpression: onApp,
      "Program:exit"() {
        if (apps.length || headers) ctx.setFact({ kind: "app", apps, headers } satisfies AppFact);
      },
    };
  },
  uses: [MANIFEST_FACT],
  textFiles: (path) => PROXY_FILE.test(path),
  checkText(ctx) {
    if (hasHeaderNames(ctx.text)) ctx.setFact({ kind: "proxy" });
  },
  analyze(ctx) {
    const facts = ctx.factsOf<{ kind: string; headers?: boolean }>(id);
    if (facts.some((f) => f.fact.kind === "proxy")) return;
    const packageDirs = ctx.allPaths.filter((p) => isManifestPath(p)).map(dirPrefixOf);
    const rootOf = (path: string) =>
      packageDirs.filter((dir) => path.startsWith(dir)).sort((a, b) => b.length - a.length)[0] ??
      "";
    // Headers set anywhere in a package cover every app of that package (middleware often lives in its own file).
    const covered = new Set(facts.filter((f) => f.fact.headers).map((f) => rootOf(f.path)));
    for (const { path, fact } of manifestsOf(ctx))
      if (isManifestPath(path) && fact.dependencies.some((d) => HEADER_PACKAGES.has(d)))
        covered.add(rootOf(path));
    for (const { path, fact } of facts) {
      if (fact.kind !== "app" || covered.has(rootOf(path))) continue;
      for (const app of (fact as AppFact).apps)
        ctx.report({
          messageId: "missing",
          data: { framework: app.framework },
          path,
          startLine: app.line,
          key: `${app.framework}-app`,
        });
    }
  },
});
