import { z } from "zod";
import { assembleKpis, storedKpiSnapshots } from "../kpi/index.ts";
import { projectParams, type Route } from "./route-types.ts";

/** Snapshots read at most for the KPI page: each is a stored report to decompress. */
const MAX_SNAPSHOTS = 60;

/**
 * A project's KPIs over its stored snapshots (`debtlens kpis --project`, docs/kpis.md), with the
 * default targets. The delivery KPIs need the repository's git history, which the server does not
 * hold: the CLI measures those.
 */
export const KPI_ROUTES: Route[] = [
  {
    method: "GET",
    url: "/api/v1/projects/:project/kpis",
    summary:
      "The project's KPIs over its snapshots: value, target, whether it is met and the trend (delivery KPIs come from the CLI, which reads git)",
    access: { kind: "project", role: "viewer" },
    params: projectParams,
    status: 200,
    response: z.object({
      snapshots: z.number(),
      kpis: z.array(z.record(z.string(), z.unknown())),
    }),
    async handler(c) {
      const snapshots = await c.timed("kpis", () =>
        storedKpiSnapshots(c.store, c.project!.id, MAX_SNAPSHOTS),
      );
      const report = assembleKpis({ snapshots });
      return { snapshots: report.snapshots, kpis: report.kpis };
    },
  },
];
