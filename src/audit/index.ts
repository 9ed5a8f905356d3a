export { runAudit } from "./audit.ts";
export {
  AuditInputError,
  AUDIT_STAGES,
  type AuditEvent,
  type AuditOptions,
  type AuditStage,
} from "./options.ts";
export { TOOL_VERSION } from "./version.ts";
export { selectRules, activate, type RuleSelection } from "./active-rules.ts";
export { resolveCacheDir } from "./cache-location.ts";
export {
  calibrate,
  calibrationTarget,
  updatedConfigText,
  type Calibration,
  type CalibrationUpdate,
  type Figure,
  type FigureSource,
} from "./calibrate.ts";
