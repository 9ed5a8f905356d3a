import { readRepositoryJson, writeFileNoFollow } from "../shared/index.ts";
import { z } from "zod";
import type { AuditReport, ReportItem } from "../report/index.ts";

export const BASELINE_SCHEMA_ID = "debtlens.baseline/v1";

const entrySchema = z.strictObject({
  id: z.string(),
  rule: z.string(),
  path: z.string().optional(),
  symbol: z.string().optional(),
  /** What matches the item after its code moved to another file (see `moveKey`). */
  key: z.string(),
});
export const baselineFileSchema = z.strictObject({
  schema: z.literal(BASELINE_SCHEMA_ID),
  generatedAt: z.string(),
  items: z.array(entrySchema),
});
export type BaselineFile = z.infer<typeof baselineFileSchema>;

export class BaselineFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BaselineFileError";
  }
}

/**
 * Fingerprints include the path (src/findings/fingerprint.ts), so code moved to another file gets
 * a new fingerprint. What stays the same when code moves unchanged is the rule, the symbol and the
 * message with the file's own name taken out (the message carries the metric values: a function
 * whose complexity changed while it moved does not match, and counts as new).
 */
export function moveKey(item: Pick<ReportItem, "rule" | "symbol" | "message" | "path">): string {
  let message = item.message;
  if (item.path) {
    message = message.split(item.path).join("<path>");
    const base = item.path.split("/").pop();
    if (base) message = message.split(base).join("<file>");
  }
  return `${item.rule}\u0000${item.symbol ?? ""}\u0000${message}`;
}

export function baselineOf(
  report: AuditReport,
  generatedAt: string = new Date().toISOString(),
): BaselineFile {
  return {
    schema: BASELINE_SCHEMA_ID,
    generatedAt,
    items: report.items.map((i) => ({
      id: i.id,
      rule: i.rule,
      ...(i.path ? { path: i.path } : {}),
      ...(i.symbol ? { symbol: i.symbol } : {}),
      key: moveKey(i),
    })),
  };
}

export function writeBaseline(path: string, report: AuditReport): BaselineFile {
  const baseline = baselineOf(report);
  writeFileNoFollow(path, `${JSON.stringify(baseline, null, 2)}\n`);
  return baseline;
}

export function loadBaseline(path: string): BaselineFile | undefined {
  return readRepositoryJson(path, baselineFileSchema, (message) => new BaselineFileError(message));
}
