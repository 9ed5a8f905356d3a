import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/rule-tester.ts";

const id = "data/unvalidated-input";

describe(id, () => {
  it("fires on Express, Koa, Hono and Next.js handlers that use input unchecked", async () => {
    const found = hits(id, {
      "src/users.ts": `import express from "express";
const app = express();
app.post("/users", async (req, res) => {
  const user = await createUser(req.body);
  res.json(user);
});
app.get("/search", (req, res) => res.json(search(req.query.q)));
`,
      "src/koa.ts": `import Router from "@koa/router";\nconst r = new Router();\nr.post("/items", async (ctx) => { ctx.body = await save(ctx.request.body); });\n`,
      "src/hono.ts": `import { Hono } from "hono";\nconst app = new Hono();\napp.post("/notes", async (c) => c.json(await add(await c.req.json())));\n`,
      "app/api/orders/route.ts": `export async function POST(request: Request) {\n  const order = await request.json();\n  return Response.json(await place(order));\n}\n`,
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual([
      "app/api/orders/route.ts:2",
      "src/hono.ts:3",
      "src/koa.ts:3",
      "src/users.ts:4",
      "src/users.ts:7",
    ]);
    expect(found[3]!.message).toBe(
      "The Express handler POST /users uses `req.body` without validating it. Parse it with a schema first (e.g. zod `Schema.parse(req.body)`) and use only the parsed value.",
    );
  });
  it("does not fire with a zod parse in the handler, validation middleware, a Fastify schema, or no input use", async () => {
    expect(
      places(id, {
        "a.ts": `import express from "express";
import { z } from "zod";
const User = z.object({ name: z.string() });
const app = express();
app.post("/users", (req, res) => res.json(User.parse(req.body)));
app.post("/orders", validate(orderSchema), (req, res) => res.json(req.body));
app.get("/health", (req, res) => res.send("ok"));
`,
        "b.ts": `import Fastify from "fastify";\nconst app = Fastify();\napp.post("/x", { schema: { body: X } }, async (request) => save(request.body));\n`,
        "c.ts": `import { Hono } from "hono";\nimport { zValidator } from "@hono/zod-validator";\nconst app = new Hono();\napp.post("/n", zValidator("json", S), (c) => c.json(c.req.valid("json")));\n`,
      }),
    ).toEqual([]);
  });
  it("reads a Fastify plugin that imports no framework, and Koa's and Hono's response bodies are not input", () => {
    expect(
      places(id, {
        "src/plugins/users.ts": `export default async function users(fastify) {
  fastify.post("/users", async (request) => createUser(request.body));
}
`,
        "src/koa.ts": `import Router from "koa-router";
const router = new Router();
router.get("/status", async (ctx) => { ctx.body = { ok: true }; });
`,
        "src/hono.ts": `import { Hono } from "hono";
const app = new Hono();
app.get("/file", (c) => c.body("x"));
`,
      }),
    ).toEqual(["src/plugins/users.ts:2"]);
  });
});
