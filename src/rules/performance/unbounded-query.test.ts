import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/rule-tester.ts";

const id = "performance/unbounded-query";

describe(id, () => {
  it("fires on findMany without take, Mongoose find without limit, and SELECT without LIMIT", async () => {
    const found = hits(id, {
      "src/users.ts": `import { prisma } from "./db";
export const all = () => prisma.user.findMany({ where: { active: true } });
`,
      "src/posts.js": `const mongoose = require("mongoose");
const Post = mongoose.model("Post");
exports.list = () => Post.find({ published: true }).sort({ at: -1 });
`,
      "src/sql.ts": `import { Pool } from "pg";
const pool = new Pool();
export const rows = () => pool.query("SELECT * FROM events ORDER BY at DESC");
`,
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual([
      "src/posts.js:3",
      "src/sql.ts:3",
      "src/users.ts:2",
    ]);
    expect(found[2]!.message).toBe(
      "prisma.user.findMany returns every matching row: add `take` and paginate (a cursor or page size), so the result stays bounded as the table grows.",
    );
  });
  it("does not fire with take, with .limit(), on a WHERE lookup, or in a test", async () => {
    expect(
      places(id, {
        "src/users.ts": `import { prisma } from "./db";
export const page = (cursor) => prisma.user.findMany({ take: 50, cursor: { id: cursor } });
export const byIds = (ids) => prisma.user.findMany({ where: { id: { in: ids } } });
`,
        "src/posts.js": `const mongoose = require("mongoose");
const Post = mongoose.model("Post");
exports.list = () => Post.find({}).sort({ at: -1 }).limit(20);
`,
        "src/sql.ts": `import { Pool } from "pg";
const pool = new Pool();
export const one = (id) => pool.query("SELECT * FROM events WHERE id = $1", [id]);
`,
        "src/users.test.ts": `import { prisma } from "./db";
test("x", async () => { await prisma.user.findMany(); });
`,
      }),
    ).toEqual([]);
  });
  it("does not fire on queries bounded elsewhere: a pagination helper, a unique field, a single-row method", async () => {
    const schema = `model User {
  id    Int    @id
  email String @unique
  orgId Int
  slug  String

  @@unique([slug])
}
`;
    expect(
      places(id, {
        "prisma/schema.prisma": schema,
        "src/pagination.ts": `export const page = (n: number) => ({ take: 50, skip: n * 50 });
`,
        "src/users.ts": `import { prisma } from "@acme/db";
import { page } from "./pagination";
export const list = (n) => prisma.user.findMany({ where: { orgId: 1 }, ...page(n) });
export const built = (query) => prisma.user.findMany(query);
export const byEmail = (email) => prisma.user.findMany({ where: { email } });
export const bySlug = (slug) => prisma.user.findMany({ where: { slug } });
export const first = () => prisma.user.findFirst({ where: { orgId: 1 } });
export const one = (id) => prisma.user.findUnique({ where: { id } });
`,
        "src/legacy.js": `const { User } = require("./models");
exports.one = (id) => User.findByPk(id);
exports.find = (name) => User.findOne({ where: { name } });
`,
        "src/zones.ts": `import { prisma } from "./db";
import { TIME_ZONES } from "./data/zones";
export const utc = (items) => [TIME_ZONES.find((z) => z === "UTC"), items.find((i) => i)];
`,
      }),
    ).toEqual([]);
  });
  it("fires on a where that the schema does not make unique, through a workspace client", async () => {
    expect(
      places(id, {
        "prisma/schema.prisma": `model User {\n  id Int @id\n  email String @unique\n  orgId Int\n}\n`,
        "src/users.ts": `import { prisma } from "@acme/db";
export const byOrg = (orgId) => prisma.user.findMany({ where: { orgId } });
export const search = (q) => prisma.user.findMany({ where: { email: { contains: q } } });
`,
      }),
    ).toEqual(["src/users.ts:2", "src/users.ts:3"]);
  });
});
