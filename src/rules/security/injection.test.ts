import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { hits } from "../../../test/support/audit-fixture.ts";
import { injection as rule } from "./injection.ts";
import { at } from "../../../test/support/rule-tester.ts";

describe("security/injection", () => {
  it("fires critical on request input interpolated into SQL in a handler", () => {
    const [f, ...rest] = runRule(rule, {
      "src/routes/users.ts":
        'import { Pool } from "pg";\nconst pool = new Pool();\napp.get("/users", async (req, res) => {\n  const { name } = req.query;\n  res.json(await pool.query(`SELECT * FROM users WHERE name = \'${name}\'`));\n});\n',
    });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ path: "src/routes/users.ts", startLine: 5, severity: "critical" });
    expect(f!.message).toBe(
      "SQL built from request input (`req.query`) by template interpolation reaches pool.query: input that contains a quote rewrites the query. Pass values as parameters ($1 / ?) or use a tagged template (sql`...`, prisma.$queryRaw`...`).",
    );
  });
  it("weighs a parameter by its callers: critical when a route in an importing file passes request input, medium when no caller is seen", () => {
    const dao =
      'import { Pool } from "pg";\nconst pool = new Pool();\nexport const findUser = (id: string) =>\n  pool.query(`SELECT * FROM users WHERE id = ${id}`);\n';
    const [fed, ...rest] = runRule(rule, {
      "src/data/users.ts": dao,
      "src/routes/users.ts":
        'import { findUser } from "../data/users";\nrouter.get("/users/:id", async (req, res) => {\n  res.json(await findUser(req.params.id));\n});\n',
    });
    expect(rest).toEqual([]);
    expect(fed).toMatchObject({ path: "src/data/users.ts", startLine: 4, severity: "critical" });
    expect(fed!.message).toContain(
      "parameter `id` of `findUser` by template interpolation reaches pool.query (src/routes/users.ts:3 passes request input to `findUser`)",
    );
    const [alone] = runRule(rule, { "src/data/users.ts": dao });
    expect(alone).toMatchObject({ startLine: 4, severity: "medium" });
    // Near miss: the route passes a number it parsed, not the input itself.
    const [parsed] = runRule(rule, {
      "src/data/users.ts": dao,
      "src/routes/users.ts":
        'import { findUser } from "../data/users";\nrouter.get("/users/:id", async (req, res) => {\n  res.json(await findUser(Number(req.params.id)));\n});\n',
    });
    expect(parsed).toMatchObject({ severity: "medium" });
  });
  it("a sandbox module or a browser worker running its users' scripts is not reported; the same code elsewhere is", () => {
    const runner =
      'export const run = (script: string, api: object) => {\n  const fn = new Function("pw", script);\n  return fn(api);\n};\n';
    expect(runRule(rule, { "packages/js-sandbox/src/runner.ts": runner })).toEqual([]);
    const worker = `${runner}self.onmessage = (e) => self.postMessage(run(e.data.script, {}));\n`;
    expect(runRule(rule, { "src/workers/script.ts": worker })).toEqual([]);
    // near miss: a plain module evaluating a parameter whose callers are not seen
    expect(runRule(rule, { "src/utils/runner.ts": runner })).toMatchObject([
      { startLine: 2, severity: "medium" },
    ]);
  });
  it("a caller in a file that does not import the function does not make it critical", async () => {
    const found = await hits("security/injection", {
      "package.json": "{}",
      "src/data/users.ts":
        'import { Pool } from "pg";\nconst pool = new Pool();\nexport const findUser = (id: string) =>\n  pool.query(`SELECT * FROM users WHERE id = ${id}`);\n',
      "src/routes/users.ts":
        'import { findUser } from "../data/users";\nrouter.get("/u/:id", async (req, res) => res.json(await findUser(req.params.id)));\n',
      "src/routes/other.ts":
        'import { findUser } from "./local";\nrouter.get("/o/:id", async (req, res) => res.json(await findUser(req.params.id)));\n',
      "src/routes/local.ts": "export const findUser = (id: string) => id;\n",
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual(["src/data/users.ts:4"]);
    expect(found[0]!.message).toContain("src/routes/users.ts:2 passes request input");
  });
  it("gives SQL built from values computed in code (table, partition names) one low advisory item, as on outline's popularity task and migrations", () => {
    const task = [
      'import { sequelize } from "../storage/database";',
      "export class UpdateScores {",
      "  private workingTable = `popularity_${Date.now()}`;",
      "  async setup() {",
      "    await sequelize.query(`DROP TABLE IF EXISTS ${this.workingTable} CASCADE`);",
      '    const stale = await sequelize.query("SELECT tablename FROM pg_tables");',
      "    for (const { tablename } of stale) {",
      '      await sequelize.query(`DROP TABLE IF EXISTS "${tablename}" CASCADE`);',
      "    }",
      "  }",
      "}",
      "",
    ].join("\n");
    const found = runRule(rule, {
      "server/queues/tasks/UpdateScores.ts": task,
      "server/migrations/20230815-migrate.js":
        'const { execSync } = require("child_process");\nmodule.exports = { async up(q, table) {\n  execSync(`node ${scriptPath}`);\n  await sequelize.query(`UPDATE ${table} SET x = 1`);\n} };\n',
    });
    expect(found.map((f) => `${f.path}:${f.startLine} ${f.severity}`)).toEqual([
      "server/queues/tasks/UpdateScores.ts:5 low",
      "server/queues/tasks/UpdateScores.ts:8 low",
      "server/migrations/20230815-migrate.js:3 low",
      "server/migrations/20230815-migrate.js:4 low",
    ]);
    expect(found[0]!.message).toContain("Prisma.raw for identifiers");
  });
  it("fires on concatenated SQL through a variable, knex whereRaw, sequelize.query and prisma $queryRawUnsafe", () => {
    const source = [
      'let sql = "SELECT * FROM orders WHERE customer = \'" + req.query.c + "\'";',
      "await db.query(sql);",
      "await knex('users').whereRaw(`name = '${name}'`);",
      'await sequelize.query("DELETE FROM carts WHERE id = " + cartId);',
      "await prisma.$queryRawUnsafe(`SELECT * FROM t WHERE a = ${a}`);",
      "",
    ].join("\n");
    expect(at(rule, source)).toEqual([
      "src/app.ts:2-2",
      "src/app.ts:3-3",
      "src/app.ts:4-4",
      "src/app.ts:5-5",
    ]);
  });
  it("fires on eval, new Function and child_process exec with interpolated input", () => {
    const source =
      'import { exec } from "node:child_process";\nimport * as cp from "child_process";\neval(req.body.expr);\nconst f = new Function("x", userCode);\nexec(`convert ${file} out.png`);\ncp.execSync("git log " + ref);\n';
    expect(at(rule, source)).toEqual([
      "src/app.ts:3-3",
      "src/app.ts:4-4",
      "src/app.ts:5-5",
      "src/app.ts:6-6",
    ]);
    expect(runRule(rule, { "src/app.ts": source }).map((f) => f.severity)).toEqual([
      "critical",
      "low",
      "low",
      "low",
    ]);
  });
  it("near miss: eval of a value built only from constants and Math.random is no injection", () => {
    expect(
      at(
        rule,
        'const n = Math.floor(Math.random() * 10);\neval("var x" + n + " = " + Math.random());\nnew Function("return " + (1 + 2));\n',
      ),
    ).toEqual([]);
  });
  it("fires on code from input run in vm, vm2 and safe-eval; near miss: vm on code the program wrote, a plugin runner's parameter", () => {
    const source = [
      'import vm from "node:vm";',
      'import { VM } from "vm2";',
      'import safeEval from "safe-eval";',
      'app.post("/calc", (req, res) => {',
      "  res.json(vm.runInNewContext(req.body.formula, {}));",
      "  const sandbox = new VM();",
      "  res.json(sandbox.run(req.body.script));",
      "  res.json(safeEval(req.query.expr));",
      '  vm.runInNewContext("1 + 1");',
      "});",
      "export const runPlugin = (code: string) => new vm.Script(code).runInThisContext();",
      "",
    ].join("\n");
    const found = runRule(rule, { "src/app.ts": source });
    expect(found.map((f) => `${f.startLine} ${f.severity}`)).toEqual([
      "5 critical",
      "7 critical",
      "8 critical",
    ]);
    expect(found[0]!.message).toContain(
      "vm.runInNewContext runs code built from request input (`req.body.formula`)",
    );
  });
  it("fires on calls that no callee-name text search would find: a raw method alone, type arguments, an aliased exec", () => {
    expect(at(rule, "await knex('users').whereRaw(`name = '${name}'`);\n")).toEqual([
      "src/app.ts:1-1",
    ]);
    expect(at(rule, "await db.query<Row>(`SELECT * FROM users WHERE id = ${id}`);\n")).toEqual([
      "src/app.ts:1-1",
    ]);
    expect(
      at(
        rule,
        'import { exec as run } from "node:child_process";\nrun(`convert ${file} out.png`);\n',
      ),
    ).toEqual(["src/app.ts:2-2"]);
  });
  it("does not fire on parameterised queries and tagged templates", () => {
    const source =
      'await pool.query("SELECT * FROM users WHERE id = $1", [id]);\nawait prisma.$queryRaw`SELECT * FROM users WHERE id = ${id}`;\nawait db.execute(sql`SELECT * FROM t WHERE a = ${a}`);\n';
    expect(at(rule, source)).toEqual([]);
  });
  it("does not fire on constants, placeholders or escaped values inside SQL", () => {
    const source =
      'const TABLE = "users";\nconst cols = "id, name";\nawait pool.query(`SELECT ${cols} FROM ${TABLE} WHERE id IN (${placeholders})`, ids);\nawait conn.query("SELECT * FROM t WHERE name = " + mysql.escape(name));\nawait pool.query(`SELECT * FROM t LIMIT ${Number(limit)}`);\n';
    expect(at(rule, source)).toEqual([]);
  });
  it("does not fire on non-SQL strings, GraphQL clients, literal eval, execFile, or in scripts", () => {
    expect(
      at(
        rule,
        'await client.query({ query: gql`{ users }` });\nawait cache.query(`key:${id}`);\neval("1 + 1");\nexecFile("git", ["log", ref]);\n',
      ),
    ).toEqual([]);
    expect(
      at(
        rule,
        'import { execSync } from "node:child_process";\nexecSync(`rm -rf ${dir}`);\n',
        "scripts/clean.ts",
      ),
    ).toEqual([]);
  });
});
