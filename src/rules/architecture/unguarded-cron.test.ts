import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/rule-tester.ts";

const id = "architecture/unguarded-cron";

describe(id, () => {
  it("fires on node-cron, the cron package, node-schedule and a module-level setInterval", async () => {
    const found = hits(id, {
      "jobs/digest.ts": `import cron from "node-cron";\ncron.schedule("0 8 * * *", sendDigest);\n`,
      "jobs/cleanup.ts": `import { CronJob } from "cron";\nnew CronJob("0 * * * *", cleanup).start();\n`,
      "jobs/report.js": `const schedule = require("node-schedule");\nschedule.scheduleJob("0 0 * * *", build);\n`,
      "jobs/poll.ts": `setInterval(() => syncInvoices(), 60_000);\n`,
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual([
      "jobs/cleanup.ts:2",
      "jobs/digest.ts:2",
      "jobs/poll.ts:1",
      "jobs/report.js:2",
    ]);
    expect(found[1]!.message).toContain(
      "cron.schedule runs on every instance that loads this file",
    );
  });
  it("does not fire with a Redlock lock, an advisory lock, a BullMQ repeatable job or a setInterval inside a function", async () => {
    expect(
      places(id, {
        "a.ts": `import cron from "node-cron";\nimport Redlock from "redlock";\ncron.schedule("* * * * *", async () => { await redlock.using(["digest"], 5000, send); });\n`,
        "b.ts": `import cron from "node-cron";\ncron.schedule("* * * * *", async () => { await db.query("SELECT pg_try_advisory_lock(42)"); });\n`,
        "c.ts": `import { Queue } from "bullmq";\nawait new Queue("q").add("digest", {}, { repeat: { pattern: "0 8 * * *" } });\n`,
        "d.ts": `export function poll(el) { setInterval(() => el.refresh(), 1000); }\n`,
        "e.ts": `export class Poller {\n  start() {\n    setInterval(() => this.tick(), 1000);\n  }\n}\n`,
      }),
    ).toEqual([]);
  });
});
