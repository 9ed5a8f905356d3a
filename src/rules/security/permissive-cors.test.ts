import { describe, expect, it } from "vitest";
import { ruleTester, runRule } from "../../../test/support/rule-tester.ts";
import { permissiveCors as rule } from "./permissive-cors.ts";

ruleTester.run(rule, {
  valid: [
    {
      name: "an allow-list with credentials, and an origin function that checks",
      code: 'import cors from "cors";\napp.use(cors({ origin: ["https://app.example.com"], credentials: true }));\napp.use(cors({ origin: (o, cb) => cb(null, ALLOWED.includes(o)), credentials: true }));\n',
    },
    {
      name: "cors() open to any origin on an app that does not authenticate (a public API)",
      code: 'import cors from "cors";\napp.use(cors());\n',
    },
    {
      name: "origin: true in the development branch of an environment check (hoppscotch's main.ts)",
      code: 'import { NestFactory } from "@nestjs/core";\nif (isProduction) {\n  app.enableCors({ origin: config.get("ORIGINS").split(","), credentials: true });\n} else {\n  app.enableCors({ origin: true, credentials: true });\n}\n',
    },
  ],
  invalid: [
    {
      name: "origin reflected (true, or a function that accepts all) with credentials",
      code: 'import cors from "cors";\napp.use(cors({ origin: true, credentials: true }));\napp.use(cors({ origin: (origin, callback) => callback(null, origin), credentials: true }));\n',
      errors: [
        { messageId: "credentials", line: 2 },
        { messageId: "credentials", line: 3 },
      ],
    },
    {
      name: "Nest enableCors and Fastify's plugin open with credentials",
      code: 'import fastifyCors from "@fastify/cors";\napp.enableCors({ origin: "*", credentials: true });\nawait app.register(fastifyCors, { origin: true, credentials: true });\n',
      errors: [
        { messageId: "credentials", line: 2 },
        { messageId: "credentials", line: 3 },
      ],
    },
  ],
});

describe("security/permissive-cors severity and the authenticating app", () => {
  it("reflection with credentials is high, `*` with credentials (refused by browsers) medium", () => {
    const found = runRule(
      rule,
      'import cors from "cors";\napp.use(cors({ origin: true, credentials: true }));\napp.use(cors({ origin: "*", credentials: true }));\n',
    );
    expect(found.map((f) => f.severity)).toEqual(["high", "medium"]);
  });
  it("an open cors() in an app whose other file signs sessions gets a low item; the same in another package does not", () => {
    const files = {
      "package.json": "{}",
      "src/app.ts": 'import cors from "cors";\napp.use(cors());\n',
      "src/auth.ts":
        'import session from "express-session";\napp.use(session({ secret: process.env.S }));\n',
    };
    expect(
      runRule(rule, files).map(
        (f) => `${f.path}:${f.startLine} ${f.severity} ${f.message.slice(0, 40)}`,
      ),
    ).toEqual(["src/app.ts:2 low cors() is open to any origin on an app t"]);
    expect(
      runRule(rule, {
        ...files,
        "api/package.json": "{}",
        "api/src/app.ts": files["src/app.ts"],
        "src/app.ts": "export {};\n",
      }),
    ).toEqual([]);
  });
});
