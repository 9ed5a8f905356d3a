import { useMemo } from "preact/hooks";
import { Chart } from "./Chart.tsx";
import { money, percent } from "../format.ts";
import type { TrendView } from "../../report/view-model.ts";

/** Principal, interest and the debt ratio per snapshot, oldest first. */
export function TrendChart({ points }: { points: readonly TrendView[] }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: "axis" as const },
      legend: { top: 0, data: ["Principal", "Interest per year", "Debt ratio"] },
      grid: { left: 90, right: 70, top: 40, bottom: 30 },
      xAxis: { type: "category" as const, data: points.map((p) => p.date.slice(0, 10)) },
      yAxis: [
        { type: "value" as const, axisLabel: { formatter: (v: number) => money(v, "USD") } },
        { type: "value" as const, axisLabel: { formatter: (v: number) => percent(v) } },
      ],
      series: [
        { name: "Principal", type: "line" as const, data: points.map((p) => p.principal) },
        { name: "Interest per year", type: "line" as const, data: points.map((p) => p.interest) },
        {
          name: "Debt ratio",
          type: "line" as const,
          yAxisIndex: 1,
          data: points.map((p) => p.debtRatio),
        },
      ],
    }),
    [points],
  );
  return (
    <div data-trend-points={points.length}>
      <Chart option={option} label="trend" />
    </div>
  );
}
