export { buildApp, SESSION_COOKIE, type AppOptions } from "./app.ts";
export { startServer, type RunningServer, type ServeOptions } from "./serve.ts";
export { addUser, createToken, ROLES, type Role } from "./access.ts";
export { ERROR_CODES, type ErrorCode } from "./errors.ts";
export { ROUTES } from "./routes.ts";
export {
  approverFor,
  setApprovalLimits,
  DEFAULT_APPROVAL_LIMITS,
  type ApprovalLimits,
} from "./plans.ts";
