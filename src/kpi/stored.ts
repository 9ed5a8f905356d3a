import { storedReport, trendOf, type Store } from "../store/index.ts";
import { figuresOfReport } from "./figures.ts";
import type { KpiSnapshot } from "./kpis.ts";

/**
 * The KPI figures of a project's newest stored snapshots, oldest first (`debtlens kpis --project`
 * and the server's KPI page). Each is a stored report to decompress, so at most `max` are read.
 */
export async function storedKpiSnapshots(
  store: Store,
  projectId: number,
  max: number,
): Promise<KpiSnapshot[]> {
  const snapshots: KpiSnapshot[] = [];
  for (const point of (await trendOf(store, projectId)).slice(-max)) {
    const stored = await storedReport(store, projectId, point.snapshot);
    if (!stored) continue;
    snapshots.push({
      snapshot: point.snapshot,
      commit: point.commit,
      date: point.date,
      figures: figuresOfReport(stored.report),
      fixedItems: point.fixedItems,
    });
  }
  return snapshots;
}
