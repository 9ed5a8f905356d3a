import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { mergeHandlers, urlKind, type Problem } from "../../frameworks/index.ts";
import {
  calleeText,
  pathData,
  pathProblems,
  publishRequestFacts,
  requestCalls,
} from "./request-calls.ts";

const KINDS = new Set(["mail", "document", "saas", "http"] as const);

const ADVICE: Record<string, string> = {
  mail: "move this e-mail to a queue job (e.g. BullMQ `queue.add('send-email', ...)`) and answer at once",
  document:
    "generate the document in a background job and let the client poll or be notified when it is ready",
  saas: "call the third-party API from a queue job with retries, and answer 202 Accepted",
  http: "call the third-party API from a queue job with retries and a timeout, and answer 202 Accepted",
};

const WHAT: Record<string, string> = {
  mail: "an e-mail",
  document: "document generation",
  saas: "a third-party API",
  http: "a third-party API",
};

export const longWorkInRequest = defineRule({
  id: "architecture/long-work-in-request",
  category: "architecture",
  severity: "medium",
  remediationMinutes: 180,
  description:
    "E-mail, report/PDF generation and third-party calls awaited inside a request instead of queued.",
  rationale:
    "Slow or flaky work inside the request holds a connection and a worker for seconds, fails the user's request when the provider fails, and caps throughput.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    work: "The {{framework}} handler {{route}} awaits {{what}} ({{call}}) before answering: {{advice}}.",
    path: "Every {{framework}} request to {{route}} ({{declared}}) awaits {{what}} here ({{call}}, through {{via}}) before answering: {{advice}}.",
  },
  create(ctx) {
    const own = requestCalls(ctx as never, KINDS, (call) => {
      if (!call.awaited) return;
      if (call.kind === "http" && urlKind(ctx.text, call.node) !== "external") return;
      const what = WHAT[call.kind]!;
      ctx.report({
        messageId: "work",
        data: {
          framework: call.route.framework,
          route: call.route.name,
          what,
          call: calleeText(ctx, call.node),
          advice: ADVICE[call.kind]!,
        },
        node: call.node,
        symbol: call.route.name,
      });
    });
    return mergeHandlers(publishRequestFacts(ctx as never), own);
  },
  analyze(ctx) {
    const slow = (p: Problem) =>
      !!p.awaited && KINDS.has(p.kind as never) && (p.kind !== "http" || p.url === "external");
    for (const found of pathProblems(ctx as never, slow))
      ctx.report({
        messageId: "path",
        data: {
          ...pathData(found),
          what: WHAT[found.problem.kind]!,
          call: found.problem.call,
          advice: ADVICE[found.problem.kind]!,
        },
        path: found.path,
        startLine: found.problem.line,
        key: `${found.reached.key}:${found.problem.call}`,
      });
  },
});
