import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { mergeHandlers } from "../../frameworks/index.ts";
import {
  calleeText,
  pathData,
  pathProblems,
  publishRequestFacts,
  requestCalls,
} from "../architecture/request-calls.ts";

const SYNC = new Set(["sync-io"] as const);

/** The asynchronous form to advise for a `*Sync` call. */
function asyncForm(call: string): string {
  const name = call.split(".").pop()!.replace(/Sync$/, "");
  return /readFile|writeFile|readdir|stat|mkdir|unlink|access|rm|copyFile/.test(name)
    ? `fs.promises.${name}`
    : `${name} with a callback or promisified`;
}

export const syncIoInRequest = defineRule({
  id: "performance/sync-io-in-request",
  category: "performance",
  severity: "high",
  remediationMinutes: 30,
  description:
    "`*Sync` fs/crypto/zlib/child_process calls in code reachable from request handlers.",
  rationale:
    "A synchronous call blocks the event loop: while it runs, the process serves no other request, so latency grows with load.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    sync: "{{call}} blocks the event loop inside the {{framework}} handler {{route}}: every other request waits. Use the asynchronous form ({{async}}) and await it.",
    path: "{{call}} blocks the event loop on every {{framework}} request to {{route}} ({{declared}}, through {{via}}): every other request waits. Use the asynchronous form ({{async}}) and await it.",
  },
  create(ctx) {
    const own = requestCalls(ctx as never, SYNC, (call) => {
      const text = calleeText(ctx, call.node);
      ctx.report({
        messageId: "sync",
        data: {
          call: text,
          framework: call.route.framework,
          route: call.route.name,
          async: asyncForm(text),
        },
        node: call.node,
        symbol: call.route.name,
      });
    });
    return mergeHandlers(publishRequestFacts(ctx as never), own);
  },
  analyze(ctx) {
    for (const found of pathProblems(ctx as never, (p) => p.kind === "sync-io"))
      ctx.report({
        messageId: "path",
        data: {
          ...pathData(found),
          call: found.problem.call,
          async: asyncForm(found.problem.call),
        },
        path: found.path,
        startLine: found.problem.line,
        key: `${found.reached.key}:${found.problem.call}`,
      });
  },
});
