import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import {
  frameworksOf,
  mergeHandlers,
  HTTP_METHODS,
  PACKAGES_BY_KIND,
  type Binding,
} from "../../frameworks/index.ts";
import { isTestFile } from "../../shared/index.ts";
import { FlowRecorder, readsRequest, reportFlows, type FlowFact } from "./flow.ts";
import { describeOrigin, requestInputOf, type Origin } from "./request-input.ts";

const ID = "security/ssrf";
/** HTTP client packages, each with where its URL goes. */
const CLIENTS: ReadonlySet<string> = new Set([
  ...(PACKAGES_BY_KIND.get("http-client") ?? []),
  "needle",
  "request",
  "phin",
  "bent",
]);
/** Client methods named after HTTP verbs, plus the generic ones. */
const METHODS: ReadonlySet<string> = new Set([
  ...HTTP_METHODS,
  "head",
  "request",
  "fetch",
  "stream",
]);
/** Options properties that name the server. */
const URL_KEYS = new Set(["url", "uri", "baseURL", "prefixUrl", "host", "hostname", "origin"]);
/** A fixed scheme and host before any input: `https://api.example.com/` (input only picks the path). */
const FIXED_HOST = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s${}]+[/?#]/i;

export const ssrf = defineRule({
  id: ID,
  category: "security",
  severity: "high",
  remediationMinutes: 60,
  description:
    "Server-side request forgery: request input decides the server an HTTP client (fetch, axios, got, needle, request, superagent, http.request) calls.",
  rationale:
    "A server that fetches any URL its client names can be made to call what only it can reach: cloud metadata endpoints that hand out credentials, internal admin services, databases; the response often comes back to the attacker.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    ssrf: "{{call}} requests a URL built from {{how}}{{via}}: a client can make the server call internal services or the cloud metadata endpoint (169.254.169.254). Keep the scheme and host fixed in code and let input choose only a path or an id, or check the parsed URL's host against an allow-list.",
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path)) return {};
    const { bindings } = frameworksOf(ctx);
    // Sinks need a client (a package or the global fetch); feeds need request input.
    const client =
      [...bindings.values()].some((b) => CLIENTS.has(b.source)) || ctx.code.includes("fetch(");
    if (!client && !readsRequest(ctx.code)) return {};
    const { input, handlers: inputHandlers } = requestInputOf(ctx);
    const flow = new FlowRecorder(ctx);
    const fixed = new Set<string>();
    /** Scheme and host written in code (a literal, or a base from code or configuration): input after them picks only the path. */
    const fixedHost = (node: AstNode): boolean => {
      if (node.type === "Identifier") return fixed.has(node.name as string);
      if (node.type === "Literal") return true;
      if (node.type === "TemplateLiteral") {
        const first =
          ((node.quasis as AstNode[])[0]?.value as { cooked?: string } | undefined)?.cooked ?? "";
        const head = (node.expressions as AstNode[])[0];
        if (first === "" && head) return !input.origin(head);
        return relativeOrFixed(first);
      }
      if (node.type === "BinaryExpression" && node.operator === "+") {
        let left = node.left as AstNode;
        while (left.type === "BinaryExpression" && left.operator === "+")
          left = left.left as AstNode;
        if (left.type === "Literal") return relativeOrFixed(String(left.value));
        return fixedHost(left) || !input.origin(left);
      }
      return false;
    };
    const check = (call: AstNode, url: AstNode | undefined) => {
      if (!url) return;
      const target = url.type === "ObjectExpression" ? optionsUrl(url) : url;
      if (!target || fixedHost(target)) return;
      const origin: Origin | undefined = input.origin(target);
      if (!origin) return;
      const callee = call.callee as AstNode;
      const data = {
        call: ctx.text.slice(callee.start, Math.min(callee.end, callee.start + 60)),
        how: describeOrigin(origin),
      };
      if (origin.kind === "request")
        ctx.report({ messageId: "ssrf", data: { ...data, via: "" }, node: call });
      else flow.addSink(call, origin, "ssrf", data);
    };
    return mergeHandlers(inputHandlers, {
      VariableDeclarator(node) {
        const id = node.id as AstNode;
        const init = node.init as AstNode | null;
        if (id.type !== "Identifier" || !init) return;
        if (init.type !== "Identifier" && init.type !== "Literal" && fixedHost(init))
          fixed.add(id.name as string);
        else fixed.delete(id.name as string);
      },
      CallExpression(node) {
        flow.noteCall(node, input, (_, arg) => !fixedHost(arg));
        const args = node.arguments as AstNode[];
        const client = clientOf(node.callee as AstNode, bindings);
        if (!client) return;
        // needle(method, url) and needle.request(method, url): the URL is second.
        const second =
          client.pkg === "needle" && (client.method === undefined || client.method === "request");
        check(node, second ? args[1] : args[0]);
      },
      "Program:exit"() {
        const fact = flow.fact();
        if (fact) ctx.setFact(fact);
      },
    });
  },
  analyze(ctx) {
    // A helper that fetches its parameter is what every API client is: reported only when a
    // route is seen to pass it request input.
    reportFlows(ctx, ctx.factsOf<FlowFact>(ID), (_, fed) =>
      fed ? { messageId: "ssrf" } : undefined,
    );
  },
});

/** The client package a call goes through, and the method called on it. */
function clientOf(
  callee: AstNode,
  bindings: ReadonlyMap<string, Binding>,
): { pkg: string; method?: string } | undefined {
  if (callee.type === "Identifier") {
    const name = callee.name as string;
    const binding = bindings.get(name);
    if (!binding) return name === "fetch" ? { pkg: "fetch" } : undefined;
    if (!CLIENTS.has(binding.source)) return undefined;
    // `import { request } from "undici"`, `import fetch from "node-fetch"`, `const got = require("got")`
    if (binding.imported === "default" || binding.imported === "*" || METHODS.has(binding.imported))
      return { pkg: binding.source };
    return undefined;
  }
  if (callee.type !== "MemberExpression" || callee.computed) return undefined;
  const object = callee.object as AstNode;
  const method = (callee.property as AstNode).name as string;
  if (!METHODS.has(method) || object.type !== "Identifier") return undefined;
  const binding = bindings.get(object.name as string);
  if (!binding || !CLIENTS.has(binding.source)) return undefined;
  return { pkg: binding.source, method };
}

function optionsUrl(options: AstNode): AstNode | undefined {
  for (const p of options.properties as AstNode[]) {
    if (p.type !== "Property" || p.computed) continue;
    const key = p.key as AstNode;
    if (URL_KEYS.has((key.name ?? key.value) as string)) return p.value as AstNode;
  }
  return undefined;
}

/** `https://api.example.com/...` or `/api/...`: the server is chosen in code. */
function relativeOrFixed(prefix: string): boolean {
  return FIXED_HOST.test(prefix) || (prefix.startsWith("/") && !prefix.startsWith("//"));
}
