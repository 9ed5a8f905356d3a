import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/rule-tester.ts";

const id = "architecture/sync-service-chain";

describe(id, () => {
  it("fires on awaited calls to internal services in Express, Koa and Next.js handlers", async () => {
    const found = hits(id, {
      "orders.ts": `import express from "express";
import axios from "axios";
const app = express();
app.post("/orders", async (req, res) => {
  const user = await axios.get("http://users-service:3000/users/" + req.body.userId);
  const stock = await fetch(\`\${process.env.INVENTORY_SERVICE_URL}/stock\`);
  res.json({ user, stock });
});
`,
      "koa.ts": `import Router from "@koa/router";
const router = new Router();
router.get("/cart", async (ctx) => { ctx.body = await fetch("http://pricing/prices"); });
`,
      "app/api/me/route.ts": `export async function GET() { return fetch("http://localhost:4001/profile"); }
export async function POST() { const r = await fetch("http://auth.internal/verify"); return r; }
`,
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual([
      "app/api/me/route.ts:2",
      "koa.ts:3",
      "orders.ts:5",
      "orders.ts:6",
    ]);
    expect(found[2]!.message).toBe(
      "The Express handler POST /orders waits on another internal service (axios.get) before it answers: a synchronous service chain. Publish an event or enqueue a job instead, or keep a local read model of the data; at least add a timeout and a fallback.",
    );
  });
  it("does not fire on public APIs, calls outside handlers, or calls not awaited", async () => {
    expect(
      places(id, {
        "a.ts": `import express from "express";
const app = express();
app.get("/rates", async (req, res) => res.json(await fetch("https://api.exchangerate.host/latest")));
export async function warm() { await fetch("http://users-service/warm"); }
app.post("/ping", (req, res) => { void fetch("http://audit-service/log"); res.end(); });
`,
      }),
    ).toEqual([]);
  });
});
