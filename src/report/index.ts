export { reportSchema, itemSchema, reportJsonSchema, REPORT_SCHEMA_ID, type AuditReport, type ReportItem } from "./schema.ts";
export { formatJson } from "./json.ts";
export { formatTable, type TableOptions } from "./table.ts";
