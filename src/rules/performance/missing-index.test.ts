import { describe, expect, it } from "vitest";
import { auditFiles, hits, places } from "../../../test/support/audit-fixture.ts";

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
      "prisma/schema.prisma:6",
    ]);
    expect(found[1]!.message).toBe(
      "Foreign key User.teamId has no index: joins and cascading deletes scan the whole table. Add `@@index([teamId])` to the model.",
    );
    expect(found[2]!.message).toBe(
      "User.status has no index, and 1 query filters on it (first src/users.ts:2): each scans the table. Add `@@index([status])` to model User.",
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
  it("reports each model field once, at the schema, with the queries as evidence; never a flag alone", async () => {
    const report = await auditFiles(
      {
        "prisma/schema.prisma": `enum Role {
  ADMIN
  MEMBER
}

model Post {
  id         Int     @id
  slug       String
  authorName String
  published  Boolean
  isArchived Int
  role       Role
  approved   String
}
`,
        "src/posts.ts": `import { prisma } from "@acme/db";
export const bySlug = (slug) => prisma.post.findFirst({ where: { slug } });
export const bySlugCount = (slug) => prisma.post.count({ where: { slug } });
export const byAuthor = (authorName) => prisma.post.findMany({ where: { authorName }, take: 5 });
export const flags = () =>
  prisma.post.findMany({ where: { published: true, isArchived: 0, role: "ADMIN", approved: "y" }, take: 5 });
`,
        "src/lists.ts": `import { prisma } from "./db";
export const local = (posts) => posts.findFirst({ where: { title: "x" } });
`,
      },
      ["performance/missing-index"],
    );
    const items = report.items.map((i) => ({
      at: `${i.path}:${i.startLine}`,
      places: i.places?.map((p) => `${p.path}:${p.startLine}`),
    }));
    expect(items).toEqual([
      {
        at: "prisma/schema.prisma:8",
        places: ["prisma/schema.prisma:8", "src/posts.ts:2", "src/posts.ts:3"],
      },
      { at: "prisma/schema.prisma:9", places: ["prisma/schema.prisma:9", "src/posts.ts:4"] },
    ]);
  });
});
