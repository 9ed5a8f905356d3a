import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { missingSecurityHeaders as rule } from "./missing-security-headers.ts";
import { at } from "../../../test/support/rule-tester.ts";

const pkg = (deps: Record<string, string> = {}) =>
  JSON.stringify({ name: "api", private: true, dependencies: { express: "4", ...deps } });

describe("security/missing-security-headers", () => {
  it("fires on an Express app without helmet, at express()", () => {
    const [f, ...rest] = runRule(rule, {
      "package.json": pkg(),
      "src/app.ts":
        'import express from "express";\n\nexport const app = express();\napp.get("/", (q, s) => s.send("hi"));\n',
    });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ path: "src/app.ts", startLine: 3, endLine: 3 });
    expect(f!.message).toMatch(/^This Express app sets no security headers/);
  });
  it("fires on Fastify, Koa and Hono apps", () => {
    expect(
      at(rule, {
        "src/f.ts": 'import Fastify from "fastify";\nconst app = Fastify({ logger: true });\n',
      }),
    ).toEqual(["src/f.ts:2-2"]);
    expect(
      at(rule, { "src/k.js": 'const Koa = require("koa");\nconst app = new Koa();\n' }),
    ).toEqual(["src/k.js:2-2"]);
    expect(
      at(rule, { "src/h.ts": 'import { Hono } from "hono";\nconst app = new Hono();\n' }),
    ).toEqual(["src/h.ts:2-2"]);
  });
  it("fires on a Nest bootstrap, and in the service of a monorepo whose other service has helmet", () => {
    expect(
      at(rule, {
        "src/main.ts":
          'import { NestFactory } from "@nestjs/core";\nasync function boot() {\n  const app = await NestFactory.create(AppModule);\n}\n',
      }),
    ).toEqual(["src/main.ts:3-3"]);
    const files = {
      "apps/a/package.json": pkg({ helmet: "7" }),
      "apps/a/src/app.ts": 'import express from "express";\nconst app = express();\n',
      "apps/b/package.json": pkg(),
      "apps/b/src/app.ts": 'import express from "express";\nconst app = express();\n',
    };
    expect(at(rule, files)).toEqual(["apps/b/src/app.ts:2-2"]);
  });
  it("does not fire when helmet is used in another file of the same package", () => {
    const files = {
      "package.json": JSON.stringify({ name: "api", private: true }),
      "src/app.ts": 'import express from "express";\nexport const app = express();\n',
      "src/middleware.ts": 'import helmet from "helmet";\nexport const security = helmet();\n',
    };
    expect(at(rule, files)).toEqual([]);
  });
  it("does not fire when headers are set by hand, by Hono secureHeaders, or by nginx in front", () => {
    expect(
      at(rule, {
        "src/app.ts":
          'import express from "express";\nconst app = express();\napp.use((q, s, n) => { s.setHeader("Strict-Transport-Security", "max-age=63072000"); n(); });\n',
      }),
    ).toEqual([]);
    expect(
      at(rule, {
        "src/h.ts":
          'import { Hono } from "hono";\nimport { secureHeaders } from "hono/secure-headers";\nconst app = new Hono();\napp.use(secureHeaders());\n',
      }),
    ).toEqual([]);
    expect(
      at(rule, {
        "src/app.ts": 'import express from "express";\nconst app = express();\n',
        "deploy/nginx.conf": "add_header X-Frame-Options DENY;\n",
      }),
    ).toEqual([]);
  });
  it("does not fire on a router file, a test app or a Next.js route", () => {
    expect(
      at(rule, {
        "src/routes.ts": 'import { Router } from "express";\nexport const router = Router();\n',
      }),
    ).toEqual([]);
    expect(
      at(rule, { "src/app.test.ts": 'import express from "express";\nconst app = express();\n' }),
    ).toEqual([]);
    expect(
      at(rule, {
        "app/api/x/route.ts": "export async function GET() { return Response.json({}); }\n",
      }),
    ).toEqual([]);
  });
});
