import { useMemo } from "preact/hooks";
import type { ViewModel } from "../../report/view-model.ts";
import { CATEGORY_LABELS, money } from "../format.ts";
import { tooltipContent } from "../safe.ts";
import { Chart } from "./Chart.tsx";
import { Section } from "./Section.tsx";

/** Principal and annual interest by category, as bars. */
export function CategoryChart({ data }: { data: ViewModel }) {
  const categories = Object.keys(data.summary.byCategory) as Array<
    keyof ViewModel["summary"]["byCategory"]
  >;
  const option = useMemo(
    () => ({
      tooltip: {
        trigger: "axis" as const,
        // DOM, not an HTML string: see safe.ts
        formatter: (params: unknown) => {
          const points = params as Array<{ name: string; seriesName: string; value: unknown }>;
          return tooltipContent(
            points[0]?.name ?? "",
            points.map((p) => `${p.seriesName}: ${money(Number(p.value), data.currency)}`),
          );
        },
      },
      legend: { top: 0, data: ["Principal", "Interest per year"] },
      grid: { left: 90, right: 20, top: 40, bottom: 30, containLabel: true },
      xAxis: {
        type: "category" as const,
        data: categories.map((c) => CATEGORY_LABELS[c] ?? c),
        // every category named: ECharts hides labels it thinks would overlap (every other one at
        // the page's width); tilted, all eight fit
        axisLabel: { interval: 0, rotate: categories.length > 5 ? 30 : 0 },
      },
      yAxis: {
        type: "value" as const,
        axisLabel: { formatter: (v: number) => money(v, data.currency) },
      },
      series: [
        {
          name: "Principal",
          type: "bar" as const,
          data: categories.map((c) => data.summary.byCategory[c].principal),
          itemStyle: { color: "#3b6fb6" },
        },
        {
          name: "Interest per year",
          type: "bar" as const,
          data: categories.map((c) => data.summary.byCategory[c].interest),
          itemStyle: { color: "#e0823d" },
        },
      ],
    }),
    [data],
  );
  const empty =
    data.summary.items === 0 ? "No debt items: there is nothing to chart by category." : undefined;
  return (
    <Section id="categories" title="Debt by category" absent={empty}>
      <Chart option={option} label="debt by category" />
      <table class="compact">
        <thead>
          <tr>
            <th>category</th>
            <th class="num">items</th>
            <th class="num">principal</th>
            <th class="num">interest/yr</th>
          </tr>
        </thead>
        <tbody>
          {categories.map((c) => (
            <tr key={c}>
              <td>{CATEGORY_LABELS[c] ?? c}</td>
              <td class="num">{data.summary.byCategory[c].items}</td>
              <td class="num">{money(data.summary.byCategory[c].principal, data.currency)}</td>
              <td class="num">{money(data.summary.byCategory[c].interest, data.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
