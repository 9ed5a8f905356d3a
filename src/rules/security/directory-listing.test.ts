import { describe, expect, it } from "vitest";
import { ruleTester, runRule } from "../../../test/support/rule-tester.ts";
import { directoryListing as rule } from "./directory-listing.ts";

ruleTester.run(rule, {
  valid: [
    {
      name: "static assets from a public folder, dot-files ignored (the default) or denied",
      code: 'const express = require("express");\napp.use(express.static(`${__dirname}/app/assets`));\napp.use("/p", express.static(path.join(__dirname, "public"), { dotfiles: "deny" }));\n',
      path: "server.js",
    },
    {
      name: "__dirname of a nested module is its own folder, not the project",
      code: 'const express = require("express");\napp.use(express.static(__dirname));\n',
      path: "src/web/assets/serve.js",
    },
    {
      name: "@fastify/static without a listing",
      code: 'import fastifyStatic from "@fastify/static";\nawait app.register(fastifyStatic, { root: "/srv/public" });\n',
    },
  ],
  invalid: [
    {
      name: "serve-index of uploads, dot-files allowed, the project root served",
      code: 'const express = require("express");\nconst serveIndex = require("serve-index");\napp.use("/files", serveIndex(path.join(__dirname, "uploads")));\napp.use(express.static("public", { dotfiles: "allow" }));\napp.use(express.static(__dirname));\n',
      path: "server.js",
      errors: [
        { messageId: "index", line: 3 },
        { messageId: "dotfiles", line: 4 },
        { messageId: "root", line: 5 },
      ],
    },
  ],
});

describe("security/directory-listing severity", () => {
  it("a listing of a sensitive folder is high, of public assets medium", () => {
    const found = runRule(rule, {
      "server.js":
        'const serveIndex = require("serve-index");\napp.use(serveIndex("logs"));\napp.use(serveIndex("public/images"));\n',
    });
    expect(found.map((f) => `${f.startLine} ${f.severity}`)).toEqual(["2 high", "3 medium"]);
  });
});
