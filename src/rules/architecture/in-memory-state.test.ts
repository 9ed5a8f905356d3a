import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/rule-tester.ts";

const id = "architecture/in-memory-state";

describe(id, () => {
  it("fires on a default session store, a module-level map mutated by a handler and a scheduler in the server", async () => {
    const found = hits(id, {
      "server.ts": `import express from "express";
import session from "express-session";
import cron from "node-cron";
const app = express();
app.use(session({ secret: process.env.SECRET!, resave: false }));
const carts = new Map<string, string[]>();
const rateLimits = {};
app.post("/cart", (req, res) => {
  carts.set(req.body.user, req.body.items);
  rateLimits[req.ip] = Date.now();
  res.end();
});
cron.schedule("* * * * *", () => cleanup());
`,
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual([
      "server.ts:5",
      "server.ts:6",
      "server.ts:7",
      "server.ts:13",
    ]);
    expect(found[1]!.message).toBe(
      "`carts` is module-level state that the Express handler POST /cart mutates: each instance has its own copy and a restart empties it. Keep it in Redis or the database.",
    );
  });
  it("does not fire with a Redis store, cookie sessions, request-local maps or a read-only module map", async () => {
    expect(
      places(id, {
        "server.ts": `import express from "express";
import session from "express-session";
import cookieSession from "cookie-session";
import RedisStore from "connect-redis";
const app = express();
app.use(session({ store: new RedisStore({ client }), secret: "s" }));
app.use(cookieSession({ keys: ["k"] }));
const ROLES = new Map([["admin", 1]]);
app.get("/roles/:r", (req, res) => {
  const seen = new Map();
  seen.set(req.params.r, 1);
  res.json(ROLES.get(req.params.r));
});
`,
        "worker.ts": `import cron from "node-cron";\ncron.schedule("0 * * * *", run);\n`,
      }),
    ).toEqual([]);
  });
});
