import { useMemo } from "preact/hooks";
import type { SloView, ViewModel } from "../../report/view-model.ts";
import { tooltipContent } from "../safe.ts";
import { Chart } from "./Chart.tsx";
import { Section } from "./Section.tsx";

/** A ratio as a percentage; up to three decimals, because objectives are 99.9% or 99.95%. */
const pct = (ratio: number | null) =>
  ratio === null ? "no data" : `${Number((ratio * 100).toFixed(3))}%`;

const OVERSPENT = "#c62828";
const OVERSPENT_FLOOR = 100;
const overspent = (s: SloView) => s.budgetRemaining !== null && s.budgetRemaining < 0;

const burn = (rate: number | null) => (rate === null ? "no data" : `${rate.toFixed(2)}×`);

/** The name a row goes by: the SLO, and its route when the objective is per route. */
const rowName = (s: SloView) => (s.route !== undefined ? `${s.slo} ${s.route}` : s.slo);

/** The bar chart: budget left in percent, 0 to 100, down to -100 when a budget is overspent. */
function budgetChartOption(slos: readonly SloView[]) {
  // ECharts draws the first category at the bottom: reversed, the chart reads in table order
  const rows = [...slos].reverse();
  const names = rows.map(rowName);
  // An overspent budget can be -5000%: the bar stops at -100% so that the others stay readable;
  // the tooltip and the table give the true figure.
  const lowest = rows.some(overspent) ? -OVERSPENT_FLOOR : 0;
  return {
    tooltip: {
      trigger: "axis" as const,
      axisPointer: { type: "shadow" as const },
      // DOM, not an HTML string: see safe.ts
      formatter: (params: unknown) => {
        const point = (params as Array<{ dataIndex: number }>)[0];
        const slo = point ? rows[point.dataIndex] : undefined;
        if (!slo) return tooltipContent("");
        return tooltipContent(rowName(slo), [
          `service: ${slo.service}`,
          `objective: ${pct(slo.objective)} over ${slo.window}`,
          `SLI: ${pct(slo.sli)}`,
          `budget left: ${pct(slo.budgetRemaining)}`,
        ]);
      },
    },
    grid: { left: 160, right: 30, top: 10, bottom: 30 },
    xAxis: {
      type: "value" as const,
      min: lowest,
      max: 100,
      axisLabel: { formatter: (v: number) => `${v}%` },
    },
    yAxis: {
      type: "category" as const,
      data: names,
      // a label function, never a "{value}" template: names come from the audited repository
      axisLabel: {
        width: 150,
        overflow: "truncate" as const,
        formatter: (name: string) => name,
      },
    },
    series: [
      {
        name: "Error budget left",
        type: "bar" as const,
        data: rows.map((s) => ({
          value:
            s.budgetRemaining === null
              ? 0
              : Math.max(-OVERSPENT_FLOOR, Math.round(s.budgetRemaining * 1000) / 10),
          itemStyle: {
            color:
              s.budgetRemaining === null
                ? "#bbbbbb"
                : s.budgetRemaining < 0
                  ? OVERSPENT
                  : s.budgetRemaining < 0.25
                    ? "#e0823d"
                    : "#2e7d32",
          },
        })),
      },
    ],
  };
}

/**
 * Each SLO's error budget left, as horizontal bars from 0 to 100%, red when overspent (below 0),
 * with its SLI and burn rates in a table. Rendered only when the report has SLOs (after
 * `debtlens slo debt`), so a report without them shows no empty section.
 */
export function SloBudgets({ data }: { data: ViewModel }) {
  const slos = data.slos.available ? data.slos.slos : [];
  const option = useMemo(() => budgetChartOption(slos), [slos]);
  if (!slos.length) return null;
  const windows = [...new Set(slos.flatMap((s) => s.burnRates.map((b) => b.window)))];
  return (
    <Section id="slos" title="SLO error budgets">
      <Chart option={option} label="slo budgets" height={Math.max(120, 40 + slos.length * 32)} />
      <table class="compact">
        <thead>
          <tr>
            <th>SLO</th>
            <th>service</th>
            <th class="num">objective</th>
            <th class="num">SLI</th>
            <th class="num">budget left</th>
            {windows.map((w) => (
              <th key={w} class="num">
                burn {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {slos.map((s, i) => (
            <tr key={i} data-slo={s.slo}>
              <td>
                {s.slo}
                {s.route !== undefined && <span class="route"> {s.route}</span>}
              </td>
              <td>{s.service}</td>
              <td class="num">
                {pct(s.objective)} / {s.window}
              </td>
              <td class="num">{pct(s.sli)}</td>
              <td
                class="num"
                data-overspent={overspent(s) ? "true" : undefined}
                style={overspent(s) ? { color: OVERSPENT } : undefined}
              >
                {pct(s.budgetRemaining)}
              </td>
              {windows.map((w) => (
                <td key={w} class="num">
                  {burn(s.burnRates.find((b) => b.window === w)?.burnRate ?? null)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
