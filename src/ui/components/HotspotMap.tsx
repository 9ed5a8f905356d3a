import { useMemo } from "preact/hooks";
import type { ViewModel } from "../../report/view-model.ts";
import { healthColor } from "../format.ts";
import { tooltipContent } from "../safe.ts";
import { Chart } from "./Chart.tsx";
import { Section } from "./Section.tsx";

/** A rectangle's label: the file name without its folders (ECharts passes the node's name, the path). */
export const fileLabel = (params: { name: string }): string =>
  params.name.slice(params.name.lastIndexOf("/") + 1);

/** Hotspots as CodeScene draws them: one rectangle per file, area = lines of code, colour = code health. */
export function HotspotMap({ data }: { data: ViewModel }) {
  const hotspots = data.hotspots;
  const option = useMemo(() => {
    if (!hotspots.available) return {};
    return {
      tooltip: {
        // a file name as DOM text: it was an HTML string, and a file named <img onerror=...> ran
        formatter: (p: {
          name: string;
          value: number;
          data: { health: number; changes: number };
        }) =>
          tooltipContent(p.name, [
            `${p.value} lines · health ${p.data.health} · ${p.data.changes} changes`,
          ]),
      },
      series: [
        {
          type: "treemap" as const,
          roam: false,
          nodeClick: false as const,
          breadcrumb: { show: false },
          // the file's own name: in a monorepo every full path starts `packages/...` and the labels
          // read alike; the full path is in the tooltip
          label: { show: true, formatter: fileLabel, fontSize: 10 },
          data: hotspots.files.map((f) => ({
            name: f.path,
            value: f.lines,
            health: f.health,
            changes: f.changes,
            itemStyle: {
              color: healthColor(f.health),
              borderColor: "#fff",
              borderWidth: Math.min(4, 1 + f.changes / 20),
            },
          })),
        },
      ],
    };
  }, [hotspots]);
  return (
    <Section
      id="hotspots"
      title="Hotspots"
      absent={hotspots.available ? undefined : hotspots.reason}
    >
      <p class="hint">
        Area is lines of code, colour is code health (green 10, red 1); thicker borders changed more
        often.
      </p>
      <Chart option={option} height={420} label="hotspot map" />
    </Section>
  );
}
