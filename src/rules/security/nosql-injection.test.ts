import { describe, expect, it } from "vitest";
import { ruleTester, runRule } from "../../../test/support/rule-tester.ts";
import { hits } from "../../../test/support/audit-fixture.ts";
import { nosqlInjection as rule } from "./nosql-injection.ts";

/** A data-access module in NodeGoat's shape: the collection comes from a db handed in. */
const DAO = [
  "function AllocationsDAO(db) {",
  '  const allocationsCol = db.collection("allocations");',
  "  this.getByThreshold = (userId, threshold, callback) => {",
  "    const parsedUserId = parseInt(userId);",
  "    const criteria = () => threshold",
  "      ? { $where: `this.userId == ${parsedUserId} && this.stocks > '${threshold}'` }",
  "      : { userId: parsedUserId };",
  "    allocationsCol.find(criteria()).toArray(callback);",
  "  };",
  "  this.findByName = (userName, callback) => allocationsCol.findOne({ userName: userName }, callback);",
  "}",
  "module.exports = { AllocationsDAO };",
  "",
].join("\n");
const ROUTE = [
  'const { AllocationsDAO } = require("../data/allocations-dao");',
  "function AllocationsHandler(db) {",
  "  const dao = new AllocationsDAO(db);",
  "  this.display = (req, res, next) => {",
  "    const { threshold } = req.query;",
  "    dao.getByThreshold(req.session.userId, threshold, (e, a) => res.json(a));",
  "  };",
  "  this.login = (req, res) => {",
  "    const { userName } = req.body;",
  "    dao.findByName(userName, (e, u) => res.json(u));",
  "  };",
  "}",
  "module.exports = AllocationsHandler;",
  "",
].join("\n");

ruleTester.run(rule, {
  valid: [
    {
      name: "a query document with values cast or fixed, and $where from constants",
      code: 'import mongoose from "mongoose";\napp.get("/u", async (req, res) => {\n  await User.find({ name: String(req.query.name) });\n  await User.findOne({ _id: Number(req.params.id) });\n  await User.find({ $where: "this.a > this.b" });\n});\n',
    },
    {
      name: "route params and headers are strings, never operator objects",
      code: 'import mongoose from "mongoose";\napp.get("/u/:id", async (req, res) => {\n  await User.findOne({ slug: req.params.id, lang: req.headers["accept-language"] });\n});\n',
    },
    {
      name: "Sequelize and Prisma filters (under `where`) and array find with a callback",
      code: 'app.post("/u", async (req, res) => {\n  await User.findOne({ where: { email: req.body.email } });\n  const item = items.find((i) => i.id === req.body.id);\n});\n',
    },
    {
      name: "a data-access function nobody is seen to call with input",
      files: { "src/data/users.js": DAO.replace(/\$where[^}]*/, "stocks: 1 ") },
    },
    {
      name: "the repository sanitises filters (express-mongo-sanitize)",
      files: {
        "src/app.js":
          'const mongoSanitize = require("express-mongo-sanitize");\napp.use(mongoSanitize());\n',
        "src/routes/login.js":
          'const mongoose = require("mongoose");\napp.post("/login", async (req, res) => {\n  await User.findOne({ email: req.body.email });\n});\n',
      },
    },
  ],
  invalid: [
    {
      name: "$where built from request input in the handler itself",
      code: 'import { MongoClient } from "mongodb";\napp.get("/a", async (req, res) => {\n  await orders.find({ $where: "this.total > " + req.query.min }).toArray();\n});\n',
      errors: [{ messageId: "where", line: 3 }],
    },
    {
      name: "operator injection: a body value straight into a Mongoose filter",
      code: 'import mongoose from "mongoose";\napp.post("/login", async (req, res) => {\n  const { email, password } = req.body;\n  const user = await User.findOne({ email: email, password });\n});\n',
      errors: [{ messageId: "operator", line: 4 }],
    },
  ],
});

describe("security/nosql-injection across files (NodeGoat's route -> DAO shape)", () => {
  it("fires critical on $where and high on the operator filter the route feeds, naming the route's file", () => {
    const found = runRule(rule, {
      "app/data/allocations-dao.js": DAO,
      "app/routes/allocations.js": ROUTE,
    });
    expect(found.map((f) => `${f.path}:${f.startLine} ${f.severity}`)).toEqual([
      "app/data/allocations-dao.js:6 critical",
      "app/data/allocations-dao.js:10 high",
    ]);
    expect(found[0]!.message).toContain(
      "built from parameter `threshold` of `getByThreshold` (app/routes/allocations.js:6 passes request input to `getByThreshold`)",
    );
  });
  it("without a route feeding it, $where from a parameter is high and the operator filter is not reported", () => {
    const found = runRule(rule, { "app/data/allocations-dao.js": DAO });
    expect(found.map((f) => `${f.startLine} ${f.severity}`)).toEqual(["6 high"]);
  });
  it("near miss: a caller that does not import the DAO's file does not feed it", async () => {
    const found = await hits("security/nosql-injection", {
      "package.json": "{}",
      "app/data/allocations-dao.js": DAO,
      "app/routes/allocations.js": ROUTE.replace("../data/allocations-dao", "./fake-dao"),
      "app/routes/fake-dao.js": "module.exports = { AllocationsDAO: function () {} };\n",
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual(["app/data/allocations-dao.js:6"]);
  });
});
