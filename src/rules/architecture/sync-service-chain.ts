import { z } from "zod";
import { defineRule, type AstNode } from "../../engine/index.ts";
import { calleeText, requestCalls } from "./request-calls.ts";

const HTTP = new Set(["http"] as const);
const INTERNAL_NAME = /service|svc|internal|localhost|127\.0\.0\.1|\.local\b|\.cluster\b/i;

/** Does the first argument of this HTTP call name an internal service rather than a public host? */
export function urlKind(text: string, call: AstNode): "internal" | "external" | "unknown" {
  const arg = (call.arguments as AstNode[])[0];
  if (!arg) return "unknown";
  const source = text.slice(arg.start, arg.end);
  const literal = /^["'`](https?:\/\/)([^/:"'`$]+)/.exec(source);
  if (literal) {
    const host = literal[2]!;
    return !host.includes(".") || INTERNAL_NAME.test(host) ? "internal" : "external";
  }
  return INTERNAL_NAME.test(source) ? "internal" : "unknown";
}

export const syncServiceChain = defineRule({
  id: "architecture/sync-service-chain",
  category: "architecture",
  severity: "medium",
  remediationMinutes: 240,
  description: "HTTP calls to internal services awaited inside a request handler (blocking hops).",
  rationale:
    "Each awaited hop to another service adds its latency and its failures to this request: availability multiplies down the chain and one slow service stalls all callers.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    hop: "The {{framework}} handler {{route}} waits on another internal service ({{call}}) before it answers: a synchronous service chain. Publish an event or enqueue a job instead, or keep a local read model of the data; at least add a timeout and a fallback.",
  },
  create(ctx) {
    return requestCalls(ctx as never, HTTP, (call) => {
      if (!call.awaited || urlKind(ctx.text, call.node) !== "internal") return;
      ctx.report({
        messageId: "hop",
        data: {
          framework: call.route.framework,
          route: call.route.name,
          call: calleeText(ctx, call.node),
        },
        node: call.node,
        symbol: call.route.name,
      });
    });
  },
});
