import { useMemo } from "preact/hooks";
import type { ViewModel } from "../../report/view-model.ts";
import { Chart } from "./Chart.tsx";
import { Section } from "./Section.tsx";

const PALETTE = ["#c62828", "#6a1b9a", "#ad1457", "#e65100", "#4527a0", "#b71c1c"];

/** Import cycles: each strongly connected component in its own colour, with one shortest path through it. */
export function ModuleGraph({ data }: { data: ViewModel }) {
  const graph = data.graph;
  const option = useMemo(() => {
    if (!graph.available) return {};
    const cycleOf = new Map<number, number>();
    graph.cycles.forEach((c, i) => c.forEach((m) => cycleOf.set(m, i)));
    return {
      tooltip: {},
      series: [
        {
          type: "graph" as const,
          layout: "force" as const,
          force: { repulsion: 120, edgeLength: 60, layoutAnimation: false },
          roam: true,
          label: { show: graph.modules.length <= 40, position: "right" as const, fontSize: 10 },
          edgeSymbol: ["none", "arrow"],
          edgeSymbolSize: 7,
          data: graph.modules.map((name, i) => ({
            id: String(i),
            name,
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
