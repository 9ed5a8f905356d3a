import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../audit/index.ts";
import { loadConfig } from "../config/index.ts";
import type { AuditReport } from "../report/index.ts";
import { ruleCatalogue } from "../rules/index.ts";
import { SLO_DEBT_RULE, withSloDebt } from "./debt.ts";
import { findRouteHandlers, type RouteHandler } from "../frameworks/index.ts";
import { handlersForRoute } from "./routes.ts";
import type { SloStatus } from "./status.ts";

const APPS = join(import.meta.dirname, "fixtures", "apps");
const FIXTURE_FILES: Record<string, string[]> = {
  express: ["app.ts", "handlers/orders.ts"],
  fastify: ["server.ts", "routes/users.ts", "routes/remove.ts"],
  nest: ["orders/orders.controller.ts", "orders/orders.service.ts"],
};

function handlersOf(app: string): RouteHandler[] {
  return findRouteHandlers(FIXTURE_FILES[app]!, (path) =>
    readFileSync(join(APPS, app, path), "utf8"),
  );
}

/** Where the handlers of a route are, as `file:start-end name`. */
function where(route: string, handlers: readonly RouteHandler[]): string[] {
  return handlersForRoute(route, handlers).map(
    (h) => `${h.method} ${h.path}:${h.startLine}-${h.endLine} ${h.name}`,
  );
}

describe("route to handler", () => {
  it("Express: follows an imported handler's name to the module that defines it", () => {
    const handlers = handlersOf("express");
    expect(where("/orders/:id", handlers)).toEqual(["GET handlers/orders.ts:4-10 getOrder"]);
    // An exported const arrow, and an inline handler in the route's own file.
    expect(where("GET /orders", handlers)).toEqual(["GET handlers/orders.ts:12-14 listOrders"]);
    expect(where("POST /orders", handlers)).toEqual(["POST app.ts:8-10 POST /orders"]);
    expect(handlersForRoute("/orders/:id", handlers)[0]!.declaredAt).toEqual({
      path: "app.ts",
      line: 6,
    });
  });

  it("Fastify: a shorthand route and route({ handler }) with handlers in other files", () => {
    const handlers = handlersOf("fastify");
    // `export { showUser }` of a const arrow, and a default-exported function.
    expect(where("/users/:id", handlers)).toEqual([
      "GET routes/users.ts:7-10 showUser",
      "DELETE routes/remove.ts:1-3 removeUser",
    ]);
    expect(where("DELETE /users/{id}", handlers)).toEqual([
      "DELETE routes/remove.ts:1-3 removeUser",
    ]);
  });

  it("Nest: the controller method of @Controller prefix + @Get path", () => {
    const handlers = handlersOf("nest");
    expect(where("/orders/:id", handlers)).toEqual([
      "GET orders/orders.controller.ts:9-11 findOne",
    ]);
    expect(where("/orders", handlers)).toEqual(["POST orders/orders.controller.ts:14-16 create"]);
  });

  it("matches a route mounted under a prefix, and nothing for an unknown or ambiguous one", () => {
    const handlers = handlersOf("express");
    expect(where("/api/v1/orders/:id", handlers)).toEqual(["GET handlers/orders.ts:4-10 getOrder"]);
    expect(where("/payments/:id", handlers)).toEqual([]);
    expect(where("/ordersx/:id", handlers)).toEqual([]);
    expect(where("PUT /orders/:id", handlers)).toEqual([]);
  });
});

function status(overrides: Partial<SloStatus>): SloStatus {
  return {
    slo: "orders-availability",
    service: "orders",
    objective: 0.999,
    window: "30d",
    coveredSeconds: 2_592_000,
    labels: {},
    at: "2026-01-01T00:00:00.000Z",
    sli: 0.9935,
    errorRatio: 0.0065,
    budget: 0.001,
    budgetRemaining: -5.5,
    burnRate: 6.5,
    budgetMinutes: 43.2,
    burnedMinutes: 280.8,
    burnRates: [],
    ...overrides,
  };
}

