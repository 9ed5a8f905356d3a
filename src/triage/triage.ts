import { InputError, note, readRepositoryJson } from "../shared/index.ts";
import { z } from "zod";
import {
  summaryOf as reportSummaryOf,
  type AuditReport,
  type ReportItem,
} from "../report/index.ts";

export const TRIAGE_SCHEMA_ID = "debtlens.triage/v1";

const decisionSchema = z.strictObject({
  /** The item's fingerprint, as every report format shows it. */
  id: z.string().min(1),
  status: z.enum(["false_positive", "wont_fix", "accepted"]),
  reason: z.string().min(1),
  by: z.string().min(1),
  /** For `accepted`: the decision lapses after this day (YYYY-MM-DD) and the item counts again. */
  until: z.iso.date().optional(),
  /** For people reading the file; not used to match. */
  rule: z.string().optional(),
  path: z.string().optional(),
});

export const triageFileSchema = z.strictObject({
  schema: z.literal(TRIAGE_SCHEMA_ID),
  decisions: z.array(decisionSchema),
});
export type TriageFile = z.infer<typeof triageFileSchema>;
export type TriageDecision = z.infer<typeof decisionSchema>;

export class TriageFileError extends InputError {
  constructor(message: string) {
    super("triage-file", message);
    this.name = "TriageFileError";
  }
}

/** Reads a triage file; undefined when there is none. A malformed file is an input error naming the key. */
export function loadTriage(path: string): TriageFile | undefined {
  return readRepositoryJson(path, triageFileSchema, (message) => new TriageFileError(message));
}

/** Totals of a list of items over the report's counted scopes, by the register's one `summarise`. */
export function summaryOf(
  report: AuditReport,
  items: readonly ReportItem[],
): AuditReport["summary"] {
  return reportSummaryOf(report, items);
}

/**
 * Applies committed decisions: a triaged item leaves `items` and every total (so every format
 * leaves it out), and is listed in `triage.items` instead. An `accepted` decision whose `until`
 * has passed no longer applies: the item stays and the decision is listed as expired. A decision
 * whose id matches no item is stale (the code was fixed or moved): it is listed so that the file
 * can be cleaned up.
 */
export function applyTriage(
  report: AuditReport,
  triage: TriageFile,
  file: string,
  today: string = new Date().toISOString().slice(0, 10),
): AuditReport {
  const byId = new Map(report.items.map((i) => [i.id, i]));
  const active = new Map<string, TriageDecision>();
  const expired: Array<{ id: string; until: string }> = [];
  const stale: Array<{ id: string; reason: string }> = [];
  for (const decision of triage.decisions) {
    if (!byId.has(decision.id)) {
      stale.push({
        id: decision.id,
        reason: `no item has this fingerprint any more${decision.rule ? ` (${decision.rule}${decision.path ? ` in ${decision.path}` : ""})` : ""}`,
      });
    } else if (decision.until && decision.until < today) {
      expired.push({ id: decision.id, until: decision.until });
    } else {
      active.set(decision.id, decision);
    }
  }
  const kept = report.items.filter((i) => !active.has(i.id));
  const items = report.items
    .filter((i) => active.has(i.id))
    .map((i) => {
      const d = active.get(i.id)!;
      return {
        id: i.id,
        rule: i.rule,
        ...(i.path ? { path: i.path } : {}),
        status: d.status,
        reason: d.reason,
        by: d.by,
        ...(d.until ? { until: d.until } : {}),
      };
    });
  const notes = [...report.notes];
  if (items.length)
    notes.push(
      note(
        "triage.excluded",
        `${items.length} triaged item(s) from ${file} are left out of the totals.`,
        { items: items.length, file },
      ),
    );
  if (expired.length)
    notes.push(
      note(
        "triage.expired",
        `${expired.length} triage decision(s) in ${file} expired and count again.`,
        { decisions: expired.length, file },
      ),
    );
  if (stale.length)
    notes.push(
      note(
        "triage.stale",
        `${stale.length} triage decision(s) in ${file} match no item (stale): remove them.`,
        { decisions: stale.length, file },
      ),
    );
  return {
    ...report,
    notes,
    items: kept,
    summary: summaryOf(report, kept),
    triage: { file, items, expired, stale },
  };
}
