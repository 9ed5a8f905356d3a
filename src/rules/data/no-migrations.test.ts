import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/audit-fixture.ts";

const id = "data/no-migrations";

describe(id, () => {
  it("fires on Prisma, pg and TypeORM with no migrations", async () => {
    expect(
      await hits(id, {
        "src/db.ts": `import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();\n`,
        "package.json": `{"dependencies":{"@prisma/client":"5"}}`,
      }),
    ).toEqual([
      {
        rule: id,
        path: "src/db.ts",
        line: 1,
        endLine: 1,
        message:
          "The code uses Prisma (src/db.ts), but the repository has no migrations folder and no migration tool: schema changes are made by hand. Add versioned migrations (`prisma migrate dev`) and run them in CI/CD.",
      },
    ]);
    expect(
      await places(id, {
        "db.js": `const { Pool } = require("pg");\nmodule.exports = new Pool();\n`,
      }),
    ).toEqual(["db.js:1"]);
    // The prisma CLI alone (for `prisma generate` and `db push`) is no migration tooling.
    expect(
      await places(id, {
        "src/db.ts": `import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();\n`,
        "package.json": `{"dependencies":{"@prisma/client":"5"},"devDependencies":{"prisma":"5"},"scripts":{"db":"prisma db push"}}`,
      }),
    ).toEqual(["src/db.ts:1"]);
    expect(
      (
        await hits(id, {
          "src/data-source.ts": `import { DataSource } from "typeorm";\nexport default new DataSource({ synchronize: true });\n`,
        })
      )[0]!.message,
    ).toContain("turn off `synchronize`");
  });
  it("does not fire with a migrations folder, a migration tool, or a document store", async () => {
    expect(
      await places(id, {
        "src/db.ts": `import { PrismaClient } from "@prisma/client";\n`,
        "prisma/migrations/20240101_init/migration.sql": "CREATE TABLE a (id int);\n",
      }),
    ).toEqual([]);
    expect(
      await places(id, {
        "db.js": `const { Pool } = require("pg");\n`,
        "package.json": `{"devDependencies":{"node-pg-migrate":"7"}}`,
      }),
    ).toEqual([]);
    expect(await places(id, { "db.ts": `import mongoose from "mongoose";\n` })).toEqual([]);
    // Near-miss of the case above: the same project with a script that migrates.
    expect(
      await places(id, {
        "src/db.ts": `import { PrismaClient } from "@prisma/client";\n`,
        "package.json": `{"devDependencies":{"prisma":"5"},"scripts":{"deploy":"prisma migrate deploy"}}`,
      }),
    ).toEqual([]);
  });
});
