import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { frameworksOf } from "../../frameworks/index.ts";

const RETRY =
  /\battempts\s*:|\bbackoff\s*:|\bretries\s*:|\bretry\s*:|maxRetries|deadLetter|dead-letter|x-dead-letter-exchange|\bdlq\b|redrivePolicy|RedrivePolicy/i;

export const queueWithoutDlq = defineRule({
  id: "architecture/queue-without-dlq",
  category: "architecture",
  severity: "medium",
  remediationMinutes: 60,
  description: "Queue consumers without retries, backoff, or a dead-letter destination.",
  rationale:
    "Without retries a transient failure loses the message; without a dead-letter place a poison message is retried forever or dropped silently.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    consumer:
      "This {{library}} consumer ({{call}}) has no retries, backoff or dead-letter destination configured: {{fix}}",
  },
  create(ctx): NodeHandlers {
    const file = frameworksOf(ctx);
    if (!file.kinds.has("queue") || RETRY.test(ctx.text)) return {};
    const report = (node: AstNode, library: string, call: string, fix: string) =>
      ctx.report({ messageId: "consumer", data: { library, call, fix }, node });
    return {
      NewExpression(node) {
        const callee = node.callee as AstNode;
        const binding =
          callee.type === "Identifier" ? file.bindings.get(callee.name as string) : undefined;
        if (binding?.info?.name === "BullMQ" && callee.name === "Worker") {
          report(
            node,
            "BullMQ",
            "new Worker",
            "give the jobs `attempts` and `backoff` (in `defaultJobOptions` of the Queue or in `queue.add`) and handle the `failed` event, so failed jobs are kept and looked at.",
          );
        }
      },
      CallExpression(node) {
        const callee = node.callee as AstNode;
        if (callee.type !== "MemberExpression") return;
        const method = (callee.property as AstNode).name as string;
        if (method === "consume" && file.packages.has("amqplib")) {
          report(
            node,
            "amqplib",
            "channel.consume",
            "declare the queue with `deadLetterExchange` and `nack(msg, false, false)` failures into it, with a retry count in a header.",
          );
        } else if (method === "run" && file.packages.has("kafkajs")) {
          report(
            node,
            "KafkaJS",
            "consumer.run",
            "set `retry` on the consumer and publish messages that still fail to a dead-letter topic.",
          );
        } else if (
          method === "process" &&
          (file.packages.has("bull") || file.packages.has("bee-queue"))
        ) {
          report(
            node,
            "Bull",
            "queue.process",
            "add jobs with `attempts` and `backoff`, and keep failed jobs (`removeOnFail: false`) to inspect them.",
          );
        } else if (method === "create" && file.packages.has("sqs-consumer")) {
          report(
            node,
            "SQS",
            "Consumer.create",
            "give the queue a RedrivePolicy with a dead-letter queue and a maxReceiveCount.",
          );
        }
      },
    };
  },
});
