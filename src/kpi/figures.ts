import type { KpiId } from "../config/index.ts";
import type { AuditReport } from "../report/index.ts";
import { meanHealth } from "../store/index.ts";

/** The KPI figures one report holds; `null` where the report has no data for it. */
export type ReportFigures = Partial<Record<KpiId, number | null>>;

export function figuresOfReport(report: AuditReport): ReportFigures {
  const { summary } = report;
  let found = 0;
  let hit = 0;
  for (const file of report.coverage?.files ?? []) {
    found += file.linesFound;
    hit += file.linesHit;
  }
  return {
    debtRatio: summary.debtRatio,
    principal: summary.principal,
    interest: summary.interest,
    // weighted by lines of code, as the store's trend figure is
    meanHealth: meanHealth(report),
    coverage: report.coverage && found > 0 ? Math.round((hit / found) * 1000) / 1000 : null,
    hotspots: report.history ? report.history.hotspots.length : null,
    cycles: report.graph ? report.graph.cycles.length : null,
    // no figure when no advisory source was asked: "0 vulnerable" would claim a check that never ran
    vulnerablePackages:
      report.dependencies && report.dependencies.advisorySource !== "none"
        ? report.dependencies.vulnerable.length
        : null,
    libyears: report.dependencies ? Math.round(report.dependencies.libyear * 10) / 10 : null,
  };
}
