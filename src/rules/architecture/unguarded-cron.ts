import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { frameworksOf } from "../../frameworks/index.ts";
import { includesAnyAt } from "../text-search.ts";

const LOCK =
  /redlock|\block\s*\(|acquireLock|withLock|tryLock|advisory_lock|\bsetnx\b|["']NX["']|\bNX:|leaderElection|isLeader|lockfile/i;

export const unguardedCron = defineRule({
  id: "architecture/unguarded-cron",
  category: "architecture",
  severity: "medium",
  remediationMinutes: 90,
  description: "Scheduled jobs without a distributed lock or a queue's repeatable job.",
  rationale:
    "With two instances every job runs twice: double e-mails, double charges, races on the same rows. A lock or a queue makes it run once.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    cron: "{{call}} runs on every instance that loads this file, with no distributed lock: scale to two instances and the job runs twice. Take a lock first (e.g. Redlock, `pg_try_advisory_lock`) or use a queue's repeatable job (BullMQ `queue.add(name, data, { repeat: { pattern } })`).",
  },
  create(ctx): NodeHandlers {
    const file = frameworksOf(ctx);
    const hasScheduler = file.kinds.has("scheduler");
    if (!hasScheduler && !includesAnyAt(ctx.text, ["setInterval"], "I")) return {};
    if (LOCK.test(ctx.text)) return {};
    let depth = 0;
    const report = (node: AstNode, call: string) =>
      ctx.report({ messageId: "cron", data: { call }, node });
    return {
      // A timer started inside a named function or a method runs when that code decides (a UI
      // poller, a start() called once); one at module level or in a callback (a listen()
      // handler) runs in every server instance.
      FunctionDeclaration: () => void depth++,
      "FunctionDeclaration:exit": () => void depth--,
      FunctionExpression: (_node, parent) => {
        if (parent?.type === "MethodDefinition") depth++;
      },
      "FunctionExpression:exit": (_node, parent) => {
        if (parent?.type === "MethodDefinition") depth--;
      },
      CallExpression(node) {
        const callee = node.callee as AstNode;
        if (
          callee.type === "Identifier" &&
          callee.name === "setInterval" &&
          depth === 0 &&
          (node.arguments as AstNode[]).length >= 2
        ) {
          report(node, "setInterval");
          return;
        }
        if (callee.type !== "MemberExpression" || !hasScheduler) return;
        const object = callee.object as AstNode;
        const method = (callee.property as AstNode).name as string;
        const binding =
          object.type === "Identifier" ? file.bindings.get(object.name as string) : undefined;
        if (binding?.info?.kind !== "scheduler") return;
        if (
          method === "schedule" ||
          method === "scheduleJob" ||
          method === "from" ||
          method === "every"
        )
          report(node, `${object.name as string}.${method}`);
      },
      NewExpression(node) {
        const callee = node.callee as AstNode;
        if (
          callee.type === "Identifier" &&
          file.bindings.get(callee.name as string)?.info?.kind === "scheduler" &&
          callee.name === "CronJob"
        )
          report(node, "new CronJob");
      },
      Decorator(node) {
        const expr = node.expression as AstNode;
        if (
          expr.type === "CallExpression" &&
          ((expr.callee as AstNode).name === "Cron" ||
            (expr.callee as AstNode).name === "Interval") &&
          file.packages.has("@nestjs/schedule")
        ) {
          report(node, `@${(expr.callee as AstNode).name as string}()`);
        }
      },
    };
  },
});
