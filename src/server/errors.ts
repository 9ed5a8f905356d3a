/**
 * Every error the API answers, as `{ "error": { "code", "message" } }`. The code is stable and
 * documented (docs/server.md lists this table); the status follows from the code, so a handler
 * can only answer a documented pair. A 500 is a bug: its message never carries details.
 */
export const ERROR_CODES = {
  "auth.required": { status: 401, meaning: "no session cookie or API token was sent" },
  "auth.bad-credentials": { status: 401, meaning: "the email or the password is wrong" },
  "auth.session-expired": {
    status: 401,
    meaning: "the session cookie is unknown, expired or was logged out",
  },
  "auth.bad-token": { status: 401, meaning: "the API token is unknown or revoked" },
  "auth.csrf": {
    status: 403,
    meaning: "a cookie-authenticated write without the session's x-csrf-token header",
  },
  "auth.forbidden": { status: 403, meaning: "the role (or the token's project) does not allow it" },
  "request.invalid": {
    status: 400,
    meaning: "a parameter, query or body field does not match the schema",
  },
  "request.url-too-long": { status: 414, meaning: "a path parameter is over 300 characters" },
  "body.malformed-json": { status: 400, meaning: "the body is not JSON" },
  "body.too-large": { status: 413, meaning: "the body is over the configured limit" },
  "body.unsupported-media-type": {
    status: 415,
    meaning: "the body is not application/json",
  },
  "report.invalid": {
    status: 400,
    meaning: "the uploaded body is not a debtlens.report/v2 or v1 report",
  },
  "project.not-found": {
    status: 404,
    meaning: "no such project, or not in an organisation of the user",
  },
  "item.not-found": { status: 404, meaning: "no such item, or not in a project the user can see" },
  "plan.not-found": { status: 404, meaning: "no such plan, or not in a project the user can see" },
  "plan.self-approval": { status: 403, meaning: "nobody approves or rejects a plan they created" },
  "plan.decided": { status: 409, meaning: "the plan was already approved or rejected" },
  "route.not-found": { status: 404, meaning: "no such endpoint or method" },
  "rate-limited": { status: 429, meaning: "too many requests from this address; retry later" },
  "store.unavailable": { status: 503, meaning: "the store does not answer (readiness only)" },
  "dashboard.not-built": {
    status: 503,
    meaning: "the dashboard's build (dist/ui) is missing: npm run build:ui makes it",
  },
  internal: { status: 500, meaning: "a bug: the server logged it with a request id" },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An answer other than success, thrown by handlers and turned into the error body. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.statusCode = ERROR_CODES[code].status;
  }
}

export function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } };
}
