import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { mergeHandlers, urlKind } from "../../frameworks/index.ts";
import {
  calleeText,
  pathData,
  pathProblems,
  publishRequestFacts,
  requestCalls,
} from "./request-calls.ts";

const HTTP = new Set(["http"] as const);
export const syncServiceChain = defineRule({
  id: "architecture/sync-service-chain",
  category: "architecture",
  severity: "medium",
  remediationMinutes: 240,
  description: "HTTP calls to internal services awaited inside a request handler (blocking hops).",
  rationale:
    "Each awaited hop to another service adds its latency and its failures to this request: availability multiplies down the chain and one slow service stalls all callers.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    hop: "The {{framework}} handler {{route}} waits on another internal service ({{call}}) before it answers: a synchronous service chain. Publish an event or enqueue a job instead, or keep a local read model of the data; at least add a timeout and a fallback.",
    path: "Every {{framework}} request to {{route}} ({{declared}}) waits here on another internal service ({{call}}, through {{via}}) before it answers: a synchronous service chain. Publish an event or enqueue a job instead, or keep a local read model of the data; at least add a timeout and a fallback.",
  },
  create(ctx) {
    const own = requestCalls(ctx as never, HTTP, (call) => {
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
    return mergeHandlers(publishRequestFacts(ctx as never), own);
  },
  analyze(ctx) {
    const hop = (p: { kind: string; awaited?: true; url?: string }) =>
      p.kind === "http" && !!p.awaited && p.url === "internal";
    for (const found of pathProblems(ctx as never, hop))
      ctx.report({
        messageId: "path",
        data: { ...pathData(found), call: found.problem.call },
        path: found.path,
        startLine: found.problem.line,
        key: `${found.reached.key}:${found.problem.call}`,
      });
  },
});
