import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { calleeText, requestCalls } from "../architecture/request-calls.ts";

const SYNC = new Set(["sync-io"] as const);

export const syncIoInRequest = defineRule({
  id: "performance/sync-io-in-request",
  category: "performance",
  severity: "high",
  remediationMinutes: 30,
  description:
    "`*Sync` fs/crypto/zlib/child_process calls in code reachable from request handlers.",
  rationale:
    "A synchronous call blocks the event loop: while it runs, the process serves no other request, so latency grows with load.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    sync: "{{call}} blocks the event loop inside the {{framework}} handler {{route}}: every other request waits. Use the asynchronous form ({{async}}) and await it.",
  },
  create(ctx) {
    return requestCalls(ctx as never, SYNC, (call) => {
      const text = calleeText(ctx, call.node);
      const name = text.split(".").pop()!.replace(/Sync$/, "");
      ctx.report({
        messageId: "sync",
        data: {
          call: text,
          framework: call.route.framework,
          route: call.route.name,
          async: /readFile|writeFile|readdir|stat|mkdir|unlink|access|rm|copyFile/.test(name)
            ? `fs.promises.${name}`
            : `${name} with a callback or promisified`,
        },
        node: call.node,
        symbol: call.route.name,
      });
    });
  },
});
