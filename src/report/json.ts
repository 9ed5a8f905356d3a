import type { AuditReport } from "./schema.ts";

export function formatJson(report: AuditReport): string {
  // Compact: reports of large codebases run to megabytes, and machines read them.
  return `${JSON.stringify(report)}\n`;
}
