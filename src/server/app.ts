import { registerDashboard } from "./dashboard.ts";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import { sql } from "kysely";
import type { z } from "zod";
import { InputError } from "../shared/index.ts";
import { readReport, ReportFormatError } from "../report/index.ts";
import { MIGRATIONS, type Store } from "../store/index.ts";
import { findSession, findToken, sameSecret } from "./access.ts";
import { ApiError, ERROR_CODES, errorBody, type ErrorCode } from "./errors.ts";
import { createMetrics } from "./metrics.ts";
import { openApiDocument } from "./openapi.ts";
import { authorise, ROUTES, type Principal, type Route } from "./routes.ts";

export interface AppOptions {
  store: Store;
  /** pino options or false (tests); the CLI logs JSON to standard output. */
  logger?: boolean | object;
  /** Largest request body in bytes (default 50 MB: a large repository's report). */
  bodyLimit?: number;
  /** Requests per minute per client address (default 1,200). */
  rateLimit?: number;
  sessionTtlMs?: number;
  /** Behind a load balancer: trust X-Forwarded-* (client address, https for Secure cookies). */
  trustProxy?: boolean;
  now?: () => Date;
}

export const SESSION_COOKIE = "debtlens_session";
const DEFAULT_BODY_LIMIT = 50 * 1024 * 1024;
const DEFAULT_SESSION_TTL = 12 * 60 * 60 * 1000;

/** Store error codes that mean "not found" rather than a bad request. */
const STORE_NOT_FOUND: Record<string, ErrorCode> = {
  "store.no-item": "item.not-found",
  "store.no-project": "project.not-found",
};

/**
 * The server without a socket (Fastify's model): tests drive it with `app.inject()`, `serve`
 * adds `listen` and the shutdown. Everything it knows lives in the store, so several instances
 * can share one PostgreSQL behind a load balancer.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const sessionTtlMs = options.sessionTtlMs ?? DEFAULT_SESSION_TTL;
  const metrics = createMetrics();
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
    // Requests already being served finish on close; new ones on kept-alive sockets get 503.
    return503OnClosing: true,
    routerOptions: { maxParamLength: 300 },
    // Errors the router raises before any route runs: the same error shape as the rest.
    frameworkErrors: (error, _request, reply) => {
      const tooLong = error.code === "FST_ERR_MAX_PARAM_LENGTH";
      void (reply as FastifyReply)
        .status(tooLong ? 414 : 400)
        .send(
          tooLong
            ? errorBody("request.url-too-long", "a path parameter is over 300 characters")
            : errorBody("request.invalid", "the URL cannot be decoded"),
        );
    },
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const answer = toApiError(error);
    if (answer.statusCode >= 500) request.log.error({ err: error }, "request failed");
    if (request.routeOptions.url?.endsWith("/snapshots") && request.method === "POST")
      metrics.uploads.inc({ result: "failed" });
    void reply.status(answer.statusCode).send(errorBody(answer.code, answer.message));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send(
        errorBody(
          "route.not-found",
          `${request.method} ${request.url.split("?")[0]}: no such endpoint`,
        ),
      );
  });

  await app.register(helmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], connectSrc: ["'self'"] } },
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    max: options.rateLimit ?? 1200,
    timeWindow: "1 minute",
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: "rate-limited",
      message: `more than ${context.max} requests a minute from this address; retry in ${context.after}`,
    }),
  });

  app.addHook("onResponse", async (request, reply) => {
    metrics.requestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? "unmatched",
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    try {
      // every migration this version knows, not only the access tables: a half-migrated store
      // behind a load balancer would answer some routes and fail others
      const names = Object.keys(MIGRATIONS);
      const { rows } = await sql<{ applied: number }>`
        select count(*)::int as applied from kysely_migration
        where name in (${sql.join(names)})`.execute(store.db);
      if (rows[0]?.applied !== names.length) throw new Error("migrations not applied");
      return { status: "ready" };
    } catch {
      return reply
        .status(503)
        .send(errorBody("store.unavailable", "the store does not answer or is not migrated"));
    }
  });
  app.get("/metrics", async (_request, reply) => {
    void reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  registerDashboard(app);
  const document = openApiDocument(ROUTES);
  app.get("/api/v1/openapi.json", async () => document);

  const timed = <T>(operation: string, work: () => Promise<T>): Promise<T> => {
    const end = metrics.storeDuration.startTimer({ operation });
    return work().finally(() => end());
  };

  for (const route of ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      // Credentials are checked before the body is read: an anonymous 50 MB upload is refused unread.
      onRequest: async (request) => {
        (request as FastifyRequest & { principal?: Principal }).principal = await authenticate(
          request,
          route,
        );
      },
      handler: async (request, reply) => {
        const principal = (request as FastifyRequest & { principal?: Principal }).principal!;
        // PostgreSQL's text cannot hold U+0000: refused here, or the store would fail with a 500.
        refuseNul(request.params, "params");
        refuseNul(request.query, "query");
        refuseNul(request.body, "body");
        const params = validate(route.params, request.params ?? {}, "params") as Record<
          string,
          string
        >;
        const granted = await authorise(route, principal, params, store);
        const query = validate(route.query, request.query ?? {}, "query");
        const body = route.body === undefined ? undefined : validateBody(route, request.body);
        const result = await route.handler({
          store,
          principal,
          params,
          query,
          body,
          ...granted,
          now: now(),
          sessionTtlMs,
          setCookie(value, expires) {
            void reply.setCookie(SESSION_COOKIE, value, {
              httpOnly: true,
              sameSite: "lax",
              secure: request.protocol === "https",
              path: "/",
              expires,
            });
          },
          clearCookie() {
            void reply.clearCookie(SESSION_COOKIE, { path: "/" });
          },
          recordUpload(result) {
            metrics.uploads.inc({ result });
          },
          timed,
        });
        void reply.status(route.status);
        if (route.contentType) void reply.type(route.contentType);
        return route.status === 204 ? reply.send() : result;
      },
    });
  }

  /** Who is calling: a Bearer token wins over a cookie; a cookie write needs its CSRF header. */
  async function authenticate(request: FastifyRequest, route: Route): Promise<Principal> {
    if (route.access.kind === "public") return { kind: "none" };
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer ([\w-]{1,200})$/.exec(authorization);
      const projectId = match ? await findToken(store, match[1]!) : undefined;
      if (projectId === undefined)
        throw new ApiError("auth.bad-token", "the API token is unknown or revoked");
      return { kind: "token", projectId };
    }
    const cookieValue = request.cookies[SESSION_COOKIE];
    if (cookieValue === undefined)
      throw new ApiError("auth.required", "log in or send an API token");
    const session = await findSession(store, cookieValue, now());
    if (!session) throw new ApiError("auth.session-expired", "the session expired: log in again");
    if (request.method !== "GET") {
      const sent = request.headers["x-csrf-token"];
      if (typeof sent !== "string" || !sameSecret(sent, session.csrfToken))
        throw new ApiError(
          "auth.csrf",
          "a write with the session cookie needs the session's x-csrf-token header",
        );
    }
    return { kind: "session", ...session };
  }

  return app;
}

