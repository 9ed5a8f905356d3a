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

export interface ProjectSummary {
  name: string;
  organisation: string;
  snapshots: number;
  latest: {
    snapshot: number;
    commit: string | null;
    date: string;
    items: number;
    principal: number;
    interest: number;
    debtRatio: number;
    rating: string;
  } | null;
  spark: { principal: number[]; interest: number[] };
}

export interface TrendPoint {
  snapshot: number;
  commit: string | null;
  date: string;
  items: number;
  principal: number;
  interest: number;
  debtRatio: number;
  rating: string;
  byCategory: Record<string, { items: number; principal: number; interest: number }>;
}

export interface RegisterItem {
  id: string;
  rule: string;
  category: string;
  path: string | null;
  message: string;
  state: string;
  owner: string | null;
  note: string | null;
  class: string | null;
  priority: number | null;
  principal: number | null;
  interest: number | null;
}

export const STATES = [
  "open",
  "planned",
  "in_progress",
  "accepted",
  "wont_fix",
  "false_positive",
  "fixed",
] as const;
