import { useEffect, useState } from "preact/hooks";
import type { ViewModel } from "../../report/view-model.ts";
import { CategoryChart } from "../components/CategoryChart.tsx";
import { HotspotMap } from "../components/HotspotMap.tsx";
import { ModuleGraph } from "../components/ModuleGraph.tsx";
import { Scorecard } from "../components/Scorecard.tsx";
import { api } from "./api.ts";

/**
 * The latest snapshot's readiness scorecard, debt by category, hotspot map and module graph, drawn
 * by the HTML report's own components from the view model the server builds of it.
 */
export function ProjectView({ project, version }: { project: string; version: number }) {
  const [view, setView] = useState<ViewModel | undefined>();
  useEffect(() => {
    api<ViewModel>("GET", `/projects/${encodeURIComponent(project)}/view`).then(setView, () =>
      setView(undefined),
    );
  }, [project, version]);
  if (!view) return null;
  // the scorecard's "show items" leads to the register below (its filters are the server's)
  const toRegister = () => document.getElementById("register")?.scrollIntoView();
  return (
    <div data-section="view">
      <Scorecard data={view} onShowItems={toRegister} />
      <div class="two">
        <CategoryChart data={view} />
      </div>
      <HotspotMap data={view} />
      <ModuleGraph data={view} />
    </div>
  );
}