/** Walks a parsed value (depth-first, no recursion limit) for a string holding U+0000. */
function refuseNul(value: unknown, where: string): void {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === "string") {
      if (next.includes("\u0000"))
        throw new ApiError("request.invalid", `${where}: text may not contain the NUL character`);
    } else if (typeof next === "object" && next !== null) {
      for (const [key, child] of Object.entries(next)) {
        pending.push(key, child);
      }
    }
  }
}

function validate(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return value;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = [where, ...issue.path.map(String)].join(".");
  throw new ApiError("request.invalid", `${path}: ${issue.message}`);
}

function validateBody(route: Route, body: unknown): unknown {
  // An uploaded report is read as every report is: v2 as it is, v1 upgraded, anything else named.
  if (route.url.endsWith("/snapshots")) {
    try {
      return readReport(body);
    } catch (error) {
      if (error instanceof ReportFormatError)
        throw new ApiError("report.invalid", `body: ${error.message}`);
      throw error;
    }
  }
  return validate(route.body, body, "body");
}

/** Anything thrown becomes a documented code; only an unknown error is a 500 (and is logged). */
function toApiError(error: Error & { statusCode?: number; code?: string }): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof InputError) {
    const notFound = STORE_NOT_FOUND[error.code];
    return notFound
      ? new ApiError(notFound, error.message)
      : new ApiError("request.invalid", error.message);
  }
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new ApiError("body.too-large", "the body is over the server's limit");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new ApiError("body.unsupported-media-type", "send the body as application/json");
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new ApiError("body.malformed-json", "the body is not valid JSON");
    case "rate-limited":
      return new ApiError("rate-limited", error.message);
  }
  if (error instanceof SyntaxError && error.statusCode === 400)
    return new ApiError("body.malformed-json", "the body is not valid JSON");
  const status = error.statusCode;
  if (status === 413) return new ApiError("body.too-large", "the body is over the server's limit");
  if (status === 415)
    return new ApiError("body.unsupported-media-type", "send the body as application/json");
  if (status !== undefined && status >= 400 && status < 500)
    return new ApiError("request.invalid", "the request cannot be read");
  return new ApiError("internal", "internal error; the server logged it");
}

export { ERROR_CODES };
