import { useEffect, useState } from "preact/hooks";
import { money, percent } from "../format.ts";
import { api, type ProjectSummary } from "./api.ts";
import { AwaitingMe } from "./Plans.tsx";
import { link } from "./router.ts";
import { sparkline } from "../../report/sparkline.ts";

/** The organisation's projects: latest headline and the trend of principal and interest. */
export function Overview() {
  const [projects, setProjects] = useState<ProjectSummary[] | undefined>();
  const [error, setError] = useState("");
  useEffect(() => {
    api<{ projects: ProjectSummary[] }>("GET", "/projects").then(
      (answer) => setProjects(answer.projects),
      (failure: Error) => setError(failure.message),
    );
  }, []);
  if (error) return <p class="error">{error}</p>;
  if (!projects) return <p class="hint">loading…</p>;
  if (projects.length === 0)
    return (
      <p class="absent" data-page="overview">
        No project has a snapshot yet: upload one with <code>debtlens audit --upload</code>.
      </p>
    );
  return (
    <>
      <AwaitingMe />
      <section class="section" data-page="overview">
        <h2>Projects</h2>
        <table class="compact">
          <thead>
            <tr>
              <th>project</th>
              <th>organisation</th>
              <th class="num">snapshots</th>
              <th class="num">items</th>
              <th class="num">principal</th>
              <th class="num">interest/yr</th>
              <th class="num">debt ratio</th>
              <th>rating</th>
              <th>trend</th>
            </tr>
          </thead>
          <tbody>
            {projects.map((p) => (
              <tr key={p.name} data-project={p.name}>
                <td>
                  <a href={link(["projects", p.name])}>{p.name}</a>
                </td>
                <td>{p.organisation}</td>
                <td class="num">{p.snapshots}</td>
                <td class="num">{p.latest?.items ?? "-"}</td>
                <td class="num">{p.latest ? money(p.latest.principal, "USD") : "-"}</td>
                <td class="num">{p.latest ? money(p.latest.interest, "USD") : "-"}</td>
                <td class="num">{p.latest ? percent(p.latest.debtRatio) : "-"}</td>
                <td>{p.latest?.rating ?? "-"}</td>
                <td class="spark" title="principal, oldest to newest">
                  {sparkline(p.spark.principal)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
