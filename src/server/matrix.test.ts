import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { addUser, createSession } from "./access.ts";
import { SESSION_COOKIE } from "./app.ts";
import { ERROR_CODES } from "./errors.ts";
import { ROUTES } from "./routes.ts";
import { accessDb } from "./tables.ts";
import {
  addRoleUsers,
  PASSWORD,
  serverBackends,
  startTestServer,
  tokenFor,
  type TestServer,
} from "./test-helpers.ts";

/** Every kind of caller: no credentials, dead ones, each role, a stranger, tokens, a forged CSRF header. */
const PRINCIPALS = [
  "anonymous",
  "expired-session",
  "unknown-token",
  "viewer",
  "engineer",
  "manager",
  "cto",
  "executive",
  "admin",
  "other-organisation-cto",
  "token-of-project",
  "token-of-other-project",
  "forged-csrf-manager",
] as const;
type PrincipalName = (typeof PRINCIPALS)[number];
type Row = Record<PrincipalName, number>;

/** A row where sessions of every role get `session` and the rest are refused as they should be. */
function row(
  roles: Partial<Record<"viewer" | "engineer" | "manager" | "cto" | "executive" | "admin", number>>,
  others: Partial<Row> = {},
): Row {
  return {
    anonymous: 401,
    "expired-session": 401,
    "unknown-token": 401,
    viewer: roles.viewer!,
    engineer: roles.engineer!,
    manager: roles.manager!,
    cto: roles.cto!,
    executive: roles.executive!,
    admin: roles.admin!,
    "other-organisation-cto": 404,
    "token-of-project": 403,
    "token-of-other-project": 403,
    "forged-csrf-manager": roles.manager!,
    ...others,
  };
}
const everyRole = (status: number) => ({
  viewer: status,
  engineer: status,
  manager: status,
  cto: status,
  executive: status,
  admin: status,
});
const engineerUp = (status: number) => ({
  viewer: 403,
  engineer: status,
  manager: status,
  cto: status,
  executive: status,
  admin: 403,
});

interface Case {
  /** What this row checks beyond the route's minimum role. */
  variant?: string;
  url: string;
  /** A URL made fresh for each request, where one success would change the next answer. */
  fresh?: () => Promise<string>;
  body?: unknown;
  expect: Row;
}

/**
 * The expected status of every route for every caller. The keys must be exactly the route
 * table's: a new endpoint without a row here fails the first test.
 */
