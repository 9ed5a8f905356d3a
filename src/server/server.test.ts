import { sql } from "kysely";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { resolveProject, storedReport } from "../store/index.ts";
import { addUser } from "./access.ts";
import { buildApp, SESSION_COOKIE } from "./app.ts";
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

const report = (items: number, commit: string, day: number) =>
  syntheticReport(items, {
    repository: { commit, commitDate: new Date(Date.UTC(2025, 0, day)).toISOString() },
  } as never);

describe.each(await serverBackends())("server on %s", (_, make) => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer(make);
    await addRoleUsers(server.store);
    token = await tokenFor(server.store, "web");
    await tokenFor(server.store, "api");
  }, 180_000);
  afterAll(() => server?.close());

  const upload = (project: string, body: unknown, bearer = token) =>
    server.app.inject({
      method: "POST",
      url: `/api/v1/projects/${project}/snapshots`,
      headers: { authorization: `Bearer ${bearer}` },
      payload: body as object,
    });

  it("answers health, readiness and Prometheus metrics by route", async () => {
    expect((await server.app.inject("/healthz")).json()).toEqual({ status: "ok" });
    expect((await server.app.inject("/readyz")).statusCode).toBe(200);
    // a store that lacks a migration this version needs is not ready, whichever it is
    await sql`update kysely_migration set name = '0300-plans-renamed' where name = '0300-plans'`.execute(
      server.store.db,
    );
    try {
      const notReady = await server.app.inject("/readyz");
      expect(notReady.statusCode).toBe(503);
      expect(notReady.json().error.code).toBe("store.unavailable");
    } finally {
      await sql`update kysely_migration set name = '0300-plans' where name = '0300-plans-renamed'`.execute(
        server.store.db,
      );
    }
    expect((await server.app.inject("/readyz")).statusCode).toBe(200);
    await server.app.inject("/api/v1/projects");
    const metrics = await server.app.inject("/metrics");
    expect(metrics.headers["content-type"]).toMatch(/^text\/plain/);
    expect(metrics.body).toContain(
      'debtlens_http_request_duration_seconds_count{method="GET",route="/api/v1/projects",status="401"}',
    );
  });

  it("publishes an OpenAPI 3.1 document naming every route of the table", async () => {
    const document = (await server.app.inject("/api/v1/openapi.json")).json();
    expect(document.openapi).toBe("3.1.0");
    for (const route of ROUTES) {
      const operation =
        document.paths[route.url.replace(/:(\w+)/g, "{$1}")][route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.url}`).toBeDefined();
      expect(Object.keys(operation.responses)).toContain(String(route.status));
    }
    const items = document.paths["/api/v1/projects/{project}/items"].get;
    expect(items.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["project", "state", "class", "sort", "limit", "cursor"]),
    );
  });

  it("logs in with the right password only, and stores only hashes of secrets", async () => {
    const wrong = await server.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: "viewer@acme.test", password: "not the password" },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({
      error: { code: "auth.bad-credentials", message: "the email or the password is wrong" },
    });
    const unknown = await server.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: "nobody@acme.test", password: PASSWORD },
    });
    expect(unknown.json().error.code).toBe("auth.bad-credentials");
    const right = await server.app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { email: "Viewer@ACME.test", password: PASSWORD },
    });
    expect(right.statusCode).toBe(200);
    expect(right.json().user).toEqual({ email: "viewer@acme.test", roles: { acme: "viewer" } });
    const setCookie = String(right.headers["set-cookie"]);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const value = right.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const db = accessDb(server.store);
    const sessions = await db.selectFrom("sessions").select("id_hash").execute();
    expect(sessions.map((s) => s.id_hash)).not.toContain(value);
    const users = await db.selectFrom("users").select("password_hash").execute();
    for (const u of users) {
      expect(u.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(u.password_hash).not.toContain(PASSWORD);
    }
    const tokens = await db.selectFrom("api_tokens").select("token_hash").execute();
    expect(tokens.map((t) => t.token_hash)).not.toContain(token);
  });

  it("marks the cookie Secure behind an https load balancer", async () => {
    // A second instance on the same store: the server keeps no state of its own.
    const proxied = await buildApp({ store: server.store, trustProxy: true });
    try {
      const response = await proxied.inject({
        method: "POST",
        url: "/api/v1/session",
        headers: { "x-forwarded-proto": "https" },
        payload: { email: "viewer@acme.test", password: PASSWORD },
      });
      expect(String(response.headers["set-cookie"])).toMatch(/Secure/);
      const cookie = `${SESSION_COOKIE}=${response.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;
      const elsewhere = await server.app.inject({ url: "/api/v1/projects", headers: { cookie } });
      expect(elsewhere.statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it("stores an upload through the project's token, once per commit, and the trend gains a point", async () => {
    const first = await upload("web", report(120, "c1", 1));
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ created: true, newItems: 120 });
    const again = await upload("web", report(120, "c1", 1));
    expect(again.json()).toMatchObject({ created: false, snapshot: first.json().snapshot });
    const second = await upload("web", report(100, "c2", 2));
    expect(second.json()).toMatchObject({ created: true, fixedItems: 20 });
    const viewer = await server.login("viewer@acme.test");
    const trend = await server.app.inject({
      url: "/api/v1/projects/web/trend",
      headers: { cookie: viewer.cookie },
    });
    expect(trend.json().points.map((p: { items: number }) => p.items)).toEqual([120, 100]);
    const projects = await server.app.inject({
      url: "/api/v1/projects",
      headers: { cookie: viewer.cookie },
    });
    const web = projects.json().projects.find((p: { name: string }) => p.name === "web");
    expect(web).toMatchObject({ organisation: "acme", snapshots: 2, latest: { items: 100 } });
    expect(web.spark.principal).toHaveLength(2);
    const metrics = (await server.app.inject("/metrics")).body;
    expect(metrics).toContain('debtlens_uploads_total{result="created"} 2');
    expect(metrics).toContain('debtlens_uploads_total{result="duplicate"} 1');
    expect(metrics).toContain(
      'debtlens_store_operation_duration_seconds_count{operation="save"} 3',
    );
  });

  it("accepts a debtlens.report/v1 upload and stores it upgraded to v2", async () => {
    const v1 = JSON.parse(
      readFileSync(join(import.meta.dirname, "../report/testdata/report-v1.json"), "utf8"),
    ) as { items: { id: string }[] };
    const legacyToken = await tokenFor(server.store, "legacy");
    const legacy = await upload("legacy", v1, legacyToken);
    expect(legacy.statusCode).toBe(201);
    expect(legacy.json()).toMatchObject({ created: true, newItems: v1.items.length });
    const stored = await storedReport(
      server.store,
      (await resolveProject(server.store, "legacy")).id,
      legacy.json().snapshot,
    );
    expect(stored?.report.schema).toBe("debtlens.report/v2");
    expect(stored?.report.items.map((i) => i.id)).toEqual(v1.items.map((i) => i.id));
    const v3 = await upload("legacy", { ...v1, schema: "debtlens.report/v3" }, legacyToken);
    expect(v3.statusCode).toBe(400);
    expect(v3.json().error.message).toMatch(/"schema" is "debtlens\.report\/v3"/);
  });

  it("refuses a token of another project, a bad report, malformed JSON and an oversized body", async () => {
    const other = await upload("api", report(1, "x1", 1));
    expect(other.statusCode).toBe(403);
    const wrongProject = await upload(
      "web",
      report(1, "x1", 1),
      await tokenFor(server.store, "api"),
    );
    expect(wrongProject.json().error.code).toBe("auth.forbidden");
    const bad = await upload("web", { schema: "debtlens.report/v1", items: "no" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("report.invalid");
    const malformed = await server.app.inject({
      method: "POST",
      url: "/api/v1/projects/web/snapshots",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      payload: '{"schema": ',
    });
    expect(malformed.json()).toEqual({
      error: { code: "body.malformed-json", message: "the body is not valid JSON" },
    });
    const small = await buildApp({ store: server.store, bodyLimit: 1000 });
    try {
      const large = await small.inject({
        method: "POST",
        url: "/api/v1/projects/web/snapshots",
        headers: { authorization: `Bearer ${token}` },
        payload: report(20, "c1", 1),
      });
      expect(large.statusCode).toBe(413);
      expect(large.json().error.code).toBe("body.too-large");
    } finally {
      await small.close();
    }
  });

  it("pages through the register with a cursor, in order, without gaps or repeats", async () => {
    const viewer = await server.login("viewer@acme.test");
    const seen: string[] = [];
    const priorities: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response: { statusCode: number; json(): unknown } = await server.app.inject({
        url: `/api/v1/projects/web/items?limit=7${cursor ? `&cursor=${cursor}` : ""}`,
        headers: { cookie: viewer.cookie },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json() as {
        items: Array<{ fingerprint: string; priority: number | null }>;
        next: string | null;
      };
      seen.push(...body.items.map((i) => i.fingerprint));
      priorities.push(...body.items.map((i) => i.priority ?? -1));
      cursor = body.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(120 / 7));
    expect(new Set(seen).size).toBe(120);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    const fixed = await server.app.inject({
      url: "/api/v1/projects/web/items?state=fixed&limit=500",
      headers: { cookie: viewer.cookie },
    });
    expect(fixed.json().items).toHaveLength(20);
    const folder = await server.app.inject({
      url: "/api/v1/projects/web/items?path=src/module-3&limit=500&sort=path",
      headers: { cookie: viewer.cookie },
    });
    const paths = folder.json().items.map((i: { path: string }) => i.path);
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(p.startsWith("src/module-3/")).toBe(true);
    const glob = await server.app.inject({
      url: "/api/v1/projects/web/items?path=src/module-3*/*&limit=500",
      headers: { cookie: viewer.cookie },
    });
    expect(glob.json().items.length).toBeGreaterThan(paths.length);
    const forged = await server.app.inject({
      url: "/api/v1/projects/web/items?cursor=bm90LWEtY3Vyc29y",
      headers: { cookie: viewer.cookie },
    });
    expect(forged.json().error.code).toBe("request.invalid");
  });

  it("triages an item: engineers move work, managers accept, and every change is logged", async () => {
    const engineer = await server.login("engineer@acme.test");
    const manager = await server.login("manager@acme.test");
    const page = await server.app.inject({
      url: "/api/v1/projects/web/items?state=open&limit=1",
      headers: { cookie: engineer.cookie },
    });
    const id = page.json().items[0].id as string;
    const patch = (who: typeof engineer, body: object, csrf = who.csrfToken) =>
      server.app.inject({
        method: "PATCH",
        url: `/api/v1/items/${id}`,
        headers: { cookie: who.cookie, "x-csrf-token": csrf },
        payload: body,
      });
    expect(
      (await patch(engineer, { state: "in_progress", owner: "ana" }, "forged")).json().error.code,
    ).toBe("auth.csrf");
    const started = await patch(engineer, { state: "in_progress", owner: "ana", note: "sprint 4" });
    expect(started.statusCode).toBe(200);
    expect(started.json().item).toMatchObject({ state: "in_progress", owner: "ana" });
    const refused = await patch(engineer, { state: "accepted" });
    expect(refused.statusCode).toBe(403);
    expect((await patch(manager, { state: "accepted", note: "risk taken" })).statusCode).toBe(200);
    const history = await server.app.inject({
      url: `/api/v1/items/${id}`,
      headers: { cookie: engineer.cookie },
    });
    expect(
      history.json().stateChanges.map((s: { to: string; by: string }) => [s.to, s.by]),
    ).toEqual([
      ["in_progress", "engineer@acme.test"],
      ["accepted", "manager@acme.test"],
    ]);
    expect(history.json().observations).toHaveLength(2);
    // explain reads the latest stored report: only when asked for
    expect(history.json()).not.toHaveProperty("explain");
    const explained = await server.app.inject({
      url: `/api/v1/items/${id}?explain=true`,
      headers: { cookie: engineer.cookie },
    });
    expect(explained.json().explain).toMatch(/principal/i);
    expect((await patch(engineer, { state: "done" })).json().error.code).toBe("request.invalid");
    expect((await patch(engineer, {})).statusCode).toBe(400);
  });

  it("hides other organisations' projects, ends sessions at logout and at expiry", async () => {
    await addUser(server.store, {
      email: "cto@other.test",
      password: PASSWORD,
      role: "cto",
      organisation: "other",
    });
    const outsider = await server.login("cto@other.test");
    const hidden = await server.app.inject({
      url: "/api/v1/projects/web",
      headers: { cookie: outsider.cookie },
    });
    expect(hidden.statusCode).toBe(404);
    const listed = await server.app.inject({
      url: "/api/v1/projects",
      headers: { cookie: outsider.cookie },
    });
    expect(listed.json().projects).toEqual([]);
    const logout = await server.app.inject({
      method: "DELETE",
      url: "/api/v1/session",
      headers: { cookie: outsider.cookie, "x-csrf-token": outsider.csrfToken },
    });
    expect(logout.statusCode).toBe(204);
    const after = await server.app.inject({
      url: "/api/v1/projects",
      headers: { cookie: outsider.cookie },
    });
    expect(after.json().error.code).toBe("auth.session-expired");

    let clock = new Date();
    const later = await buildApp({ store: server.store, sessionTtlMs: 1000, now: () => clock });
    try {
      const login = await later.inject({
        method: "POST",
        url: "/api/v1/session",
        payload: { email: "viewer@acme.test", password: PASSWORD },
      });
      const session = {
        cookie: `${SESSION_COOKIE}=${login.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`,
      };
      const ok = await later.inject({
        url: "/api/v1/projects",
        headers: { cookie: session.cookie },
      });
      expect(ok.statusCode).toBe(200);
      clock = new Date(clock.getTime() + 2000);
      const expired = await later.inject({
        url: "/api/v1/projects",
        headers: { cookie: session.cookie },
      });
      expect(expired.statusCode).toBe(401);
    } finally {
      await later.close();
    }
  });

  it("refuses text PostgreSQL cannot store (NUL) with a 400 instead of failing in the store", async () => {
    const engineer = await server.login("engineer@acme.test");
    const page = await server.app.inject({
      url: "/api/v1/projects/web/items?limit=1",
      headers: { cookie: engineer.cookie },
    });
    const patched = await server.app.inject({
      method: "PATCH",
      url: `/api/v1/items/${page.json().items[0].id}`,
      headers: { cookie: engineer.cookie, "x-csrf-token": engineer.csrfToken },
      payload: { owner: "a\u0000b" },
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().error).toEqual({
      code: "request.invalid",
      message: "body: text may not contain the NUL character",
    });
    const searched = await server.app.inject({
      url: "/api/v1/projects/web/items?rule=a%00b",
      headers: { cookie: engineer.cookie },
    });
    expect(searched.statusCode).toBe(400);
  });

  it("answers unknown routes and ids with documented 404 codes", async () => {
    const viewer = await server.login("viewer@acme.test");
    const codes = Object.keys(ERROR_CODES);
    for (const url of [
      "/api/v1/nothing",
      "/api/v1/items/1.ffff00",
      "/api/v1/items/x",
      "/api/v1/projects/none",
    ]) {
      const response = await server.app.inject({ url, headers: { cookie: viewer.cookie } });
      expect(response.statusCode, url).toBe(404);
      expect(codes).toContain(response.json().error.code);
    }
  });
});
