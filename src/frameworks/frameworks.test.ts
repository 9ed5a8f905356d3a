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

  it("calls data access only what is known to be a client, model, repository or query builder", () => {
    const { calls } = scan(
      "src/jobs/reminders.ts",
      `import { prisma } from "@documenso/prisma";
import { TIME_ZONES } from "../data/time-zones";
import { HoppRESTRequest } from "@hoppscotch/data";
import { Sequelize, Model } from "sequelize";
import mongoose from "mongoose";
import { db } from "~/server/db";
class Invoice extends Model {}
const Post = mongoose.model("Post", new mongoose.Schema({}));
export async function remind(envelope: { items: Array<{ id: string }> }) {
  const recipients = await prisma.recipient.findMany({ take: 10 });
  const zone = TIME_ZONES.find((z) => z === "UTC");
  const item = envelope.items.find((i) => i.id === "x");
  await Invoice.findAll();
  await Post.find({});
  await recipients.find((r) => r);
  await db.query("select 1");
  HoppRESTRequest.find((r) => r);
  return [zone, item];
}
`,
    );
    expect(calls).toEqual(["10:db-list", "13:db-list", "14:db-list", "16:db"]);
  });

  it("tracks injected repositories and clients from their types", () => {
    const { calls } = scan(
      "src/users/users.service.ts",
      `import { Injectable } from "@nestjs/common";
import { InjectRepository } from "@nestjs/typeorm";
import { Repository } from "typeorm";
@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>, private readonly cache: Map<string, User>) {}
  list() {
    this.cache.delete("x");
    return this.users.find({ take: 5 });
  }
}
`,
    );
    expect(calls).toEqual(["9:db-list"]);
  });

  it("knows a model imported from its own models folder, and not a collection named so in front-end code", () => {
    expect(
      scan(
        "server/models/Document.ts",
        `import { Model } from "sequelize-typescript";
import UserMembership from "./UserMembership";
export default class Document extends Model {
  members() {
    return UserMembership.findAll({ where: { documentId: this.id } });
  }
}
`,
      ).calls,
    ).toEqual(["5:db-list"]);
    expect(
      scan(
        "src/helpers/teams/search.ts",
        `import { TeamCollection } from "./TeamCollection";
export const has = (parentCollection: TeamCollection, id: string) =>
  parentCollection.children.find((c) => c.id === id);
`,
      ).calls,
    ).toEqual([]);
  });
});
