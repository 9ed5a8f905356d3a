import { describe, expect, it } from "vitest";
import { auditFiles, type Hit } from "../../../test/support/audit-fixture.ts";

/**
 * Request paths across files: handlers registered in one file and defined in another, and the
 * functions they call in a third, as applications are laid out (routes, controllers, services;
 * Nest controllers and injected services; Next.js route handlers and server actions; tRPC
 * procedures; Hono and Fastify plugins), through relative imports, path aliases and workspace
 * packages. Each app has a near-miss beside what fires.
 */

const RULES = [
  "architecture/logic-in-controller",
  "architecture/long-work-in-request",
  "architecture/sync-service-chain",
  "performance/sync-io-in-request",
  "data/unvalidated-input",
];

async function found(files: Record<string, string>): Promise<Hit[]> {
  const report = await auditFiles(files, RULES);
  expect(report.errors).toEqual([]);
  return report.items
    .map((i) => ({
      rule: i.rule,
      path: i.path,
      line: i.startLine,
      endLine: i.endLine,
      message: i.message,
    }))
    .sort((a, b) => `${a.path}:${a.line}:${a.rule}`.localeCompare(`${b.path}:${b.line}:${b.rule}`));
}

const where = (hits: Hit[]) => hits.map((h) => `${h.rule.split("/")[1]} ${h.path}:${h.line}`);

/** Express laid out as routes, controllers and services (CommonJS and ESM mixed, as it often is). */
const express = {
  "package.json": JSON.stringify({ name: "shop", main: "src/app.js" }),
  "src/app.js": `const express = require("express");
const authRoutes = require("./routes/auth");
const orderRoutes = require("./routes/orders");
const app = express();
app.use("/auth", authRoutes);
app.use("/orders", orderRoutes);
module.exports = app;
`,
  "src/routes/auth.js": `const express = require("express");
const auth = require("../controllers/auth");
const router = express.Router();
router.post("/signup", auth.signup);
router.post("/login", auth.login);
module.exports = router;
`,
  "src/controllers/auth.js": `const { z } = require("zod");
const userService = require("../services/user");
const Login = z.object({ email: z.string(), password: z.string() });
exports.signup = async (req, res) => {
  const user = await userService.createUser(req.body);
  res.status(201).json(user);
};
exports.login = async (req, res) => {
  const input = Login.parse(req.body);
  res.json(await userService.findUser(input.email));
};
`,
  "src/services/user.js": `const fs = require("fs");
const nodemailer = require("nodemailer");
const { User } = require("../models");
const transporter = nodemailer.createTransport({});
const TERMS = fs.readFileSync("terms.txt", "utf8");
async function createUser(input) {
  const welcome = fs.readFileSync("templates/welcome.html", "utf8");
  const user = await User.create(input);
  await transporter.sendMail({ to: user.email, html: welcome + TERMS });
  return user;
}
async function findUser(email) {
  return User.findOne({ where: { email } });
}
function nightlyExport() {
  return fs.readFileSync("export.csv");
}
module.exports = { createUser, findUser, nightlyExport };
`,
  "src/models/index.js": `const { Sequelize, Model } = require("sequelize");
class User extends Model {}
module.exports = { User, sequelize: new Sequelize() };
`,
  "src/routes/orders.ts": `import { Router } from "express";
import { OrderController } from "../controllers/orders";
import orders from "../controllers/order-admin";
import { asyncHandler } from "../lib/async";

const router = Router();
const controller = new OrderController();
router.get("/", asyncHandler(controller.list));
router.delete("/:id", orders.remove);
export default router;
`,
  "src/lib/async.ts": `export const asyncHandler = (fn: any) => (req: any, res: any, next: any) => fn(req, res).catch(next);
`,
  "src/controllers/orders.ts": `import { prisma } from "../db";
export class OrderController {
  async list(req: any, res: any) {
    res.json(await prisma.order.findMany({ take: 20 }));
  }
}
`,
  "src/controllers/order-admin.ts": `import { archive } from "../services/archive";
async function remove(req: any, res: any) {
  await archive(req.params.id);
  res.status(204).end();
}
export default { remove };
`,
  "src/services/archive.ts": `import { execSync } from "node:child_process";
export async function archive(id: string) {
  execSync(\`tar czf \${id}.tgz data/\${id}\`);
}
`,
  "src/db.ts": `import { PrismaClient } from "@prisma/client";
export const prisma = new PrismaClient();
`,
};

