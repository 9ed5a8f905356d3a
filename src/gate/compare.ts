import type { GateConfig } from "../config/index.ts";
import { PRIORITY_CLASSES } from "../findings/index.ts";
import {
  headlineItems,
  money as formatMoney,
  percent,
  type AuditReport,
  type ChangeSummary,
  type ReportItem,
} from "../report/index.ts";
import { baselineIdOf, baselineKeyOf, moveKey, type BaselineFile } from "./baseline.ts";
import { itemsOfTheChange, newCodeReasons } from "./new-code.ts";

export interface Comparison extends ChangeSummary {
  /** Baseline entries that match no item of the changed code any more. */
  staleBaseline: BaselineFile["items"];
  /** Items the baseline excused (present in the changed code, absent from the base). */
  excused: number;
  /** New history-derived items on files the change did not touch: they never fail it. */
  notTouched?: number;
  /** Files the change touches (against --base), when known. */
  changedFiles?: number;
}

const RATING_ORDER = ["A", "B", "C", "D", "E"] as const;

function sum(items: readonly ReportItem[], pick: (i: ReportItem) => number): number {
  return Math.round(items.reduce((s, i) => s + pick(i), 0) * 100) / 100;
}

/**
 * Matches the changed code's items with the base's: first by fingerprint, then the rest by
 * `moveKey` (code moved to another file unchanged), one for one. What is left in the head is new,
 * unless the baseline lists it; what is left in the base is fixed.
 */
export function compareReports(
  base: AuditReport | undefined,
  head: AuditReport,
  baseline: BaselineFile | undefined,
  baseName: string,
): Comparison {
  // The gate counts what the headline counts: the counted scopes' items (production by default).
  const baseItems = base ? headlineItems(base) : [];
  const headItems = headlineItems(head);
  const baseById = new Map(baseItems.map((i) => [i.id, i]));
  const matchedBase = new Set<string>();
  const unmatchedHead: ReportItem[] = [];
  for (const item of headItems) {
    if (baseById.has(item.id)) matchedBase.add(item.id);
    else unmatchedHead.push(item);
  }
  const byKey = new Map<string, ReportItem[]>();
  for (const item of baseItems) {
    if (matchedBase.has(item.id)) continue;
    const key = moveKey(item);
    byKey.set(key, [...(byKey.get(key) ?? []), item]);
  }
  let moved = 0;
  const candidates: ReportItem[] = [];
  for (const item of unmatchedHead) {
    const twin = byKey.get(moveKey(item))?.shift();
    if (twin && base) {
      matchedBase.add(twin.id);
      moved += 1;
    } else {
      candidates.push(item);
    }
  }
  const baselineIds = new Set(baseline?.items.map((e) => e.id));
  const baselineKeys = new Set(baseline?.items.map((e) => e.key));
  const added = candidates.filter(
    (i) => !baselineIds.has(baselineIdOf(i)) && !baselineKeys.has(baselineKeyOf(i)),
  );
  const fixed = baseItems.filter((i) => !matchedBase.has(i.id));
  const headIds = new Set(head.items.map(baselineIdOf));
  const headKeys = new Set(head.items.map(baselineKeyOf));
  const staleBaseline = (baseline?.items ?? []).filter(
    (e) => !headIds.has(e.id) && !headKeys.has(e.key),
  );
  return {
    base: baseName,
    passed: true,
    reasons: [],
    added,
    fixed,
    unchanged: headItems.length - candidates.length,
    moved,
    addedPrincipal: sum(added, (i) => i.money.principal),
    addedInterest: sum(added, (i) => i.money.interest),
    fixedPrincipal: sum(fixed, (i) => i.money.principal),
    fixedInterest: sum(fixed, (i) => i.money.interest),
    staleBaseline,
    excused: candidates.length - added.length,
  };
}

/**
 * Applies the thresholds: every crossed one becomes a sentence that names its configuration key.
 * `changed` lists the files the change touches (against --base): the new-code policy looks there,
 * and a history-derived item on any other file counts for nothing.
 */
export function judge(
  comparison: Comparison,
  head: AuditReport,
  gate: GateConfig,
  changed?: ReadonlySet<string>,
): Comparison {
  const reasons: string[] = [];
  const { counted, untouched } = itemsOfTheChange(comparison.added, changed);
  const money = (v: number) => formatMoney(v, head.scoring.currency);
  for (const cls of PRIORITY_CLASSES) {
    const max = gate.maxNewItems[cls];
    if (max === undefined) continue;
    const count = counted.filter((i) => i.scores.class === cls).length;
    if (count > max)
      reasons.push(
        `${count} new ${cls} item${count === 1 ? "" : "s"}, more than the ${max} allowed (gate.maxNewItems.${cls})`,
      );
  }
  reasons.push(...newCodeReasons(counted, changed, gate));
  const principal = sum(counted, (i) => i.money.principal);
  if (gate.maxNewPrincipal !== undefined && principal > gate.maxNewPrincipal) {
    reasons.push(
      `new principal ${money(principal)}, more than the ${money(gate.maxNewPrincipal)} allowed (gate.maxNewPrincipal)`,
    );
  }
  if (gate.maxDebtRatio !== undefined && head.summary.debtRatio > gate.maxDebtRatio) {
    reasons.push(
      `debt ratio ${percent(head.summary.debtRatio)}, above the ${percent(gate.maxDebtRatio)} allowed (gate.maxDebtRatio)`,
    );
  }
  if (
    gate.minRating !== undefined &&
    RATING_ORDER.indexOf(head.summary.rating) > RATING_ORDER.indexOf(gate.minRating)
  ) {
    reasons.push(
      `rating ${head.summary.rating}, worse than the ${gate.minRating} required (gate.minRating)`,
    );
  }
  return {
    ...comparison,
    passed: reasons.length === 0,
    reasons,
    ...(untouched ? { notTouched: untouched } : {}),
    ...(changed ? { changedFiles: changed.size } : {}),
  };
}
