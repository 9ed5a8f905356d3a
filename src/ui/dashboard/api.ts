/**
 * The dashboard's only way to the server: same-origin JSON requests with the session cookie, and
 * the CSRF token the session gave on every write. Errors arrive as the API's `{ error }` body.
 */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;

export function rememberCsrf(token: string | undefined): void {
  csrfToken = token;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: "same-origin",
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (response.status === 204) return undefined as T;
  const json = (await response.json().catch(() => ({}))) as {
    error?: { code: string; message: string };
  };
  if (!response.ok)
    throw new ApiFailure(
      response.status,
      json.error?.code ?? "unknown",
      json.error?.message ?? response.statusText,
    );
  return json as T;
}

export interface User {
  email: string;
  roles: Record<string, string>;
}

// The API's answers, typed by the server's own types (erased from the bundle): the page and the
// server cannot drift apart.
export type { ProjectSummary } from "../../server/queries.ts";
export type { ItemPageRow as RegisterItem } from "../../server/queries.ts";
export type { TrendPoint } from "../../store/index.ts";

export const STATES = [
  "open",
  "planned",
  "in_progress",
  "accepted",
  "wont_fix",
  "false_positive",
  "fixed",
] as const;
