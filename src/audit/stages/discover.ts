import { discoverFiles, type Discovery } from "../../discovery/index.ts";
import type { AuditPlan } from "../plan.ts";

/** Stage 1: the files to audit, and what was skipped on the way (by path, link or size). */
export function discoverStage(plan: AuditPlan): Discovery {
  return discoverFiles(plan.root, {
    maxFileSize: plan.config.maxFileSize,
    include: plan.config.include,
    exclude: plan.config.exclude,
  });
}
