export { runAudit, AuditInputError, type AuditOptions } from "./audit.ts";
export { TOOL_VERSION } from "./version.ts";
export { selectRules, activate, type RuleSelection } from "./active-rules.ts";
export { resolveCacheDir } from "./cache-location.ts";
export { temporaryFolder } from "../shared/index.ts";
