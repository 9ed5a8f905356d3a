import { useState } from "preact/hooks";
import type { ViewModel } from "../../report/view-model.ts";
import { CategoryChart } from "../components/CategoryChart.tsx";
import { Headline } from "../components/Headline.tsx";
import { HotspotMap } from "../components/HotspotMap.tsx";
import { ModuleGraph } from "../components/ModuleGraph.tsx";
import { EMPTY_FILTER, Register, type RegisterFilter } from "../components/Register.tsx";
import { Scorecard } from "../components/Scorecard.tsx";
import { ScoringMatrix } from "../components/ScoringMatrix.tsx";
import { SloBudgets } from "../components/SloBudgets.tsx";
import { Section } from "../components/Section.tsx";
import { TrendChart } from "../components/TrendChart.tsx";

/**
 * The overview page: what the static HTML report shows, and the first page of the dashboard,
 * which will hand it a view model fetched from the API instead of one inlined in the file.
 */
export function ReportPage({ data }: { data: ViewModel }) {
  const [filter, setFilter] = useState<RegisterFilter>(EMPTY_FILTER);
  const showItems = (ids: string[], title: string) => {
    setFilter({ ...EMPTY_FILTER, ids: { list: ids, title } });
    document.getElementById("register")?.scrollIntoView();
  };
  return (
    <main>
      <header class="top">
        <h1>
          debtlens <span class="root">{data.root}</span>
        </h1>
        <p class="meta">
          {new Date(data.generatedAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC · debtlens{" "}
          {data.toolVersion}
          {data.triage ? ` · ${data.triage.triaged} triaged items left out of the totals` : ""}
        </p>
        <nav>
          {[
            "readiness",
            ...(data.trend ? ["trend"] : []),
            "categories",
            "matrix",
            "hotspots",
            "graph",
            ...(data.slos.available ? ["slos"] : []),
            "register",
          ].map((id) => (
            <a key={id} href={`#${id}`}>
              {id}
            </a>
          ))}
        </nav>
      </header>
      <Headline data={data} />
      <Scorecard data={data} onShowItems={showItems} />
      {data.trend && (
        <Section id="trend" title={`Trend over ${data.trend.length} snapshots`}>
          <TrendChart points={data.trend} />
        </Section>
      )}
      <div class="two">
        <CategoryChart data={data} />
        <ScoringMatrix data={data} />
      </div>
      <HotspotMap data={data} />
      <ModuleGraph data={data} />
      {data.slos.available && <SloBudgets data={data} />}
      <Register data={data} filter={filter} onFilter={setFilter} />
      {data.notes.length > 0 && (
        <section class="section notes">
          <h2>Notes</h2>
          <ul>
            {data.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
