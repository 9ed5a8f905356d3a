import type { FastifyInstance } from "fastify";
import { openStore, type Store } from "../store/index.ts";
import {
  pgliteBackend,
  postgresAvailable,
  postgresBackend,
  type TestBackend,
} from "../store/test-backends.ts";
import { addUser, createToken, ROLES, type Role } from "./access.ts";
import { buildApp, SESSION_COOKIE, type AppOptions } from "./app.ts";

export const PASSWORD = "correct horse battery staple";

/** The backends every server suite runs on: PGlite always, PostgreSQL when it answers (always in CI). */
export async function serverBackends(): Promise<Array<readonly [string, () => TestBackend]>> {
  const makers: Array<() => TestBackend> = [pgliteBackend];
  if (await postgresAvailable()) makers.push(postgresBackend);
  return makers.map((make) => [make().name, make] as const);
}

export interface LoggedIn {
  cookie: string;
  csrfToken: string;
}

export interface TestServer {
  store: Store;
  app: FastifyInstance;
  backend: TestBackend;
  login(email: string, password?: string): Promise<LoggedIn>;
  close(): Promise<void>;
}

export async function startTestServer(
  make: () => TestBackend,
  options: Partial<AppOptions> = {},
): Promise<TestServer> {
  const backend = make();
  const store = await openStore(await backend.create());
  const app = await buildApp({ store, rateLimit: 1_000_000, ...options });
  return {
    store,
    app,
    backend,
    async login(email, password = PASSWORD) {
      const response = await app.inject({
        method: "POST",
        url: "/api/v1/session",
        payload: { email, password },
      });
      if (response.statusCode !== 200) throw new Error(`login ${email}: ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)!;
      return { cookie: `${SESSION_COOKIE}=${cookie.value}`, csrfToken: response.json().csrfToken };
    },
    async close() {
      await app.close();
      await store.close();
      await backend.dispose();
    },
  };
}

/** One user per role in organisation `acme`, named `<role>@acme.test`. */
export async function addRoleUsers(store: Store, organisation = "acme"): Promise<void> {
  for (const role of ROLES)
    await addUser(store, {
      email: `${role}@${organisation}.test`,
      password: PASSWORD,
      role,
      organisation,
    });
}

export async function tokenFor(
  store: Store,
  project: string,
  organisation = "acme",
): Promise<string> {
  return (await createToken(store, project, organisation)).token;
}

export type { Role };
