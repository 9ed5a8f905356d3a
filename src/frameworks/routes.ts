import type { FileFrameworks } from "./bindings.ts";

/** A function that serves a request. */
export interface Route {
  framework: string;
  /** Upper-case HTTP method, or `USE` for middleware. */
  method: string;
  /** The route path as written (`/users/:id`), or the file's path for Next.js conventions. */
  path: string;
  /** The handler function's span. */
  start: number;
  end: number;
  /** Where the route is declared (the registration call or decorator). */
  at: number;
  name: string;
  /**
   * Not an HTTP path of its own: a tRPC procedure, a GraphQL operation, a server action, an
   * RPC-style Koa route (`documents.list`). Only trackers made with `{ rpc: true }` keep these.
   */
  rpc?: true;
}

/** A route whose handler is named by an identifier (`app.get("/a", list)`): resolved by `finish()`. */
export interface HandlerReference {
  name: string;
  start: number;
  end: number;
  at: number;
  framework: string;
  method: string;
  path: string;
  rpc?: true;
}

/** What a framework's recogniser gets from the tracker: the file, and where to put what it finds. */
export interface RouteSink {
  readonly file: FileFrameworks;
  add(route: Route): void;
  refer(reference: HandlerReference): void;
}

/** Is this route path a health or metrics probe (never versioned, never validated)? */
export const PROBE_PATH =
  /^\/(health|healthz|readyz|ready|livez|live|liveness|readiness|metrics|ping|status)\/?$/;

/** `app.get(`, `router.post(`, `fastify.route(`...: found by the method part, then the receiver is checked. */
const ROUTE_METHOD_CALL = /\.(?:get|post|put|patch|delete|route)\(/g;
const ROUTER_RECEIVER = /\b(?:app|router|server|fastify)$/;

/**
 * Whether the text holds `\b(app|router|server|fastify)\.(get|post|put|patch|delete|route)\(`.
 * Searching for the method part alone and looking back at the few matches is cheaper than that
 * regular expression, which V8 cannot start with a literal search.
 */
export function hasRouteCall(text: string): boolean {
  ROUTE_METHOD_CALL.lastIndex = 0;
  while (ROUTE_METHOD_CALL.test(text)) {
    const dot = text.lastIndexOf(".", ROUTE_METHOD_CALL.lastIndex - 1);
    // Eight characters: the longest receiver and the one before it, for the \b.
    if (ROUTER_RECEIVER.test(text.slice(Math.max(0, dot - 8), dot))) return true;
  }
  return false;
}

/**
 * Whether the request-path rules look at this file on its own: it imports an HTTP framework, or
 * (a Fastify plugin, a router module) calls `app.get(`-like methods. Scanned once per file.
 */
export function registersRoutes(file: FileFrameworks, text: string): boolean {
  const hinted = file as FileFrameworks & { routeHint?: boolean };
  return !!file.httpFramework || (hinted.routeHint ??= hasRouteCall(text));
}
