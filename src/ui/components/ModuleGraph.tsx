import { useMemo } from "preact/hooks";
import type { ViewModel } from "../../report/view-model.ts";
import { Chart } from "./Chart.tsx";
import { Section } from "./Section.tsx";

/** Modules and their imports; modules and imports inside a cycle are red. Large graphs show their cycles only. */
export function ModuleGraph({ data }: { data: ViewModel }) {
  const graph = data.graph;
  const view = useMemo(() => {
    if (!graph.available) return undefined;
    const inCycle = new Set(graph.cycles.flat());
    const cycleOf = new Map<number, number>();
    graph.cycles.forEach((c, i) => c.forEach((m) => cycleOf.set(m, i)));
    const large = graph.modules.length > 400;
    const keep = (i: number) => !large || inCycle.has(i);
    const nodes = graph.modules
      .map((name, i) => ({ id: String(i), name, keep: keep(i) }))
      .filter((n) => n.keep);
    const links = graph.edges
      .filter(([a, b]) => keep(a) && keep(b))
      .map(([a, b]) => {
        const cyclic = cycleOf.has(a) && cycleOf.get(a) === cycleOf.get(b);
        return {
          source: String(a),
          target: String(b),
          lineStyle: { color: cyclic ? "#c62828" : "#9aa5b1", width: cyclic ? 2 : 1 },
        };
      });
    return {
      large,
      option: {
        tooltip: {},
        series: [
          {
            type: "graph" as const,
            layout: "force" as const,
            force: { repulsion: 80, edgeLength: 40, layoutAnimation: false },
            roam: true,
            edgeSymbol: ["none", "arrow"],
            edgeSymbolSize: 6,
            data: nodes.map((n) => ({
              id: n.id,
              name: n.name,
              symbolSize: inCycle.has(Number(n.id)) ? 12 : 7,
              itemStyle: { color: inCycle.has(Number(n.id)) ? "#c62828" : "#3b6fb6" },
            })),
            links,
          },
        ],
      },
    };
  }, [graph]);
  return (
    <Section
      id="graph"
      title="Module graph"
      absent={
        !graph.available
          ? graph.reason
          : view?.large && graph.cycles.length === 0
            ? `${graph.modules.length} modules and ${graph.edges.length} imports, no cycles: too large to draw usefully.`
            : undefined
      }
    >
      {graph.available && view && (
        <>
          <p class="hint">
            {graph.modules.length} modules, {graph.edges.length} imports, {graph.cycles.length}{" "}
            cycle{graph.cycles.length === 1 ? "" : "s"} (red).
            {view.large ? " The graph is large: only modules in cycles are drawn." : ""}
          </p>
          <Chart option={view.option} height={460} label="module graph" />
          {graph.cycles.length > 0 && (
            <ol class="cycles">
              {graph.cycles.slice(0, 50).map((c, i) => (
                <li key={i}>{c.map((m) => graph.modules[m]).join(" → ")}</li>
              ))}
            </ol>
          )}
        </>
      )}
    </Section>
  );
}
