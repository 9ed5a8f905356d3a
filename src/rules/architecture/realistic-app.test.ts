import { describe, expect, it } from "vitest";
import { auditFiles } from "../../../test/support/audit-fixture.ts";

/**
 * A small Express + Prisma shop written as teams write them: a reviewer would flag exactly the
 * places listed below (the default session store, the handler that queries and mails, the
 * unchecked `req.query.page` and `req.body`, the unindexed `status` filter, the insert per item),
 * and nothing else: versioned mounts, zod-validated input, the bounded list, the indexed foreign
 * key, the migrations folder and the service layer are all near-misses.
 */
const shop = {
  "package.json": JSON.stringify({
    name: "shop",
    main: "src/server.ts",
    scripts: { test: "vitest" },
    dependencies: {
      express: "4",
      "@prisma/client": "5",
      "express-session": "1",
      nodemailer: "6",
      zod: "3",
      "node-cron": "3",
    },
  }),
  "prisma/schema.prisma": `model User {
  id     Int     @id
  email  String  @unique
  orders Order[]
}

model Order {
  id     Int    @id
  userId Int
  user   User   @relation(fields: [userId], references: [id])
  status String

  @@index([userId])
}
`,
  "prisma/migrations/001_init/migration.sql": "CREATE TABLE x (id int);\n",
  "src/server.ts": `import express from "express";
import session from "express-session";
import { ordersRouter } from "./orders/routes";
import { usersRouter } from "./users/routes";

const app = express();
app.use(express.json());
app.use(session({ secret: process.env.SESSION_SECRET!, resave: false, saveUninitialized: false }));
app.use("/v1/orders", ordersRouter);
app.use("/v1/users", usersRouter);
app.get("/healthz", (_req, res) => res.send("ok"));
app.listen(3000);
`,
  "src/db.ts": `import { PrismaClient } from "@prisma/client";
export const prisma = new PrismaClient();
`,
  "src/orders/routes.ts": `import { Router } from "express";
import { z } from "zod";
import { listOrders, placeOrder } from "./service";

export const ordersRouter = Router();
const PlaceOrder = z.object({ userId: z.number(), items: z.array(z.number()) });

ordersRouter.get("/", async (req, res) => {
  res.json(await listOrders(Number(req.query.page ?? 0)));
});

ordersRouter.post("/", async (req, res) => {
  const input = PlaceOrder.parse(req.body);
  res.status(201).json(await placeOrder(input));
});
`,
  "src/orders/service.ts": `import { prisma } from "../db";

export async function listOrders(page: number) {
  return prisma.order.findMany({ take: 50, skip: page * 50, where: { status: "open" } });
}

export async function placeOrder(input: { userId: number; items: number[] }) {
  const order = await prisma.order.create({ data: { userId: input.userId, status: "open" } });
  for (const item of input.items) {
    await prisma.orderItem.create({ data: { orderId: order.id, productId: item } });
  }
  return order;
}
`,
  "src/users/routes.ts": `import { Router } from "express";
import nodemailer from "nodemailer";
import { prisma } from "../db";

export const usersRouter = Router();
const mailer = nodemailer.createTransport({ host: "smtp.example.com" });

usersRouter.post("/", async (req, res) => {
  const user = await prisma.user.create({ data: { email: req.body.email } });
  await mailer.sendMail({ to: user.email, subject: "Welcome" });
  res.status(201).json(user);
});
`,
  "src/orders/service.test.ts": `import { listOrders } from "./service";
test("lists", async () => expect(await listOrders(0)).toBeDefined());
`,
};

describe("a realistic Express + Prisma app", () => {
  it("flags exactly what a reviewer would", async () => {
    const rules = [
      "architecture/import-cycle",
      "architecture/logic-in-controller",
      "architecture/sync-service-chain",
      "architecture/long-work-in-request",
      "architecture/in-memory-state",
      "architecture/unguarded-cron",
      "architecture/queue-without-dlq",
      "architecture/no-api-versioning",
      "architecture/multiple-datastores",
      "architecture/layered-layout",
      "performance/query-in-loop",
      "performance/unbounded-query",
      "performance/sync-io-in-request",
      "performance/sequential-awaits",
      "performance/missing-index",
      "data/no-migrations",
      "data/inconsistent-models",
      "data/unvalidated-input",
      "quality/unused-code",
    ];
    const report = await auditFiles(shop, rules);
    expect(report.errors).toEqual([]);
    expect(report.items.map((i) => `${i.rule} ${i.path}:${i.startLine}`).sort()).toEqual([
      "architecture/in-memory-state src/server.ts:8",
      "architecture/logic-in-controller src/users/routes.ts:9",
      "architecture/long-work-in-request src/users/routes.ts:10",
      "data/unvalidated-input src/orders/routes.ts:9",
      "data/unvalidated-input src/users/routes.ts:9",
      "performance/missing-index prisma/schema.prisma:11",
      "performance/query-in-loop src/orders/service.ts:10",
    ]);
    expect(report.graph!.unresolved["missing-file"]).toBe(0);
  });
});
