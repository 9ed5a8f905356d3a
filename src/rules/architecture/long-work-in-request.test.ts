import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/rule-tester.ts";

const id = "architecture/long-work-in-request";

describe(id, () => {
  it("fires on e-mail, PDF generation and third-party calls awaited in handlers", async () => {
    const found = hits(id, {
      "signup.ts": `import express from "express";
import nodemailer from "nodemailer";
import Stripe from "stripe";
const transporter = nodemailer.createTransport({});
const stripe = new Stripe("k");
const app = express();
app.post("/signup", async (req, res) => {
  await transporter.sendMail({ to: req.body.email, subject: "Welcome" });
  await stripe.customers.create({ email: req.body.email });
  res.status(201).end();
});
`,
      "report.ts": `import Fastify from "fastify";
import puppeteer from "puppeteer";
const app = Fastify();
app.get("/report", async () => { const browser = await puppeteer.launch(); return browser; });
app.get("/weather", async () => await fetch("https://api.weather.com/today"));
`,
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual([
      "report.ts:4",
      "report.ts:5",
      "signup.ts:8",
      "signup.ts:9",
    ]);
    expect(found[2]!.message).toBe(
      "The Express handler POST /signup awaits an e-mail (transporter.sendMail) before answering: move this e-mail to a queue job (e.g. BullMQ `queue.add('send-email', ...)`) and answer at once.",
    );
  });
  it("does not fire when the work is queued, runs in a worker, or calls an internal service", async () => {
    expect(
      places(id, {
        "signup.ts": `import express from "express";
import { Queue } from "bullmq";
const emails = new Queue("emails");
const app = express();
app.post("/signup", async (req, res) => { await emails.add("welcome", { to: req.body.email }); res.status(202).end(); });
app.get("/me", async (req, res) => res.json(await fetch("http://users-service/me")));
`,
        "worker.ts": `import { Worker } from "bullmq";
import nodemailer from "nodemailer";
const t = nodemailer.createTransport({});
new Worker("emails", async (job) => { await t.sendMail(job.data); }, { connection: {} });
`,
      }),
    ).toEqual([]);
  });
});
