/**
 * debtlens as a library: what the CLI, the server and the planner build on, and what a user's
 * own tooling may call. The CLI is a thin consumer of exactly these functions.
 *
 *   import { runAudit, loadConfig, ruleCatalogue, formatTable } from "debtlens";
 *   const { config } = loadConfig(root, undefined, ruleCatalogue);
 *   const report = await runAudit({ root, config });
 */
export {
  runAudit,
  AUDIT_STAGES,
  AuditInputError,
  TOOL_VERSION,
  resolveCacheDir,
  type AuditEvent,
  type AuditOptions,
  type AuditStage,
} from "./audit/index.ts";
export {
  configSchema,
  loadConfig,
  validateConfig,
  ConfigError,
  type Config,
  type ConfigInput,
} from "./config/index.ts";
export {
  REPORT_SCHEMA_ID,
  REPORT_SCHEMA_V1_ID,
  reportSchema,
  reportSchemaV1,
  reportJsonSchema,
  readReport,
  ReportFormatError,
  type AuditReportV1,
  formatCsv,
  formatHtml,
  formatJson,
  formatMarkdown,
  formatSarif,
  formatTable,
  explainItem,
  findItem,
  type AuditReport,
  type ReportItem,
} from "./report/index.ts";
export { compareReports, judge, runGate, type Comparison, type GateResult } from "./gate/index.ts";
export {
  applyTriage,
  loadTriage,
  triageFileSchema,
  TRIAGE_SCHEMA_ID,
  type TriageFile,
} from "./triage/index.ts";
export { RULES, ruleCatalogue } from "./rules/index.ts";
export { InputError } from "./shared/index.ts";
