export {
  reportSchema,
  reportSchemaV1,
  itemSchema,
  reportJsonSchema,
  REPORT_SCHEMA_ID,
  REPORT_SCHEMA_V1_ID,
  type AuditReport,
  type AuditReportV1,
  type ReportItem,
  type ReportRun,
  type ReportNote,
} from "./schema.ts";
export { readReport, upgradeReportV1, ReportFormatError } from "./read.ts";
export { noteText } from "./notes.ts";
export { formatJson } from "./json.ts";
export {
  summaryOf,
  headlineItems,
  countedScopes,
  withCountedScopes,
  withScopes,
} from "./totals.ts";
export { formatTable, type TableOptions } from "./table.ts";
export { formatSarif, sarifLevel, type SarifOptions } from "./sarif.ts";
export {
  formatMarkdown,
  MARKDOWN_LIMIT,
  type MarkdownOptions,
  type ChangeSummary,
} from "./markdown.ts";
export { formatCsv, csvCell, type CsvOptions } from "./csv.ts";
export {
  formatHtml,
  loadUiBundle,
  UI_DIR,
  UiBundleMissingError,
  type HtmlOptions,
} from "./html.ts";
export { sparkline } from "./sparkline.ts";
export {
  readinessOf,
  READINESS_STEPS,
  type Readiness,
  type ReadinessStep,
  type ReadinessCheck,
} from "./readiness.ts";
export { viewModelOf, type TrendView, type ViewModel, type ViewItem } from "./view-model.ts";
export { DOCS_BASE_URL, ruleDocsUrl } from "./links.ts";
export { money, percent } from "./money.ts";
export { terminalText, markdownText, markdownCode, pathUri, isWebUrl } from "./untrusted.ts";
export { explainItem, findItem } from "./explain.ts";
export { historySection, type HistorySection } from "./history-section.ts";
