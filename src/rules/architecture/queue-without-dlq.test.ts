import { describe, expect, it } from "vitest";
import { hits, places } from "./rule-tester.ts";

const id = "architecture/queue-without-dlq";

describe(id, () => {
  it("fires on BullMQ, amqplib and KafkaJS consumers without retries or dead letters", async () => {
    const found = await hits(id, {
      "workers/email.ts": `import { Worker } from "bullmq";\nnew Worker("email", async (job) => send(job.data), { connection });\n`,
      "workers/orders.js": `const amqp = require("amqplib");\nasync function main() {\n  const ch = await (await amqp.connect(url)).createChannel();\n  ch.consume("orders", (msg) => handle(msg));\n}\n`,
      "workers/events.ts": `import { Kafka } from "kafkajs";\nconst consumer = new Kafka({ brokers }).consumer({ groupId: "g" });\nawait consumer.run({ eachMessage: async ({ message }) => handle(message) });\n`,
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual([
      "workers/email.ts:2",
      "workers/events.ts:3",
      "workers/orders.js:4",
    ]);
    expect(found[0]!.message).toContain(
      "This BullMQ consumer (new Worker) has no retries, backoff or dead-letter destination configured: give the jobs `attempts` and `backoff`",
    );
  });
  it("does not fire with attempts and backoff, a dead-letter exchange, or a producer only", async () => {
    expect(
      await places(id, {
        "a.ts": `import { Queue, Worker } from "bullmq";\nconst q = new Queue("email", { defaultJobOptions: { attempts: 5, backoff: { type: "exponential", delay: 1000 } } });\nnew Worker("email", process);\n`,
        "b.js": `const amqp = require("amqplib");\nch.assertQueue("orders", { deadLetterExchange: "orders.dlx" });\nch.consume("orders", handle);\n`,
        "c.ts": `import { Queue } from "bullmq";\nexport const enqueue = (d) => new Queue("x").add("x", d);\n`,
      }),
    ).toEqual([]);
  });
});
