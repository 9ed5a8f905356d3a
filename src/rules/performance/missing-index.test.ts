import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/audit-fixture.ts";

const id = "performance/missing-index";

const schema = `model User {
  id    Int    @id
  email String @unique
  teamId Int
  team  Team   @relation(fields: [teamId], references: [id])
  status String
}

model Team {
  id Int @id
}
`;

describe(id, () => {
  it("fires on a Prisma foreign key without @@index, a filtered column without index, and a SQL foreign key", async () => {
    const found = await hits(id, {
      "prisma/schema.prisma": schema,
      "src/users.ts": `import { prisma } from "./db";\nexport const active = () => prisma.user.findMany({ where: { status: "active" }, take: 10 });\n`,
      "migrations/001_init.sql": `CREATE TABLE orders (\n  id serial PRIMARY KEY,\n  user_id int REFERENCES users(id),\n  total int\n);\n`,
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual([
      "migrations/001_init.sql:3",
      "prisma/schema.prisma:5",
      "src/users.ts:2",
    ]);
    expect(found[1]!.message).toBe(
      "Foreign key User.teamId has no index: joins and cascading deletes scan the whole table. Add `@@index([teamId])` to the model.",
    );
    expect(found[2]!.message).toBe(
      "The code filters User on `status` (src/users.ts:2) but the schema has no index on it. Add `@@index([status])` to model User in prisma/schema.prisma.",
    );
  });
  it("does not fire on indexed keys, lookups by unique column, or a SQL index added later", async () => {
    expect(
      await places(id, {
        "prisma/schema.prisma": schema.replace(
          "  status String\n",
          "  status String\n\n  @@index([teamId])\n  @@index([status, teamId])\n",
        ),
        "src/users.ts": `import { prisma } from "./db";\nexport const one = (email) => prisma.user.findFirst({ where: { email } });\nexport const s = () => prisma.user.findMany({ where: { status: "x" }, take: 5 });\n// a relation filter: the index belongs to Team, not to a \`team\` column\nexport const t = () => prisma.user.findMany({ where: { team: { id: 1 } }, take: 5 });\n`,
        "migrations/001_init.sql": `CREATE TABLE orders (\n  id serial PRIMARY KEY,\n  user_id int REFERENCES users(id)\n);\n`,
        "migrations/002_idx.sql": `CREATE INDEX orders_user_id_idx ON orders (user_id);\n`,
      }),
    ).toEqual([]);
  });
});
