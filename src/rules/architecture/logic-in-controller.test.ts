import { describe, expect, it } from "vitest";
import { places, hits } from "../../../test/support/rule-tester.ts";

const id = "architecture/logic-in-controller";

describe(id, () => {
  it("fires on an Express handler calling Prisma, once per route", async () => {
    const found = hits(id, {
      "src/routes/users.ts": `import express from "express";
import { prisma } from "../db";
export const router = express.Router();
router.get("/users", async (req, res) => {
  const users = await prisma.user.findMany({ take: 20 });
  const count = await prisma.user.count();
  res.json({ users, count });
});
`,
    });
    expect(found).toEqual([
      {
        rule: id,
        path: "src/routes/users.ts",
        line: 5,
        endLine: 5,
        message:
          "The Express handler GET /users queries the database directly (prisma.user.findMany). Move the query into a service or repository function and call that from the handler, so jobs and tests can reuse it.",
      },
    ]);
  });
  it("fires on a Nest controller using a repository, a Fastify named handler and a Next.js route", async () => {
    expect(
      places(id, {
        "src/users.controller.ts": `import { Controller, Get } from "@nestjs/common";
@Controller("users")
export class UsersController {
  constructor(private readonly usersRepository: Repository<User>) {}
  @Get()
  list() {
    return this.usersRepository.find({ take: 10 });
  }
}
`,
        "src/server.ts": `import Fastify from "fastify";
import { User } from "./models/user";
const app = Fastify();
async function getUser(request) {
  return User.findById(request.params.id);
}
app.get("/users/:id", getUser);
`,
        "app/api/orders/route.ts": `import { db } from "@/lib/db";
export async function GET() {
  return Response.json(await db.order.findMany({ take: 50 }));
}
`,
      }),
    ).toEqual(["app/api/orders/route.ts:3", "src/server.ts:5", "src/users.controller.ts:7"]);
  });
  it("fires on a long handler with the long message", async () => {
    const body = Array.from({ length: 45 }, (_, i) => `  const v${i} = req.body.x${i} * 2;`).join(
      "\n",
    );
    const found = hits(id, {
      "app.js": `const express = require("express");\nconst app = express();\napp.post("/quote", (req, res) => {\n${body}\n  res.json({});\n});\n`,
    });
    expect(found.map((h) => [h.line, h.endLine])).toEqual([[3, 50]]);
    expect(found[0]!.message).toContain("has 48 lines of code (max 40)");
  });
  it("does not fire when the handler calls a service, in a service, or outside a route", async () => {
    expect(
      places(id, {
        "src/routes.ts": `import { Hono } from "hono";
import { listUsers } from "./users.service";
const app = new Hono();
app.get("/users", async (c) => c.json(await listUsers()));
export default app;
`,
        "src/users.service.ts": `import { prisma } from "./db";
export const listUsers = () => prisma.user.findMany({ take: 20 });
`,
        "src/jobs.ts": `import express from "express";
import { db } from "./db";
export async function nightly() { await db.user.deleteMany({}); }
const app = express();
app.get("/health", (req, res) => res.send("ok"));
`,
      }),
    ).toEqual([]);
  });
});