describe("request paths across files", () => {
  it("follows Express routes into controllers and services, and names the route", async () => {
    const hits = await found(express);
    expect(where(hits)).toEqual([
      "unvalidated-input src/controllers/auth.js:5",
      "unvalidated-input src/controllers/order-admin.ts:3",
      "logic-in-controller src/controllers/orders.ts:4",
      "sync-io-in-request src/services/archive.ts:3",
      "sync-io-in-request src/services/user.js:7",
      "long-work-in-request src/services/user.js:9",
    ]);
    const sync = hits.find((h) => h.path === "src/services/user.js" && h.line === 7)!;
    expect(sync.message).toBe(
      "fs.readFileSync blocks the event loop on every Express request to POST /signup (src/routes/auth.js:4, through signup → createUser): every other request waits. Use the asynchronous form (fs.promises.readFile) and await it.",
    );
    expect(hits.find((h) => h.rule.endsWith("long-work-in-request"))!.message).toBe(
      "Every Express request to POST /signup (src/routes/auth.js:4) awaits an e-mail here (transporter.sendMail, through signup → createUser) before answering: move this e-mail to a queue job (e.g. BullMQ `queue.add('send-email', ...)`) and answer at once.",
    );
    expect(hits.find((h) => h.rule.endsWith("logic-in-controller"))!.message).toBe(
      "The Express handler of GET / (src/routes/orders.ts:8, defined as `OrderController.list`) queries the database directly (prisma.order.findMany). Move the query into a service or repository function and call that from the handler, so jobs and tests can reuse it.",
    );
  });

  it("does not report what no route reaches, startup work, or validated input", async () => {
    // The near-misses of the app above, alone: the nightly export, the terms read at start-up, the login.
    const hits = await found(express);
    const places = where(hits);
    expect(places).not.toContain("sync-io-in-request src/services/user.js:15");
    expect(places).not.toContain("sync-io-in-request src/services/user.js:5");
    expect(places).not.toContain("unvalidated-input src/controllers/auth.js:9");
    // A service nobody routes to reports nothing.
    const unrouted = Object.fromEntries(
      Object.entries(express).filter(([path]) => path !== "src/routes/auth.js"),
    );
    expect(where(await found(unrouted)).filter((p) => p.includes("src/services/user.js"))).toEqual(
      [],
    );
  });

  it("follows a Nest controller into its injected service, without calling the service a controller", async () => {
    const hits = await found({
      "src/orders/orders.controller.ts": `import { Body, Controller, Post } from "@nestjs/common";
import { OrdersService } from "./orders.service";
@Controller("orders")
export class OrdersController {
  constructor(private readonly ordersService: OrdersService) {}
  @Post()
  create(@Body() dto: CreateOrderDto) {
    return this.ordersService.create(dto);
  }
}
`,
      "src/orders/orders.service.ts": `import { Injectable } from "@nestjs/common";
import { MailerService } from "@nestjs-modules/mailer";
import { PrismaService } from "../prisma/prisma.service";
@Injectable()
export class OrdersService {
  constructor(private prisma: PrismaService, private readonly mailer: MailerService) {}
  async create(dto: any) {
    const order = await this.prisma.order.create({ data: dto });
    await this.mailer.sendMail({ to: dto.email, subject: "Order placed" });
    return order;
  }
}
`,
      "src/prisma/prisma.service.ts": `import { PrismaClient } from "@prisma/client";
export class PrismaService extends PrismaClient {}
`,
      "src/orders/orders.resolver.ts": `import { Args, Mutation, Resolver } from "@nestjs/graphql";
import { OrdersService } from "./orders.service";
@Resolver()
export class OrdersResolver {
  constructor(private readonly orders: OrdersService) {}
  @Mutation(() => Boolean, { name: "placeOrder" })
  place(@Args("input") input: any) {
    return this.orders.create(input);
  }
}
`,
    });
    // One finding for the place, though the REST route and the GraphQL mutation both reach it.
    expect(where(hits)).toEqual(["long-work-in-request src/orders/orders.service.ts:9"]);
    expect(hits[0]!.message).toContain("POST /orders (src/orders/orders.controller.ts:6)");
    expect(hits[0]!.message).toContain("through OrdersController.create → OrdersService.create");
  });

  it("follows Next.js route handlers and server actions through a path alias", async () => {
    const hits = await found({
      "tsconfig.json": JSON.stringify({
        compilerOptions: { baseUrl: ".", paths: { "@/*": ["src/*"] } },
      }),
      "src/app/api/reports/route.ts": `import { renderReport } from "@/lib/reports";
export async function POST(request: Request) {
  const { id } = await request.json();
  return new Response(await renderReport(id));
}
`,
      "src/app/api/exports/route.ts": `import { exportAll } from "@/queries";
export async function GET() {
  return Response.json(await exportAll());
}
`,
      "src/queries/index.ts": `export * from "./exports";\nexport { loadTemplate as template } from "../lib/templates";\n`,
      "src/queries/exports.ts": `import { execSync } from "node:child_process";
export async function exportAll() {
  return execSync("pg_dump umami").toString();
}
`,
      "src/app/actions.ts": `"use server";
import { loadTemplate } from "@/lib/templates";
export async function saveDraft(form: FormData) {
  return loadTemplate(String(form.get("name")));
}
function notAnAction() {}
`,
      "src/lib/reports.ts": `import puppeteer from "puppeteer";
export async function renderReport(id: string) {
  const browser = await puppeteer.launch();
  return browser;
}
`,
      "src/lib/templates.ts": `import { readFileSync } from "node:fs";
export function loadTemplate(name: string) {
  return readFileSync(\`templates/\${name}.html\`, "utf8");
}
`,
    });
    expect(where(hits)).toEqual([
      "unvalidated-input src/app/api/reports/route.ts:3",
      "long-work-in-request src/lib/reports.ts:3",
      "sync-io-in-request src/lib/templates.ts:3",
      "sync-io-in-request src/queries/exports.ts:3",
    ]);
    expect(hits[3]!.message).toContain(
      "GET src/app/api/exports/route.ts (src/app/api/exports/route.ts:2, through GET → exportAll)",
    );
    expect(hits[2]!.message).toContain("request to server action saveDraft (src/app/actions.ts:3");
  });

  it("follows tRPC procedures, Hono handlers and Fastify plugins", async () => {
    const hits = await found({
      "package.json": JSON.stringify({ name: "api", workspaces: ["packages/*"] }),
      "src/trpc.ts": `import { initTRPC } from "@trpc/server";
const t = initTRPC.create();
export const router = t.router;
export const publicProcedure = t.procedure;
`,
      "src/routers/invoice.ts": `import { z } from "zod";
import { publicProcedure, router } from "../trpc";
import { charge, quote } from "../services/billing";
export const invoiceRouter = router({
  pay: publicProcedure.input(z.object({ id: z.string() })).mutation(({ input }) => charge(input.id)),
  quote: publicProcedure.query(() => quote()),
});
`,
      "src/services/billing.ts": `export async function charge(id: string) {
  await fetch(\`http://billing-service/charges/\${id}\`, { method: "POST" });
}
export async function quote() {
  return (await fetch("https://api.exchangerate.example.com/latest")).json();
}
`,
      "src/hono.ts": `import { Hono } from "hono";
import { upload } from "@acme/files";
const app = new Hono();
app.post("/upload", upload);
export default app;
`,
      "packages/files/package.json": JSON.stringify({ name: "@acme/files", main: "index.ts" }),
      "packages/files/index.ts": `import { gzipSync } from "node:zlib";
export const upload = async (c: any) => c.body(gzipSync(await c.req.arrayBuffer()));
`,
      "src/server.ts": `import Fastify from "fastify";
import usersPlugin from "./plugins/users";
const app = Fastify();
app.register(usersPlugin, { prefix: "/users" });
`,
      "src/plugins/users.ts": `import { listUsers } from "../services/users";
export default async function users(fastify: any) {
  fastify.get("/", listUsers);
}
`,
      "src/services/users.ts": `import { execFileSync } from "node:child_process";
export async function listUsers() {
  return execFileSync("ldapsearch", ["-x"]).toString();
}
`,
    });
    expect(where(hits)).toEqual([
      "sync-io-in-request packages/files/index.ts:2",
      "sync-service-chain src/services/billing.ts:2",
      "long-work-in-request src/services/billing.ts:5",
      "sync-io-in-request src/services/users.ts:3",
    ]);
    expect(hits[1]!.message).toContain("request to tRPC mutation pay (src/routers/invoice.ts:5)");
    expect(hits[0]!.message).toContain("Hono request to POST /upload (src/hono.ts:4");
  });

  it("follows calls to a bounded depth (three calls from the handler)", async () => {
    const chain = (n: number, body: string) =>
      `import { f${n + 1} } from "./f${n + 1}";\nexport async function f${n}() {\n  ${body}\n  return f${n + 1}();\n}\n`;
    const hits = await found({
      "src/app.ts": `import express from "express";\nimport { f0 } from "./services/f0";\nconst app = express();\napp.get("/deep", f0);\n`,
      "src/services/f0.ts": chain(0, ""),
      "src/services/f1.ts": chain(1, ""),
      "src/services/f2.ts": chain(2, ""),
      "src/services/f3.ts": `import { readFileSync } from "node:fs";\n${chain(3, 'readFileSync("a");')}`,
      "src/services/f4.ts": `import { readFileSync } from "node:fs";\nexport async function f4() {\n  readFileSync("b");\n}\n`,
    });
    expect(where(hits)).toEqual(["sync-io-in-request src/services/f3.ts:4"]);
    expect(hits[0]!.message).toContain("through f0 → f1 → f2 → f3");
  });

  it("follows Nest GraphQL resolvers into their services", async () => {
    const hits = await found({
      "src/teams/teams.resolver.ts": `import { Mutation, Query, Resolver } from "@nestjs/graphql";
import { TeamsService } from "./teams.service";
@Resolver()
export class TeamsResolver {
  constructor(private readonly teams: TeamsService) {}
  @Mutation(() => Boolean)
  exportTeam(id: string) {
    return this.teams.exportTeam(id);
  }
  @Query(() => [String])
  teamNames() {
    return this.teams.names();
  }
}
`,
      "src/teams/teams.service.ts": `import { writeFileSync } from "node:fs";
export class TeamsService {
  exportTeam(id: string) {
    writeFileSync(\`exports/\${id}.json\`, "{}");
  }
  names() {
    return ["a"];
  }
}
`,
    });
    expect(where(hits)).toEqual(["sync-io-in-request src/teams/teams.service.ts:4"]);
    expect(hits[0]!.message).toContain(
      "Nest GraphQL request to MUTATION exportTeam (src/teams/teams.resolver.ts:6, through TeamsResolver.exportTeam → TeamsService.exportTeam)",
    );
  });
});
