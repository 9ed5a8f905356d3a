import { z } from "zod";
import { viewModelOf } from "../report/index.ts";
import { storedReport } from "../store/index.ts";
import { ApiError } from "./errors.ts";
import { projectParams, type Route } from "./route-types.ts";

/**
 * The latest snapshot as the report page's view model: the dashboard draws the readiness
 * scorecard, the debt by category, the hotspot map and the module graph with the report's own
 * components from it.
 */
export const VIEW_ROUTES: Route[] = [
  {
    method: "GET",
    url: "/api/v1/projects/:project/view",
    summary:
      "The latest snapshot as the HTML report's view model (readiness, categories, hotspots, module graph, register)",
    access: { kind: "project", role: "viewer" },
    params: projectParams,
    status: 200,
    response: z.record(z.string(), z.unknown()),
    async handler(c) {
      const stored = await c.timed("view", () => storedReport(c.store, c.project!.id));
      if (!stored)
        throw new ApiError("project.not-found", `project ${c.project!.name}: no snapshot yet`);
      return viewModelOf(stored.report);
    },
  },
];
