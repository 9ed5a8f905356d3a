import type { KpiId } from "../config/index.ts";
import { KPIS, type KpiDefinition } from "./catalogue.ts";
import type { Delivery } from "./delivery.ts";
import type { ReportFigures } from "./figures.ts";

/** One audit's figures: a stored snapshot, or a report read or made now. */
export interface KpiSnapshot {
  snapshot?: number;
  commit?: string | null;
  date: string;
  figures: ReportFigures;
  /** Items this snapshot found fixed since the one before (the store's count). */
  fixedItems?: number;
}

export interface KpiPoint {
  snapshot?: number;
  commit?: string | null;
  date: string;
  value: number | null;
}

export interface Kpi extends KpiDefinition {
  value: number | null;
  target: number | undefined;
  /** The value at the first snapshot with data, to read the trend against. */
  first: number | null;
  /** `better` or `worse` than the first value, by the KPI's direction. */
  trend: "better" | "worse" | "flat" | null;
  /** Null when there is no value or no target. */
  met: boolean | null;
  points: KpiPoint[];
}

export interface KpiReport {
  snapshots: number;
  kpis: Kpi[];
  delivery?: Delivery;
}

export interface KpiInput {
  snapshots: readonly KpiSnapshot[];
  delivery?: Delivery;
  targets?: Partial<Record<KpiId, number | undefined>>;
}

export function assembleKpis(input: KpiInput): KpiReport {
  const snapshots = [...input.snapshots].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  const kpis = KPIS.map((definition): Kpi => {
    const points = pointsOf(definition.id, snapshots, input.delivery);
    const withData = points.filter((p) => p.value !== null);
    const value = withData.at(-1)?.value ?? null;
    const first = withData.length > 1 ? withData[0]!.value : null;
    const target = input.targets?.[definition.id] ?? definition.target;
    return {
      ...definition,
      value,
      target,
      first,
      trend: trendOf(definition, first, value),
      met: value === null || target === undefined ? null : meets(definition, value, target),
      points,
    };
  });
  return {
    snapshots: snapshots.length,
    kpis,
    ...(input.delivery ? { delivery: input.delivery } : {}),
  };
}

function pointsOf(
  id: KpiId,
  snapshots: readonly KpiSnapshot[],
  delivery: Delivery | undefined,
): KpiPoint[] {
  const at = (s: KpiSnapshot, value: number | null): KpiPoint => ({
    ...(s.snapshot !== undefined ? { snapshot: s.snapshot } : {}),
    ...(s.commit !== undefined ? { commit: s.commit } : {}),
    date: s.date,
    value,
  });
  if (id === "deploymentsPerWeek" || id === "leadTimeDays") {
    const value = id === "deploymentsPerWeek" ? delivery?.perWeek : delivery?.leadTimeDays;
    return delivery ? [{ date: delivery.until, value: value ?? null }] : [];
  }
  if (id === "debtFixShare") {
    // Of the audits after the first, the share that found at least one item fixed: with one
    // snapshot per main-branch commit, the share of commits that repaid some debt.
    const later = snapshots.slice(1).filter((s) => s.fixedItems !== undefined);
    if (later.length === 0) return [];
    const fixing = later.filter((s) => (s.fixedItems ?? 0) > 0).length;
    return [at(later.at(-1)!, Math.round((fixing / later.length) * 1000) / 1000)];
  }
  return snapshots.map((s) => at(s, s.figures[id] ?? null));
}

function meets(definition: KpiDefinition, value: number, target: number): boolean {
  return definition.direction === "max" ? value <= target : value >= target;
}

function trendOf(
  definition: KpiDefinition,
  first: number | null,
  value: number | null,
): Kpi["trend"] {
  if (first === null || value === null) return null;
  if (value === first) return "flat";
  const lower = value < first;
  return lower === (definition.direction === "max") ? "better" : "worse";
}
