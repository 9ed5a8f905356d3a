import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/audit-fixture.ts";

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
  it("takes retry setup from another file for the same queue, or for every queue of the library", async () => {
    const queueFile = `import { Queue } from "bullmq";\nexport const email = new Queue("email", { defaultJobOptions: { attempts: 5, backoff: { type: "exponential", delay: 1000 } } });\n`;
    const worker = (queue: string) =>
      `import { Worker } from "bullmq";\nnew Worker("${queue}", async (job) => send(job.data), { connection });\n`;
    // The producer's file sets attempts for "email": its worker elsewhere is covered.
    expect(
      await places(id, { "src/queues.ts": queueFile, "src/workers/email.ts": worker("email") }),
    ).toEqual([]);
    // Near-miss: the setup names "email", the worker consumes "reports".
    expect(
      await places(id, { "src/queues.ts": queueFile, "src/workers/reports.ts": worker("reports") }),
    ).toEqual(["src/workers/reports.ts:2"]);
    // amqplib: a dead-letter exchange declared for "orders" in the setup module.
    expect(
      await places(id, {
        "src/setup.js": `const amqp = require("amqplib");\nexport const setup = (ch) => ch.assertQueue("orders", { deadLetterExchange: "orders.dlx" });\n`,
        "src/consume.js": `const amqp = require("amqplib");\nexport const start = (ch) => ch.consume("orders", handle);\n`,
      }),
    ).toEqual([]);
    // Near-miss: retry setup for another library covers nothing here.
    expect(
      await places(id, {
        "src/kafka.ts": `import { Kafka } from "kafkajs";\nexport const consumer = new Kafka({ brokers }).consumer({ groupId: "g", retry: { retries: 5 } });\n`,
        "src/workers/email.ts": worker("email"),
      }),
    ).toEqual(["src/workers/email.ts:2"]);
  });
});
