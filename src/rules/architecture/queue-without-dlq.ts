import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { frameworksOf } from "../../frameworks/index.ts";

const RETRY =
  /\battempts\s*:|\bbackoff\s*:|\bretries\s*:|\bretry\s*:|maxRetries|deadLetter|dead-letter|x-dead-letter-exchange|\bdlq\b|redrivePolicy|RedrivePolicy/i;

/** Queue libraries whose retry or dead-letter setup one file may hold for another's consumer. */
const LIBRARIES: ReadonlyArray<[pkg: string, library: string]> = [
  ["bullmq", "BullMQ"],
  ["amqplib", "amqplib"],
  ["kafkajs", "KafkaJS"],
  ["bull", "Bull"],
  ["bee-queue", "Bull"],
  ["sqs-consumer", "SQS"],
];

interface Consumer {
  library: string;
  call: string;
  fix: string;
  line: number;
  /** The queue's name when the consumer names it with a string literal. */
  queue?: string;
}

/** What one file says about queues: its consumers and whether it sets retries, and for which queues. */
interface QueueFact {
  consumers: Consumer[];
  /** Libraries this file configures retries, backoff or a dead-letter destination for. */
  retries: string[];
  /** Queue names this file mentions in a queue's constructor or declaration. */
  queues: string[];
}

const literal = (node: AstNode | undefined): string | undefined =>
  node?.type === "Literal" && typeof node.value === "string" ? node.value : undefined;

export const queueWithoutDlq = defineRule({
  id: "architecture/queue-without-dlq",
  category: "architecture",
  severity: "medium",
  remediationMinutes: 60,
  description: "Queue consumers without retries, backoff, or a dead-letter destination.",
  rationale:
    "Without retries a transient failure loses the message; without a dead-letter place a poison message is retried forever or dropped silently.",
  version: 2,
  filesOnly: true,
  options: z.strictObject({}),
  messages: {
    consumer:
      "This {{library}} consumer ({{call}}) has no retries, backoff or dead-letter destination configured: {{fix}}",
  },
  // Per file, what consumers there are and what retry setup; the verdict is the repository's:
  // a BullMQ worker's attempts and backoff usually live with the producer, in another file.
  create(ctx): NodeHandlers {
    const file = frameworksOf(ctx);
    if (!file.kinds.has("queue")) return {};
    const libraries = LIBRARIES.filter(([pkg]) => file.packages.has(pkg)).map(([, lib]) => lib);
    const fact: QueueFact = {
      consumers: [],
      retries: RETRY.test(ctx.text) ? [...new Set(libraries)] : [],
      queues: [],
    };
    const consumer = (node: AstNode, c: Omit<Consumer, "line">) =>
      fact.consumers.push({ ...c, line: ctx.lineOf(node.start) });
    const named = (node: AstNode) => {
      const name = literal((node.arguments as AstNode[])[0]);
      if (name !== undefined) fact.queues.push(name);
      return name;
    };
    return {
      NewExpression(node) {
        const callee = node.callee as AstNode;
        const binding =
          callee.type === "Identifier" ? file.bindings.get(callee.name as string) : undefined;
        if (binding?.info?.name !== "BullMQ" && !file.packages.has("bull")) return;
        if (callee.name === "Queue") named(node);
        if (binding?.info?.name === "BullMQ" && callee.name === "Worker") {
          const queue = named(node);
          consumer(node, {
            library: "BullMQ",
            call: "new Worker",
            fix: "give the jobs `attempts` and `backoff` (in `defaultJobOptions` of the Queue or in `queue.add`) and handle the `failed` event, so failed jobs are kept and looked at.",
            ...(queue !== undefined ? { queue } : {}),
          });
        }
      },
      CallExpression(node) {
        const callee = node.callee as AstNode;
        if (callee.type !== "MemberExpression") return;
        const method = (callee.property as AstNode).name as string;
        if (method === "assertQueue" && file.packages.has("amqplib")) named(node);
        if (method === "consume" && file.packages.has("amqplib")) {
          const queue = named(node);
          consumer(node, {
            library: "amqplib",
            call: "channel.consume",
            fix: "declare the queue with `deadLetterExchange` and `nack(msg, false, false)` failures into it, with a retry count in a header.",
            ...(queue !== undefined ? { queue } : {}),
          });
        } else if (method === "run" && file.packages.has("kafkajs")) {
          consumer(node, {
            library: "KafkaJS",
            call: "consumer.run",
            fix: "set `retry` on the consumer and publish messages that still fail to a dead-letter topic.",
          });
        } else if (
          method === "process" &&
          (file.packages.has("bull") || file.packages.has("bee-queue"))
        ) {
          consumer(node, {
            library: "Bull",
            call: "queue.process",
            fix: "add jobs with `attempts` and `backoff`, and keep failed jobs (`removeOnFail: false`) to inspect them.",
          });
        } else if (method === "create" && file.packages.has("sqs-consumer")) {
          consumer(node, {
            library: "SQS",
            call: "Consumer.create",
            fix: "give the queue a RedrivePolicy with a dead-letter queue and a maxReceiveCount.",
          });
        }
      },
      "Program:exit"() {
        if (fact.consumers.length || fact.retries.length) ctx.setFact(fact);
      },
    };
  },
  analyze(ctx) {
    const facts = ctx.factsOf<QueueFact>("architecture/queue-without-dlq");
    // A consumer is covered by retry setup for its library in its own file, or in a file that
    // names the same queue, or names no queue at all (setup for every queue of the library).
    const setups = facts.filter(({ fact }) => fact.retries.length > 0);
    for (const { path, fact } of facts) {
      for (const c of fact.consumers) {
        const covered = setups.some(
          (setup) =>
            setup.fact.retries.includes(c.library) &&
            (setup.path === path ||
              c.queue === undefined ||
              setup.fact.queues.length === 0 ||
              setup.fact.queues.includes(c.queue)),
        );
        if (covered) continue;
        ctx.report({
          messageId: "consumer",
          data: { library: c.library, call: c.call, fix: c.fix },
          path,
          startLine: c.line,
          key: `${c.library}:${c.call}:${c.queue ?? ""}`,
        });
      }
    }
  },
});
