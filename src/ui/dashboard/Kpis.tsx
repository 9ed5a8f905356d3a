import { useEffect, useState } from "preact/hooks";
import { money } from "../format.ts";
import { api } from "./api.ts";

interface Kpi {
  id: string;
  label: string;
  unit: string;
  direction: "max" | "min";
  value: number | null;
  target?: number;
  first: number | null;
  trend: "better" | "worse" | "flat" | null;
  met: boolean | null;
}

function show(unit: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return "-";
  if (unit === "ratio") return `${(value * 100).toFixed(1)}%`;
  if (unit === "money") return money(value, "USD");
  return String(value);
}

/** The project's KPIs over its snapshots (`debtlens kpis`), each against its target. */
export function ProjectKpis({ project, version }: { project: string; version: number }) {
  const [kpis, setKpis] = useState<Kpi[]>([]);
  useEffect(() => {
    api<{ kpis: Kpi[] }>("GET", `/projects/${encodeURIComponent(project)}/kpis`).then(
      (answer) => setKpis(answer.kpis.filter((k) => k.value !== null)),
      () => setKpis([]),
    );
  }, [project, version]);
  if (kpis.length === 0) return null;
  return (
    <section class="section" data-section="kpis">
      <h2>KPIs</h2>
      <table class="compact">
        <thead>
          <tr>
            <th>KPI</th>
            <th class="num">now</th>
            <th class="num">target</th>
            <th>status</th>
            <th>since the first snapshot</th>
          </tr>
        </thead>
        <tbody>
          {kpis.map((k) => (
            <tr key={k.id} data-kpi={k.id} data-met={String(k.met)}>
              <td>{k.label}</td>
              <td class="num">{show(k.unit, k.value)}</td>
              <td class="num">
                {k.target === undefined
                  ? "-"
                  : `${k.direction === "max" ? "≤" : "≥"} ${show(k.unit, k.target)}`}
              </td>
              <td>{k.met === null ? "-" : k.met ? "met" : "missed"}</td>
              <td>{k.trend === null ? "-" : `${k.trend} (was ${show(k.unit, k.first)})`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