function matrix(
  itemId: string,
  report: unknown,
  plans: { itemId: string; planId: number; pendingPlan: () => Promise<string> } = {
    itemId: "1.x",
    planId: 1,
    pendingPlan: async () => "/api/v1/plans/1",
  },
): Record<string, Case[]> {
  const managerUp = (status: number) => ({
    viewer: 403,
    engineer: 403,
    manager: status,
    cto: status,
    executive: status,
    admin: 403,
  });
  return {
    "POST /api/v1/session": [
      {
        url: "/api/v1/session",
        body: { email: "viewer@acme.test", password: PASSWORD },
        // Logging in needs no credentials; whatever else is sent is ignored.
        expect: Object.fromEntries(PRINCIPALS.map((p) => [p, 200])) as Row,
      },
    ],
    "GET /api/v1/session": [
      {
        url: "/api/v1/session",
        expect: row(everyRole(200), { "other-organisation-cto": 200 }),
      },
    ],
    "DELETE /api/v1/session": [
      {
        url: "/api/v1/session",
        expect: row(everyRole(204), { "other-organisation-cto": 204, "forged-csrf-manager": 403 }),
      },
    ],
    "GET /api/v1/projects": [
      { url: "/api/v1/projects", expect: row(everyRole(200), { "other-organisation-cto": 200 }) },
    ],
    "GET /api/v1/projects/:project": [{ url: "/api/v1/projects/web", expect: row(everyRole(200)) }],
    "POST /api/v1/projects/:project/snapshots": [
      {
        url: "/api/v1/projects/web/snapshots",
        body: report,
        expect: row(engineerUp(201), { "token-of-project": 201, "forged-csrf-manager": 403 }),
      },
    ],
    "GET /api/v1/projects/:project/snapshots": [
      { url: "/api/v1/projects/web/snapshots", expect: row(everyRole(200)) },
    ],
    "GET /api/v1/projects/:project/trend": [
      { url: "/api/v1/projects/web/trend", expect: row(everyRole(200)) },
    ],
    "GET /api/v1/projects/:project/items": [
      { url: "/api/v1/projects/web/items?state=open&sort=interest", expect: row(everyRole(200)) },
    ],
    "GET /api/v1/items/:id": [{ url: `/api/v1/items/${itemId}`, expect: row(everyRole(200)) }],
    "PATCH /api/v1/items/:id": [
      {
        url: `/api/v1/items/${itemId}`,
        body: { owner: "ana", state: "in_progress" },
        expect: row(engineerUp(200), { "forged-csrf-manager": 403 }),
      },
      {
        variant: "a manager's state",
        url: `/api/v1/items/${itemId}`,
        body: { state: "wont_fix", note: "not worth it" },
        expect: row(
          { viewer: 403, engineer: 403, manager: 200, cto: 200, executive: 200, admin: 403 },
          { "forged-csrf-manager": 403 },
        ),
      },
    ],
    "POST /api/v1/projects/:project/plans": [
      {
        url: "/api/v1/projects/web/plans",
        body: { title: "repay the worst", items: [plans.itemId] },
        expect: row(managerUp(201), { "forged-csrf-manager": 403 }),
      },
    ],
    "GET /api/v1/projects/:project/kpis": [
      { url: "/api/v1/projects/web/kpis", expect: row(everyRole(200)) },
    ],
    "GET /api/v1/projects/:project/view": [
      { url: "/api/v1/projects/web/view", expect: row(everyRole(200)) },
    ],
    "GET /api/v1/projects/:project/plans": [
      { url: "/api/v1/projects/web/plans", expect: row(everyRole(200)) },
    ],
    "GET /api/v1/projects/:project/plan-decisions.csv": [
      { url: "/api/v1/projects/web/plan-decisions.csv", expect: row(everyRole(200)) },
    ],
    "GET /api/v1/plans": [
      { url: "/api/v1/plans", expect: row(everyRole(200), { "other-organisation-cto": 200 }) },
    ],
    "GET /api/v1/plans/:id": [
      { url: `/api/v1/plans/${plans.planId}`, expect: row(everyRole(200)) },
    ],
    // a fresh pending plan (by a manager not among the callers, under the manager's limit) for
    // every request: one approval would otherwise make every later caller's answer 409
    "POST /api/v1/plans/:id/approve": [
      {
        url: "/api/v1/plans/:id/approve",
        fresh: async () => `${await plans.pendingPlan()}/approve`,
        body: { comment: "go" },
        expect: row(managerUp(200), { "forged-csrf-manager": 403 }),
      },
    ],
    "POST /api/v1/plans/:id/reject": [
      {
        url: "/api/v1/plans/:id/reject",
        fresh: async () => `${await plans.pendingPlan()}/reject`,
        body: { comment: "not now" },
        expect: row(managerUp(200), { "forged-csrf-manager": 403 }),
      },
    ],
  };
}

