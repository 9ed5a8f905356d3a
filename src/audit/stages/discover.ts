import { discoverFiles, type Discovery } from "../../discovery/index.ts";
import { scopeResolver, type ScopeResolver } from "../../scopes/index.ts";
import { readFileNoFollow } from "../../shared/index.ts";
import type { AuditPlan } from "../plan.ts";

/** Stage 1: the files to audit, and what was skipped on the way (by path, link or size). */
export function discoverStage(plan: AuditPlan): Discovery {
  return discoverFiles(plan.root, {
    maxFileSize: plan.config.maxFileSize,
    include: plan.config.include,
    exclude: plan.config.exclude,
  });
}

/** A manifest or runner configuration larger than this is not one a person wrote: not read. */
const MAX_SCOPE_SOURCE_BYTES = 64 * 1024;

/**
 * Each file's scope (src/scopes): the configuration's `scopes`, the test runners' configuration
 * files and package manifests read as data (never run), then the path conventions.
 */
export function scopeStage(plan: AuditPlan, discovery: Discovery): ScopeResolver {
  const byPath = new Map(discovery.files.map((f) => [f.path, f]));
  return scopeResolver({
    paths: discovery.files.map((f) => f.path),
    overrides: plan.config.scopes,
    read(path) {
      const file = byPath.get(path);
      if (!file || file.size > MAX_SCOPE_SOURCE_BYTES) return undefined;
      try {
        return readFileNoFollow(file.absolute).toString("utf8");
      } catch {
        return undefined;
      }
    },
  });
}
