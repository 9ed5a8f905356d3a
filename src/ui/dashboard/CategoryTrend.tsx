import { useMemo } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { CATEGORY_LABELS, money } from "../format.ts";
import type { TrendPoint } from "./api.ts";

/** Interest a year by category per snapshot: where the cost of the debt moves. */
export function CategoryTrend({ points }: { points: TrendPoint[] }) {
  const option = useMemo(() => {
    const categories = Object.keys(CATEGORY_LABELS) as Array<keyof TrendPoint["byCategory"]>;
    return {
      tooltip: { trigger: "axis" as const },
      legend: { top: 0, data: categories.map((c) => CATEGORY_LABELS[c]!) },
      grid: { left: 90, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category" as const, data: points.map((p) => p.date.slice(0, 10)) },
      yAxis: { type: "value" as const, axisLabel: { formatter: (v: number) => money(v, "USD") } },
      series: categories.map((c) => ({
        name: CATEGORY_LABELS[c]!,
        type: "line" as const,
        stack: "interest",
        areaStyle: {},
        data: points.map((p) => p.byCategory[c].interest),
      })),
    };
  }, [points]);
  return <Chart option={option} label="interest by category" />;
}
