import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { ITEM_STATES } from "../store/index.ts";
import { createSession } from "./access.ts";
import { SESSION_COOKIE } from "./app.ts";
import { ERROR_CODES } from "./errors.ts";
import { ROUTES, type Route } from "./routes.ts";
import { accessDb } from "./tables.ts";
import {
  addRoleUsers,
  serverBackends,
  startTestServer,
  tokenFor,
  type TestServer,
} from "./test-helpers.ts";

/** What a stack trace or an internal path looks like in a response. */
const LEAK = /\bat [\w.<>]+ \(|node:internal|\.ts:\d+|\.js:\d+|Error: /;
/** In a 2xx body `file.ts:12` is the register's data (a finding's place), but a frame is still a leak. */
const FRAME = /\bat [\w.<>]+ \(|node:internal/;

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom(
    "",
    "web",
    "..",
    "1.f000000000000000",
    "999999999999.x",
    "a".repeat(400),
    "\u0000",
  ),
);
/** A path segment: encoded random text, or raw bytes a URL parser must cope with. */
const segment = fc.oneof(
  text.map(encodeURIComponent),
  fc.constantFrom("%", "%E0%A4%A", "%00", "web%2F..%2F..", "%FF%FE", "web?x=1", "1.f%00"),
);
const QUERY_KEYS = ["state", "class", "category", "rule", "path", "sort", "limit", "cursor", "x"];
const query = fc.dictionary(
  fc.constantFrom(...QUERY_KEYS),
  fc.oneof(
    text,
    fc.constantFrom("open,fixed", "critical", "priority", "-1", "1e9", "0", "50", "eyJrZXkiOjF9"),
  ),
  { maxKeys: 5 },
);

/** Bodies near a valid one (zod's shapes with one field broken) and anything at all. */
function bodyFor(route: Route): fc.Arbitrary<unknown> {
  const anything = fc.oneof(fc.anything(), fc.json());
  if (route.url.endsWith("/snapshots")) {
    const valid = syntheticReport(2) as unknown as Record<string, unknown>;
    return fc.oneof(
      anything,
      fc
        .tuple(fc.constantFrom(...Object.keys(valid)), fc.anything())
        .map(([key, value]) => ({ ...valid, [key]: value })),
    );
  }
  if (route.method === "PATCH")
    return fc.oneof(
      anything,
      fc.record(
        {
          state: fc.oneof(fc.constantFrom(...ITEM_STATES), text),
          owner: fc.oneof(text, fc.anything()),
          note: fc.oneof(text, fc.anything()),
          due: fc.oneof(fc.constantFrom("2025-02-30", "2025-06-30", "tomorrow"), text),
          extra: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    );
  if (route.url === "/api/v1/session")
    return fc.oneof(anything, fc.record({ email: fc.oneof(text, fc.anything()), password: text }));
  return anything;
}

const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  undefined,
);

describe.each(await serverBackends())("fuzzed requests on %s", (_, make) => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer(make);
    await addRoleUsers(server.store);
    token = await tokenFor(server.store, "web");
    await server.app.inject({
      method: "POST",
      url: "/api/v1/projects/web/snapshots",
      headers: { authorization: `Bearer ${token}` },
      payload: syntheticReport(5, { repository: { commit: "z1" } } as never),
    });
  }, 180_000);
  afterAll(() => server?.close());

  for (const route of ROUTES) {
    // Logging in runs scrypt on every request: fewer runs there.
    const runs = route.url === "/api/v1/session" && route.method === "POST" ? 12 : 40;
    it(`${route.method} ${route.url}: 4xx for bad input, never a 500 or a stack trace`, async () => {
      const user = await accessDb(server.store)
        .selectFrom("users")
        .select("id")
        .where("email", "=", "manager@acme.test")
        .executeTakeFirstOrThrow();
      await fc.assert(
        fc.asyncProperty(
          fc.array(segment, { minLength: 1, maxLength: 2 }),
          query,
          bodyFor(route),
          contentType,
          fc.constantFrom("manager", "token", "none"),
          fc.boolean(),
          async (segments, parameters, body, type, who, rawBody) => {
            let i = 0;
            const path = route.url.replace(/:\w+/g, () => segments[i++ % segments.length]!);
            const search = new URLSearchParams(parameters as Record<string, string>).toString();
            const headers: Record<string, string> = {};
            if (who === "manager") {
              const session = await createSession(server.store, user.id, new Date(), 60_000);
              headers.cookie = `${SESSION_COOKIE}=${session.id}`;
              headers["x-csrf-token"] = session.csrfToken;
            } else if (who === "token") headers.authorization = `Bearer ${token}`;
            if (type) headers["content-type"] = type;
            const payload =
              route.method === "GET"
                ? undefined
                : rawBody && typeof body === "string"
                  ? body
                  : JSON.stringify(body);
            const response = await server.app.inject({
              method: route.method,
              url: search ? `${path}?${search}` : path,
              headers,
              ...(payload === undefined ? {} : { payload }),
            });
            expect(response.statusCode, response.body).toBeLessThan(500);
            expect(response.body).not.toMatch(response.statusCode >= 400 ? LEAK : FRAME);
            if (response.statusCode >= 400) {
              const code = (response.json() as { error: { code: keyof typeof ERROR_CODES } }).error
                .code;
              expect(ERROR_CODES[code]?.status).toBe(response.statusCode);
            }
          },
        ),
        { numRuns: runs },
      );
    }, 300_000);
  }
});
