import { describe, expect, it } from "vitest";
import { ruleTester, runRule } from "../../../test/support/rule-tester.ts";
import { hardcodedSessionSecret as rule } from "./hardcoded-session-secret.ts";

ruleTester.run(rule, {
  valid: [
    {
      name: "secrets from the environment or a secret store",
      code: 'import session from "express-session";\nimport cookieParser from "cookie-parser";\napp.use(cookieParser(process.env.COOKIE_SECRET));\napp.use(session({ secret: config.get("session.secret"), resave: false }));\n',
    },
    {
      name: "cookie-parser without a secret (unsigned cookies)",
      code: 'const cookieParser = require("cookie-parser");\napp.use(cookieParser());\n',
    },
    {
      name: "a configuration module that reads the secret from the environment",
      files: {
        "server.js":
          'const session = require("express-session");\nconst { cookieSecret } = require("./config");\napp.use(session({ secret: cookieSecret }));\n',
        "config.js": "module.exports = { cookieSecret: process.env.COOKIE_SECRET };\n",
      },
    },
    {
      name: "a literal session secret in a test",
      code: 'import session from "express-session";\napp.use(session({ secret: "test" }));\n',
      path: "test/app.test.ts",
    },
  ],
  invalid: [
    {
      name: "cookieParser('...'), session({ secret }), cookie-session keys and a same-file constant",
      code: 'import session from "express-session";\nimport cookieParser from "cookie-parser";\nimport cookieSession from "cookie-session";\nconst SESSION_SECRET = "keyboard cat";\napp.use(cookieParser("s3cr3t"));\napp.use(session({ secret: SESSION_SECRET }));\napp.use(cookieSession({ keys: ["k1", "k2"] }));\n',
      errors: [
        { messageId: "literal", line: 5 },
        { messageId: "literal", line: 6 },
        { messageId: "literal", line: 7 },
      ],
    },
    {
      name: "Fastify's cookie plugin with a literal secret",
      code: 'import fastifyCookie from "@fastify/cookie";\nawait app.register(fastifyCookie, { secret: "my-secret" });\n',
      errors: [{ messageId: "literal", line: 2 }],
    },
  ],
});

describe("security/hardcoded-session-secret across files (NodeGoat's config)", () => {
  it("reports the literal in the configuration module, naming the session() that uses it", () => {
    const found = runRule(rule, {
      "server.js":
        'const session = require("express-session");\nconst { port, cookieSecret } = require("./config/config");\napp.use(session({\n  secret: cookieSecret,\n}));\n',
      "config/env/all.js":
        'module.exports = {\n  port: 4000,\n  cookieSecret: "session_cookie_secret_key_here",\n};\n',
    });
    expect(found.map((f) => `${f.path}:${f.startLine}`)).toEqual(["config/env/all.js:3"]);
    expect(found[0]!.message).toContain("session() in server.js:4");
  });
  it("near miss: a literal under the same name in a test fixture", () => {
    expect(
      runRule(rule, {
        "server.js":
          'const session = require("express-session");\nconst { cookieSecret } = require("./config");\napp.use(session({ secret: cookieSecret }));\n',
        "test/fixtures/config.js": 'module.exports = { cookieSecret: "x" };\n',
      }),
    ).toEqual([]);
  });
});
