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
  it("fires on issued tokens or sessions kept in a module-level object, in a module the routes call", async () => {
    const found = hits(id, {
      "src/routes.ts": `import express from "express";
import { issueToken, userOf } from "./auth/tokens";
export const router = express.Router();
router.post("/login", (req, res) => res.json({ token: issueToken(req.body.user) }));
router.get("/me", (req, res) => res.json(userOf(req.headers.authorization)));
`,
      "src/auth/tokens.ts": `import { randomBytes } from "node:crypto";
const issuedTokens: Record<string, string> = {};
const sessions = new Map<string, number>();
export function issueToken(user: string): string {
  const token = randomBytes(24).toString("hex");
  issuedTokens[token] = user;
  sessions.set(token, Date.now());
  return token;
}
export const userOf = (token?: string) => (token ? issuedTokens[token] : undefined);
`,
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual([
      "src/auth/tokens.ts:2",
      "src/auth/tokens.ts:3",
    ]);
    expect(found[0]!.message).toMatch(
      /^`issuedTokens` keeps issued credentials in this process's memory \(mutated in issueToken\(\)\): another instance/,
    );
    expect(found[1]!.message).toMatch(/^`sessions` keeps sessions in this process's memory/);
  });
  it("does not fire on a cache, a constant table, browser or test code, or a store filled at load", async () => {
    expect(
      places(id, {
        "src/services/prices.ts": `const cache = new Map<string, number>();
export function price(sku: string): number {
  if (!cache.has(sku)) cache.set(sku, 1);
  return cache.get(sku)!;
}
`,
        "src/auth/scopes.ts": `const tokens = { read: 1, write: 2 };
export const scopeOf = (t: keyof typeof tokens) => tokens[t];
`,
        "src/auth/seed.ts": `const sessions = new Map<string, number>();
sessions.set("fixture", 1);
export default sessions;
`,
        "src/components/Login.tsx": `const sessions: Record<string, string> = {};
export function remember(id: string) { sessions[id] = "x"; }
`,
        "src/auth/tokens.test.ts": `const tokens = {};
export function put(t: string) { tokens[t] = 1; }
`,
      }),
    ).toEqual([]);
  });
});
