import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { injection as rule } from "./injection.ts";
import { at } from "../../../test/support/rule-tester.ts";

describe("security/injection", () => {
  it("fires on interpolated SQL passed to pg's client.query", () => {
    const [f, ...rest] = runRule(rule, {
      "src/users.ts":
        'import { Pool } from "pg";\nconst pool = new Pool();\nexport const find = (id: string) =>\n  pool.query(`SELECT * FROM users WHERE id = ${id}`);\n',
    });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      path: "src/users.ts",
      startLine: 4,
      endLine: 4,
      severity: "critical",
    });
    expect(f!.message).toBe(
      "SQL built from template interpolation reaches pool.query: input that contains a quote rewrites the query. Pass values as parameters ($1 / ?) or use a tagged template (sql`...`, prisma.$queryRaw`...`).",
    );
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
