import { useMemo } from "preact/hooks";
import type { ViewModel } from "../../report/view-model.ts";
import { CATEGORY_LABELS } from "../format.ts";
import { tooltipContent } from "../safe.ts";
import { Chart } from "./Chart.tsx";
import { Section } from "./Section.tsx";

const MEASURES = ["Impact", "Effort", "Risk", "Priority"] as const;

/** The framework's scoring matrix: each category's mean Impact, Effort, Risk and Priority (1-10). */
export function ScoringMatrix({ data }: { data: ViewModel }) {
  const rows = useMemo(() => {
    const byCategory = new Map<
      string,
      { n: number; imp: number; eff: number; risk: number; p: number }
    >();
    for (const item of data.items) {
      const row = byCategory.get(item.cat) ?? { n: 0, imp: 0, eff: 0, risk: 0, p: 0 };
      row.n += 1;
      row.imp += item.imp;
      row.eff += item.eff;
      row.risk += item.risk;
      row.p += item.p;
      byCategory.set(item.cat, row);
    }
    return [...byCategory.entries()].map(([cat, r]) => ({
      cat,
      n: r.n,
      values: [r.imp / r.n, r.eff / r.n, r.risk / r.n, r.p / r.n].map(
        (v) => Math.round(v * 10) / 10,
      ),
    }));
  }, [data]);
  const option = useMemo(
    () => ({
      tooltip: {
        position: "top" as const,
        formatter: (p: { value: [number, number, number] }) => {
          const [x, y, v] = p.value;
          const row = rows[y];
          return tooltipContent(row ? (CATEGORY_LABELS[row.cat] ?? row.cat) : "", [
            `${MEASURES[x] ?? ""}: ${v.toFixed(1)} (mean of ${row?.n ?? 0} items)`,
          ]);
        },
      },
      grid: { left: 110, right: 20, top: 10, bottom: 70 },
      xAxis: { type: "category" as const, data: [...MEASURES] },
      yAxis: { type: "category" as const, data: rows.map((r) => CATEGORY_LABELS[r.cat] ?? r.cat) },
      visualMap: {
        min: 1,
        max: 10,
        calculable: false,
        orient: "horizontal" as const,
        left: "center",
        bottom: 0,
        inRange: { color: ["#e8f1fb", "#f6c445", "#d9472b"] },
      },
      series: [
        {
          type: "heatmap" as const,
          label: { show: true },
          data: rows.flatMap((r, y) => r.values.map((v, x) => [x, y, v])),
        },
      ],
    }),
    [rows],
  );
  return (
    <Section
      id="matrix"
      title="Scoring matrix"
      absent={rows.length ? undefined : "No debt items: there are no scores to compare."}
    >
      <p class="hint">
        Mean scores (1-10) of each category's items. Priority = Impact×0.4 + Risk×0.4 + effort term
        ({data.preset} preset).
      </p>
      <Chart option={option} height={Math.max(160, 60 + rows.length * 44)} label="scoring matrix" />
      <table class="compact">
        <thead>
          <tr>
            <th>category</th>
            <th class="num">items</th>
            {MEASURES.map((m) => (
              <th key={m} class="num">
                {m}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.cat}>
              <td>{CATEGORY_LABELS[r.cat] ?? r.cat}</td>
              <td class="num">{r.n}</td>
              {r.values.map((v, i) => (
                <td key={i} class="num">
                  {v.toFixed(1)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
