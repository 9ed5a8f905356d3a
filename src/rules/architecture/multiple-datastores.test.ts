import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/audit-fixture.ts";

const id = "architecture/multiple-datastores";

describe(id, () => {
  it("fires on SQL and MongoDB, on Postgres and Firestore, and on three families", async () => {
    const found = await hits(id, {
      "src/a.ts": `import { PrismaClient } from "@prisma/client";\n`,
      "src/b.ts": `import mongoose from "mongoose";\n`,
    });
    expect(found).toEqual([
      {
        rule: id,
        path: "src/b.ts",
        line: 1,
        endLine: 1,
        message:
          "This code base writes to 2 primary datastores (MongoDB via Mongoose in src/b.ts; SQL via Prisma in src/a.ts). Check that they do not hold overlapping data; make one the source of truth and sync the other from it (or merge them).",
      },
    ]);
    expect(
      (
        await hits(id, {
          "a.js": `const { Pool } = require("pg");\n`,
          "b.ts": `import { getFirestore } from "firebase-admin/firestore";\n`,
        })
      ).length,
    ).toBe(1);
    expect(
      (
        await hits(id, {
          "a.ts": `import knex from "knex";\n`,
          "b.ts": `import { MongoClient } from "mongodb";\n`,
          "c.ts": `import admin from "firebase-admin";\n`,
        })
      )[0]!.message,
    ).toContain("3 primary datastores");
    // In a monorepo the package is the application: one that uses two stores still fires.
    expect(
      await places(id, {
        "package.json": `{"private":true,"workspaces":["services/*"]}`,
        "services/api/package.json": `{"name":"api"}`,
        "services/api/src/sql.ts": `import { PrismaClient } from "@prisma/client";\n`,
        "services/api/src/docs.ts": `import mongoose from "mongoose";\n`,
      }),
    ).toEqual(["services/api/src/docs.ts:1"]);
  });
  it("does not fire on two services of a monorepo that each own one store", async () => {
    expect(
      await places(id, {
        "package.json": `{"private":true,"workspaces":["services/*"]}`,
        "services/orders/package.json": `{"name":"orders"}`,
        "services/orders/src/db.ts": `import { PrismaClient } from "@prisma/client";\n`,
        "services/catalog/package.json": `{"name":"catalog"}`,
        "services/catalog/src/db.ts": `import mongoose from "mongoose";\n`,
      }),
    ).toEqual([]);
  });
  it("does not fire on one SQL database through two libraries, on Redis as a cache, or on a test database", async () => {
    expect(
      await places(id, {
        "a.ts": `import { PrismaClient } from "@prisma/client";\n`,
        "b.ts": `import { Pool } from "pg";\n`,
      }),
    ).toEqual([]);
    expect(
      await places(id, {
        "a.ts": `import mongoose from "mongoose";\n`,
        "b.ts": `import Redis from "ioredis";\n`,
      }),
    ).toEqual([]);
    expect(
      await places(id, {
        "a.ts": `import mongoose from "mongoose";\n`,
        "a.test.ts": `import Database from "better-sqlite3";\nimport { Pool } from "pg";\n`,
      }),
    ).toEqual([]);
  });
});
