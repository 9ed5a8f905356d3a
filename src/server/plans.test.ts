import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { addUser, roleAllows, ROLES, type Role } from "./access.ts";
import { approverFor, DEFAULT_APPROVAL_LIMITS, setApprovalLimits } from "./plans.ts";
import {
  addRoleUsers,
  PASSWORD,
  serverBackends,
  startTestServer,
  tokenFor,
  type LoggedIn,
  type TestServer,
} from "./test-helpers.ts";

describe("who approves a plan", () => {
  it("routes by investment: below 50,000 a manager, up to 200,000 the CTO, above an executive", () => {
    const route = (x: number) => approverFor(x, DEFAULT_APPROVAL_LIMITS);
    expect([49_999.99, 50_000, 200_000, 200_000.01].map(route)).toEqual([
      "manager",
      "cto",
      "cto",
      "executive",
    ]);
  });
});

describe.each(await serverBackends())("plans and approvals on %s", (_, make) => {
  let server: TestServer;
  let planner: LoggedIn;
  let itemId: string;
  const sessions = new Map<string, LoggedIn>();
  beforeAll(async () => {
    server = await startTestServer(make);
    await addRoleUsers(server.store);
    await addUser(server.store, {
      email: "planner@acme.test",
      password: PASSWORD,
      role: "manager",
      organisation: "acme",
    });
    const token = await tokenFor(server.store, "web");
    const upload = await server.app.inject({
      method: "POST",
      url: "/api/v1/projects/web/snapshots",
      headers: { authorization: `Bearer ${token}` },
      payload: syntheticReport(3, { repository: { commit: "p1" } } as never),
    });
    expect(upload.statusCode).toBe(201);
    planner = await server.login("planner@acme.test");
    for (const role of ROLES) sessions.set(role, await server.login(`${role}@acme.test`));
    const items = await server.app.inject({
      url: "/api/v1/projects/web/items",
      headers: { cookie: planner.cookie },
    });
    itemId = items.json().items[0].id;
  }, 180_000);
  afterAll(() => server?.close());

  const call = (who: LoggedIn, method: "GET" | "POST", url: string, payload?: object) =>
    server.app.inject({
      method,
      url,
      headers: { cookie: who.cookie, "x-csrf-token": who.csrfToken },
      ...(payload ? { payload } : {}),
    });

  /** A pending plan of the one item, its principal set to `investment` first. */
  async function propose(
    investment: number,
    by = planner,
  ): Promise<{ id: number; approverRole: string }> {
    await sql`update items set principal = ${investment}`.execute(server.store.db);
    const response = await call(by, "POST", "/api/v1/projects/web/plans", {
      title: `plan at ${investment}`,
      items: [itemId],
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  it("every limit against every role: the approver role and above decide, nobody else", async () => {
    const wrong: string[] = [];
    const expected = {
      49_999.99: "manager",
      50_000: "cto",
      200_000: "cto",
      200_000.01: "executive",
    };
    for (const [investment, approver] of Object.entries(expected)) {
      for (const role of ROLES) {
        const plan = await propose(Number(investment));
        if (plan.approverRole !== approver)
          wrong.push(`${investment}: routed to ${plan.approverRole}`);
        const answer = await call(sessions.get(role)!, "POST", `/api/v1/plans/${plan.id}/approve`, {
          comment: "ok",
        });
        const allowed = role !== "admin" && roleAllows(role as Role, approver as "manager");
        const status = allowed ? 200 : 403;
        if (answer.statusCode !== status)
          wrong.push(`${investment} as ${role}: ${answer.statusCode}, expected ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("refuses self-approval at any rank, and a second decision", async () => {
    const own = await propose(10_000);
    const self = await call(planner, "POST", `/api/v1/plans/${own.id}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe("plan.self-approval");
    const cto = sessions.get("cto")!;
    const ctoOwn = await propose(60_000, cto);
    const ctoSelf = await call(cto, "POST", `/api/v1/plans/${ctoOwn.id}/reject`, { comment: "" });
    expect(ctoSelf.json().error.code).toBe("plan.self-approval");
    expect(
      (await call(cto, "POST", `/api/v1/plans/${own.id}/reject`, { comment: "later" })).statusCode,
    ).toBe(200);
    const again = await call(cto, "POST", `/api/v1/plans/${own.id}/approve`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("plan.decided");
  });

  it("an approved plan's open items become planned, with the decision in their history and the log", async () => {
    await sql`update items set state = 'open'`.execute(server.store.db);
    const plan = await propose(120_000);
    const cto = sessions.get("cto")!;
    // the CTO sees it waiting; the manager, below its approver role, does not
    const waiting = await call(cto, "GET", "/api/v1/plans");
    expect(waiting.json().plans.map((p: { id: number }) => p.id)).toContain(plan.id);
    const managerSees = await call(sessions.get("manager")!, "GET", "/api/v1/plans");
    expect(managerSees.json().plans.map((p: { id: number }) => p.id)).not.toContain(plan.id);
    expect(
      (await call(cto, "POST", `/api/v1/plans/${plan.id}/approve`, { comment: "fund it" }))
        .statusCode,
    ).toBe(200);
    const item = await call(cto, "GET", `/api/v1/items/${itemId}`);
    expect(item.json().item.state).toBe("planned");
    expect(item.json().stateChanges.at(-1)).toMatchObject({ to: "planned", by: "cto@acme.test" });
    const csv = await call(cto, "GET", "/api/v1/projects/web/plan-decisions.csv");
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.body.trim().split("\r\n");
    expect(lines[0]).toBe("plan,at,by,decision,comment");
    expect(
      lines.filter((l) => l.startsWith(`${plan.id},`)).map((l) => l.split(",").slice(2)),
    ).toEqual([
      ["planner@acme.test", "submitted", ""],
      ["cto@acme.test", "approved", "fund it"],
    ]);
  });

  it("an organisation's own limits replace the defaults", async () => {
    await setApprovalLimits(server.store, "acme", { manager: 100_000, cto: 500_000 });
    try {
      expect((await propose(60_000)).approverRole).toBe("manager");
      expect((await propose(600_000)).approverRole).toBe("executive");
    } finally {
      await setApprovalLimits(server.store, "acme", DEFAULT_APPROVAL_LIMITS);
    }
  });

  it("refuses items that are not the project's, or already closed", async () => {
    const unknown = await call(planner, "POST", "/api/v1/projects/web/plans", {
      title: "x",
      items: ["nothing-like-it"],
    });
    expect(unknown.statusCode).toBe(404);
    await sql`update items set state = 'wont_fix'`.execute(server.store.db);
    const closed = await call(planner, "POST", "/api/v1/projects/web/plans", {
      title: "x",
      items: [itemId],
    });
    expect(closed.statusCode).toBe(400);
    await sql`update items set state = 'open'`.execute(server.store.db);
  });
});
