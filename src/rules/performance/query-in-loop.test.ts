import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/rule-tester.ts";

const id = "performance/query-in-loop";

describe(id, () => {
  it("fires on Prisma in a for...of, Mongoose in a map callback and fetch in forEach", async () => {
    const found = hits(id, {
      "orders.ts": `import { prisma } from "./db";
export async function totals(orders: Order[]) {
  for (const order of orders) {
    order.customer = await prisma.customer.findUnique({ where: { id: order.customerId } });
  }
}
`,
      "users.js": `const mongoose = require("mongoose");
const User = mongoose.model("User");
exports.load = (ids) => Promise.all(ids.map((id) => User.findById(id)));
`,
      "prices.ts": `export function refresh(items) {
  items.forEach(async (item) => { item.price = await fetch("https://prices.example.com/" + item.sku); });
}
`,
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual([
      "orders.ts:4",
      "prices.ts:2",
      "users.js:3",
    ]);
    expect(found[0]!.message).toBe(
      "prisma.customer.findUnique runs once per item of this for...of loop (N+1 queries). Load the rows in one query instead (`findMany({ where: { id: { in: ids } } })` or `include` the relation).",
    );
  });
  it("does not fire on a batched query, a call before the loop, or a non-database call in a loop", async () => {
    expect(
      places(id, {
        "a.ts": `import { prisma } from "./db";
export async function totals(orders) {
  const customers = await prisma.customer.findMany({ where: { id: { in: orders.map((o) => o.customerId) } } });
  for (const order of orders) order.total = order.items.reduce((s, i) => s + i.price, 0);
  for (const c of customers) await logger.flush(c);
  const load = Effect.map(ids, () => fetch("https://x.example.com"));
  return customers;
}
`,
      }),
    ).toEqual([]);
  });
  it("does not take a fetch library's Headers instance for a client (outline's fetch helper)", () => {
    const found = hits(id, {
      "fetch.ts": `import nodeFetch, { Headers } from "node-fetch";
export async function get(url: string, init: { headers?: Record<string, string> }) {
  const headers = new Headers({ "User-Agent": "x" });
  new Headers(init.headers).forEach((value, key) => {
    headers.set(key, value);
  });
  return nodeFetch(url, { headers });
}
`,
    });
    expect(found).toEqual([]);
  });
  it("knows the client by where it comes from: a workspace package's client fires, an array's find does not", () => {
    expect(
      places(id, {
        "apps/web/src/reminders.ts": `import { prisma } from "@documenso/prisma";
import { TIME_ZONES } from "@documenso/lib/constants/time-zones";
export async function remind(envelopes) {
  for (const envelope of envelopes) {
    await prisma.recipient.findMany({ where: { envelopeId: envelope.id }, take: 10 });
    const item = envelope.items.find((i) => i.primary);
    const zone = TIME_ZONES.find((z) => z === envelope.zone);
    await notify(item, zone);
  }
}
`,
        "apps/web/src/reminders.test.ts": `import { prisma } from "@documenso/prisma";
test("seed", async () => {
  for (const id of [1, 2]) await prisma.recipient.create({ data: { id } });
});
`,
      }),
    ).toEqual(["apps/web/src/reminders.ts:5"]);
  });
});
