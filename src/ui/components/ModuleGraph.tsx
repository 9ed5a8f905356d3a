import { useMemo } from "preact/hooks";
import type { ViewModel } from "../../report/view-model.ts";
import { plainName, tooltipContent } from "../safe.ts";
import { Chart } from "./Chart.tsx";
import { Section } from "./Section.tsx";

const PALETTE = ["#c62828", "#6a1b9a", "#ad1457", "#e65100", "#4527a0", "#b71c1c"];

/**
 * Import cycles: each strongly connected component in its own colour, with one shortest path through
 * it, on a ring: deterministic, and a ring is what a cycle is.
 */
export function ModuleGraph({ data }: { data: ViewModel }) {
  const graph = data.graph;
  const option = useMemo(() => {
    if (!graph.available) return {};
    const cycleOf = new Map<number, number>();
    graph.cycles.forEach((c, i) => c.forEach((m) => cycleOf.set(m, i)));
    return {
      tooltip: {
        formatter: (p: { dataType?: string; data: { source?: string; target?: string } }) => {
          if (p.dataType === "edge") {
            const from = graph.modules[Number(p.data.source)] ?? "";
            const to = graph.modules[Number(p.data.target)] ?? "";
            return tooltipContent(`${from} imports`, [to]);
          }
          const i = Number((p.data as { id?: string }).id);
          const cycle = cycleOf.get(i);
          return tooltipContent(graph.modules[i] ?? "", [
            cycle === undefined ? "on a path through a cycle" : `in import cycle ${cycle + 1}`,
          ]);
        },
      },
      series: [
        {
          type: "graph" as const,
          layout: "none" as const,
          roam: false,
          label: {
            show: graph.modules.length <= 40,
            position: "right" as const,
            fontSize: 10,
            formatter: plainName,
          },
          edgeSymbol: ["none", "arrow"],
          edgeSymbolSize: 7,
          data: graph.modules.map((name, i) => ({
            id: String(i),
            name,
            // on a ring, turned by 45 degrees: two nodes on one horizontal line would give ECharts a
            // bounding box of zero height, whose transform cannot be inverted (it threw on resize)
            x: Math.cos((2 * Math.PI * i) / graph.modules.length + Math.PI / 4) * 100,
            y: Math.sin((2 * Math.PI * i) / graph.modules.length + Math.PI / 4) * 100,
            symbolSize: 12,
            itemStyle: { color: PALETTE[(cycleOf.get(i) ?? 0) % PALETTE.length] },
          })),
          links: graph.edges.map(([a, b]) => ({
            source: String(a),
            target: String(b),
            lineStyle: { color: "#c62828", width: 1.5 },
          })),
        },
      ],
    };
  }, [graph]);
  return (
    <Section
      id="graph"
      title="Module graph: import cycles"
      absent={graph.available ? undefined : graph.reason}
    >
      {graph.available && (
        <>
          <p class="hint">
            {graph.totalModules} modules, {graph.totalEdges} imports, {graph.cycles.length} cycle
            {graph.cycles.length === 1 ? "" : "s"}. Drawn: the {graph.modules.length} modules in
            cycles and one shortest path through each.
          </p>
          <Chart option={option} height={460} label="module graph" />
          <ol class="cycles">
            {graph.cycles.slice(0, 50).map((c, i) => (
              <li key={i}>{c.map((m) => graph.modules[m]).join(" · ")}</li>
            ))}
          </ol>
        </>
      )}
    </Section>
  );
}
