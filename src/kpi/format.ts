import { textTable } from "../shared/index.ts";
import { sparkline } from "../report/index.ts";
import type { Kpi, KpiReport } from "./kpis.ts";

export function formatKpiValue(
  kpi: Pick<Kpi, "unit">,
  value: number | null | undefined,
  currency = "USD",
): string {
  if (value === null || value === undefined) return "-";
  switch (kpi.unit) {
    case "ratio":
      return `${(value * 100).toFixed(1)}%`;
    case "money":
      return new Intl.NumberFormat("en-US", {
        style: "currency",
        currency,
        maximumFractionDigits: 0,
      }).format(value);
    case "per-week":
      return `${value}/week`;
    case "days":
      return `${value} d`;
    case "years":
      return `${value} y`;
    default:
      return String(value);
  }
}

/** The KPI table for a terminal: value, target, whether it is met, the trend since the first snapshot. */
export function formatKpiTable(report: KpiReport, currency = "USD"): string {
  const rows = report.kpis.map((k) => {
    const values = k.points.flatMap((p) => (p.value === null ? [] : [p.value]));
    return [
      k.label,
      formatKpiValue(k, k.value, currency),
      k.target === undefined
        ? "-"
        : `${k.direction === "max" ? "<=" : ">="} ${formatKpiValue(k, k.target, currency)}`,
      k.met === null ? "-" : k.met ? "met" : "MISSED",
      k.trend === null ? "-" : `${k.trend} (was ${formatKpiValue(k, k.first, currency)})`,
      sparkline(values),
    ];
  });
  const header = ["KPI", "now", "target", "status", "trend since first", ""];
  const out = [`KPIs over ${report.snapshots} snapshot(s)`, ...textTable(header, rows)];
  const d = report.delivery;
  if (d) {
    out.push(
      "",
      `delivery (${d.source === "tags" ? "release tags" : d.source === "merges" ? "merges into the default branch" : "not measurable"}, ${d.since.slice(0, 10)} to ${d.until.slice(0, 10)}): ${d.releases.length} release(s)`,
    );
    if (d.note) out.push(`note: ${d.note}`);
  }
  return `${out.join("\n")}\n`;
}
