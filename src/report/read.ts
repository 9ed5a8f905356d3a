import type { z } from "zod";
import { LEGACY_PRIORITY_CLASSES, type PriorityClass } from "../findings/index.ts";
import { InputError } from "../shared/index.ts";
import {
  REPORT_SCHEMA_ID,
  REPORT_SCHEMA_V1_ID,
  reportSchema,
  reportSchemaV1,
  type AuditReport,
  type AuditReportV1,
} from "./schema.ts";

/** A document that is not a report this debtlens reads; the message names the problem. */
export class ReportFormatError extends InputError {
  constructor(message: string) {
    super("report.invalid", message);
    this.name = "ReportFormatError";
  }
}

const READS = `${REPORT_SCHEMA_ID} or ${REPORT_SCHEMA_V1_ID}`;

/**
 * The one way in for a report read from JSON (a file, a stored snapshot, an upload): a v2 report is
 * validated, a v1 report is validated as v1 and upgraded to v2, anything else is refused with a
 * `ReportFormatError` naming the problem (the field and what is wrong with it).
 */
export function readReport(json: unknown): AuditReport {
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new ReportFormatError(
      `not a debtlens report: the document is ${json === null ? "null" : Array.isArray(json) ? "an array" : `a ${typeof json}`}, not a JSON object`,
    );
  const id = (json as { schema?: unknown }).schema;
  if (id === REPORT_SCHEMA_ID) return validated(reportSchema, json, REPORT_SCHEMA_ID);
  if (id === REPORT_SCHEMA_V1_ID)
    return upgradeReportV1(validated(reportSchemaV1, json, REPORT_SCHEMA_V1_ID));
  throw new ReportFormatError(
    id === undefined
      ? `not a debtlens report: it has no "schema" field (this debtlens reads ${READS})`
      : `not a report this debtlens reads: "schema" is ${JSON.stringify(id)?.slice(0, 80)} (it reads ${READS})`,
  );
}

function validated<S extends z.ZodType>(schema: S, json: unknown, id: string): z.infer<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ReportFormatError(
    `not a ${id} report (${issue?.path.join(".") || "(top)"}: ${issue?.message})`,
  );
}

/**
 * v1 -> v2: the run metadata (`generatedAt`, `durationMs`, `stats`) moves into `run`, the item
 * `status` (always `open` as the audit wrote it; the store owns the lifecycle) is dropped, and the
 * priority classes take their v2 names (critical -> fix-now, high -> next, medium -> later, low ->
 * backlog), and each note, a string in v1, becomes `{ code: "legacy", text }`.
 */
export function upgradeReportV1(v1: AuditReportV1): AuditReport {
  const { generatedAt, durationMs, stats, items, tool, root, repository } = v1;
  return {
    schema: REPORT_SCHEMA_ID,
    tool,
    root,
    ...(repository ? { repository } : {}),
    run: { generatedAt, durationMs, ...stats },
    ...unchangedOf(v1),
    notes: v1.notes.map((text) => ({ code: "legacy", text })),
    summary: { ...v1.summary, byClass: byClassV2(v1.summary.byClass) },
    items: items.map(({ status: _status, ...item }) => ({
      ...item,
      scores: { ...item.scores, class: LEGACY_PRIORITY_CLASSES[item.scores.class] },
    })),
  };
}

/** The v1 sections v2 keeps as they were (everything but the fields placed above). */
const unchangedOf = ({
  schema: _schema,
  generatedAt: _generatedAt,
  durationMs: _durationMs,
  stats: _stats,
  items: _items,
  summary: _summary,
  notes: _notes,
  tool: _tool,
  root: _root,
  repository: _repository,
  ...rest
}: AuditReportV1) => rest;

function byClassV2(v1: AuditReportV1["summary"]["byClass"]): Record<PriorityClass, number> {
  const counts = { "fix-now": 0, next: 0, later: 0, backlog: 0 };
  for (const [name, count] of Object.entries(v1))
    counts[LEGACY_PRIORITY_CLASSES[name as keyof typeof LEGACY_PRIORITY_CLASSES]] += count;
  return counts;
}
