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
});
