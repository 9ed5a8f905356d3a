import { describe, expect, it } from "vitest";
import { buildDispatch, traverse, type AstNode } from "../engine/index.ts";
import { parseSource } from "../parse/index.ts";
import {
  classifyCall,
  frameworksOf,
  mergeHandlers,
  packageOf,
  RouteTracker,
  type CallKind,
} from "./index.ts";

/** Runs the tracker and classifyCall over one file, as a rule would. */
function scan(path: string, text: string) {
  const parsed = parseSource(path, text, path.endsWith(".js") ? "js" : "ts");
  const file = frameworksOf({ path, text, module: parsed.module });
  const tracker = new RouteTracker(file);
  const calls: Array<{ line: number; kind: CallKind; at: number }> = [];
  const lineOf = (offset: number) => text.slice(0, offset).split("\n").length;
  const handlers = mergeHandlers(tracker.handlers, {
    CallExpression(node: AstNode) {
      const kind = classifyCall(node, file);
      if (kind) calls.push({ line: lineOf(node.start), kind, at: node.start });
    },
  });
  traverse(parsed.program as unknown as AstNode, buildDispatch([handlers]));
  tracker.finish();
  return {
    file,
    routes: tracker.routes.map((r) => `${r.framework} ${r.name} @${lineOf(r.at)}`),
    calls: calls.map((c) => `${c.line}:${c.kind}${tracker.routeAt(c.at) ? " in-request" : ""}`),
  };
}

describe("frameworks", () => {
  it("names packages from specifiers", () => {
    expect(
      [
        "@prisma/client",
        "@aws-sdk/client-sqs/dist",
        "node:fs/promises",
        "express",
        "./db",
        "lodash/fp",
      ].map(packageOf),
    ).toEqual(["@prisma/client", "@aws-sdk/client-sqs", "node:fs", "express", undefined, "lodash"]);
  });

  it("finds Express routes, their same-file helpers, and classifies what they call", () => {
    const { routes, calls, file } = scan(
      "src/app.ts",
      `import express from "express";
import axios from "axios";
import { prisma } from "./db";
const app = express();
async function load(id: string) { return prisma.user.findUnique({ where: { id } }); }
app.get("/users/:id", async (req, res) => res.json(await load(req.params.id)));
app.post("/hook", async (req, res) => { await axios.post("http://billing-service/x"); res.end(); });
export const boot = () => fetch("https://example.com");
`,
    );
    expect(file.httpFramework).toBe("Express");
    expect(routes).toEqual(["Express GET /users/:id @6", "Express POST /hook @7"]);
    expect(calls).toEqual(["5:db in-request", "7:http in-request", "8:http"]);
  });

  it("finds Fastify route objects, Koa and Hono routers, Nest controllers and Next.js handlers", () => {
    expect(
      scan(
        "f.ts",
        `import Fastify from "fastify";\nconst f = Fastify();\nf.route({ method: "POST", url: "/a", handler: async () => 1 });\n`,
      ).routes,
    ).toEqual(["Fastify POST /a @3"]);
    expect(
      scan(
        "k.js",
        `const Router = require("@koa/router");\nconst r = new Router();\nr.get("/b", async (ctx) => {});\n`,
      ).routes,
    ).toEqual(["Koa GET /b @3"]);
    expect(
      scan(
        "h.ts",
        `import { Hono } from "hono";\nconst app = new Hono();\napp.delete("/c/:id", (c) => c.text("ok"));\n`,
      ).routes,
    ).toEqual(["Hono DELETE /c/:id @3"]);
    expect(
      scan(
        "u.controller.ts",
        `import { Controller, Get, Post } from "@nestjs/common";\n@Controller("users")\nexport class U {\n  @Get(":id") one() {}\n  @Post() add() {}\n}\n`,
      ).routes,
    ).toEqual(["Nest one @4", "Nest add @5"]);
    expect(
      scan(
        "app/api/items/route.ts",
        `export async function GET() {}\nexport const POST = async () => {};\nexport function helper() {}\n`,
      ).routes,
    ).toEqual(["Next.js GET @1", "Next.js POST @2"]);
  });

  it("recognises mailers, queues, sync I/O and SDKs, and leaves look-alikes alone", () => {
    const { calls } = scan(
      "w.ts",
      `import nodemailer from "nodemailer";
import { Queue } from "bullmq";
import { readFileSync } from "node:fs";
import Stripe from "stripe";
const transporter = nodemailer.createTransport({});
const stripe = new Stripe("k");
const q = new Queue("q");
transporter.sendMail({});
q.add("job", {});
readFileSync("x");
stripe.charges.create({});
list.find((x) => x);
cache.get("k");
`,
    );
    expect(calls).toEqual(["8:mail", "9:queue", "10:sync-io", "11:saas"]);
  });
});
