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