describe("withSloDebt on an audit of the Express fixture", () => {
  let report: AuditReport;
  let handlers: RouteHandler[];
  beforeAll(async () => {
    const root = join(APPS, "express");
    const { config } = loadConfig(root, undefined, ruleCatalogue);
    config.cache.enabled = false;
    config.history.enabled = false;
    report = await runAudit({ root, config, offline: true });
    handlers = findRouteHandlers(
      report.files.map((f) => f.path),
      (path) => readFileSync(join(root, path), "utf8"),
    );
  }, 60_000);

  it("turns an SLO burning at 6.5x into a Performance item at the route's handler", () => {
    const result = withSloDebt(report, [status({ route: "/orders/:id" })], {
      costPerMinute: 10,
      remediationMinutes: 960,
      handlers,
    });
    const item = result.items.find((i) => i.rule === SLO_DEBT_RULE)!;
    expect(item).toMatchObject({
      category: "performance",
      severity: "high",
      path: "handlers/orders.ts",
      startLine: 4,
      endLine: 10,
      symbol: "getOrder",
      remediationMinutes: 960,
      evidence: {
        slo: "orders-availability",
        burnRate: 6.5,
        route: "/orders/:id",
        declaredAt: "app.ts:6",
      },
      // 6.5 x (0.001 x 525,600 = 525.6 budget minutes a year) x 10 a minute; 16 h x 90 an hour.
      money: {
        interest: 34_164,
        principal: 1440,
        basis: { model: "slo-burn", burnRate: 6.5, budgetMinutesPerYear: 525.6, costPerMinute: 10 },
      },
    });
    expect(result.summary.items).toBe(report.summary.items + 1);
    expect(result.slos).toEqual([
      {
        slo: "orders-availability",
        service: "orders",
        route: "/orders/:id",
        objective: 0.999,
        window: "30d",
        at: "2026-01-01T00:00:00.000Z",
        sli: 0.9935,
        budgetRemaining: -5.5,
        burnRate: 6.5,
        budgetMinutes: 43.2,
        burnedMinutes: 280.8,
        burnRates: [],
        item: item.id,
      },
    ]);
    expect(result.summary.interest).toBeCloseTo(report.summary.interest + 34_164, 2);
  });

  it("raises Risk by one for the handler's own findings, naming the SLO, and for no others", () => {
    const inHandler = report.items.filter(
      (i) => i.path === "handlers/orders.ts" && i.startLine! >= 4 && i.startLine! <= 10,
    );
    const elsewhere = report.items.filter((i) => !inHandler.includes(i));
    expect(inHandler.length).toBeGreaterThan(0);
    expect(elsewhere.some((i) => i.path === "handlers/orders.ts")).toBe(true);
    const result = withSloDebt(report, [status({ route: "/orders/:id" })], {
      costPerMinute: 10,
      remediationMinutes: 960,
      handlers,
    });
    const byId = new Map(result.items.map((i) => [i.id, i]));
    for (const before of inHandler) {
      const after = byId.get(before.id)!;
      expect(after.scores.risk).toBe(Math.min(10, before.scores.risk + 1));
      expect(after.evidence.sloRiskBump).toBe(
        "+1: SLO orders-availability (route /orders/:id) burns its error budget at 6.5x",
      );
    }
    for (const before of elsewhere) {
      expect(byId.get(before.id)!.scores.risk).toBe(before.scores.risk);
      expect(byId.get(before.id)!.evidence.sloRiskBump).toBeUndefined();
    }
  });

  it("leaves an SLO within budget alone, and places an unknown route's item on no file", () => {
    const within = withSloDebt(report, [status({ route: "/orders/:id", burnRate: 0.8 })], {
      costPerMinute: 10,
      remediationMinutes: 960,
      handlers,
    });
    expect(within.items).toEqual(report.items);
    const unknown = withSloDebt(
      report,
      [status({ route: "/payments", burnRate: 20, budgetRemaining: -19 })],
      { costPerMinute: 10, remediationMinutes: 960, handlers },
    );
    const item = unknown.items.find((i) => i.rule === SLO_DEBT_RULE)!;
    expect(item.path).toBeUndefined();
    expect(item.severity).toBe("critical");
    expect(unknown.items.filter((i) => i.evidence.sloRiskBump !== undefined)).toEqual([]);
  });
});