describe.each(await serverBackends())("role × endpoint matrix on %s", (_, make) => {
  let server: TestServer;
  let cases: Record<string, Case[]>;
  let ownToken: string;
  let otherToken: string;
  beforeAll(async () => {
    server = await startTestServer(make);
    await addRoleUsers(server.store);
    await addUser(server.store, {
      email: "cto@other.test",
      password: PASSWORD,
      role: "cto",
      organisation: "other",
    });
    ownToken = await tokenFor(server.store, "web");
    otherToken = await tokenFor(server.store, "api");
    const report = syntheticReport(3, { repository: { commit: "m1" } } as never);
    const first = await server.app.inject({
      method: "POST",
      url: "/api/v1/projects/web/snapshots",
      headers: { authorization: `Bearer ${ownToken}` },
      payload: report,
    });
    expect(first.statusCode).toBe(201);
    const viewer = await server.login("viewer@acme.test");
    const items = await server.app.inject({
      url: "/api/v1/projects/web/items",
      headers: { cookie: viewer.cookie },
    });
    const [firstItem, second] = items.json().items as Array<{ id: string }>;
    await addUser(server.store, {
      email: "planner@acme.test",
      password: PASSWORD,
      role: "manager",
      organisation: "acme",
    });
    const planner = await server.login("planner@acme.test");
    const propose = async () => {
      const response = await server.app.inject({
        method: "POST",
        url: "/api/v1/projects/web/plans",
        headers: { cookie: planner.cookie, "x-csrf-token": planner.csrfToken },
        payload: { title: "matrix", items: [second!.id] },
      });
      expect(response.statusCode).toBe(201);
      return response.json().id as number;
    };
    const planId = await propose();
    cases = matrix(firstItem!.id, report, {
      itemId: second!.id,
      planId,
      pendingPlan: async () => `/api/v1/plans/${await propose()}`,
    });
  }, 180_000);
  afterAll(() => server?.close());

  it("has a row for every route of the table, and no row for a route that does not exist", () => {
    const routes = ROUTES.map((r) => `${r.method} ${r.url}`).sort();
    expect(Object.keys(matrix("1.x", {})).sort()).toEqual(routes);
  });

  /** Headers for one caller, with a session made fresh for each request (logout ends one). */
  async function headersOf(principal: PrincipalName): Promise<Record<string, string>> {
    const db = accessDb(server.store);
    const session = async (email: string, at = new Date()) => {
      const user = await db
        .selectFrom("users")
        .select("id")
        .where("email", "=", email)
        .executeTakeFirstOrThrow();
      return createSession(server.store, user.id, at, 60 * 60 * 1000);
    };
    switch (principal) {
      case "anonymous":
        return {};
      case "unknown-token":
        return { authorization: "Bearer dlt_not-a-token-this-server-made" };
      case "token-of-project":
        return { authorization: `Bearer ${ownToken}` };
      case "token-of-other-project":
        return { authorization: `Bearer ${otherToken}` };
      case "expired-session": {
        const s = await session("manager@acme.test", new Date(Date.now() - 2 * 60 * 60 * 1000));
        return { cookie: `${SESSION_COOKIE}=${s.id}`, "x-csrf-token": s.csrfToken };
      }
      case "forged-csrf-manager": {
        const s = await session("manager@acme.test");
        return { cookie: `${SESSION_COOKIE}=${s.id}`, "x-csrf-token": `${s.csrfToken}x` };
      }
      case "other-organisation-cto": {
        const s = await session("cto@other.test");
        return { cookie: `${SESSION_COOKIE}=${s.id}`, "x-csrf-token": s.csrfToken };
      }
      default: {
        const s = await session(`${principal}@acme.test`);
        return { cookie: `${SESSION_COOKIE}=${s.id}`, "x-csrf-token": s.csrfToken };
      }
    }
  }

  it("answers every route for every caller with the expected status: no bypass", async () => {
    const wrong: string[] = [];
    for (const route of ROUTES) {
      for (const c of cases[`${route.method} ${route.url}`]!) {
        for (const principal of PRINCIPALS) {
          const response = await server.app.inject({
            method: route.method,
            url: c.fresh ? await c.fresh() : c.url,
            headers: await headersOf(principal),
            ...(c.body === undefined ? {} : { payload: c.body as object }),
          });
          const label = `${route.method} ${c.url}${c.variant ? ` (${c.variant})` : ""} as ${principal}`;
          if (response.statusCode !== c.expect[principal])
            wrong.push(`${label}: ${response.statusCode}, expected ${c.expect[principal]}`);
          if (response.statusCode >= 400) {
            const { error } = response.json() as { error: { code: keyof typeof ERROR_CODES } };
            if (ERROR_CODES[error.code]?.status !== response.statusCode)
              wrong.push(`${label}: undocumented ${error.code} with ${response.statusCode}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
