import { join } from "node:path";
import { discoverFiles } from "../discovery/index.ts";
import { PACKAGES } from "../frameworks/index.ts";
import { CODEOWNERS_LOCATIONS, parseCodeowners } from "../plan/index.ts";
import type { AuditReport } from "../report/index.ts";
import { ciSystemOf } from "../rules/infrastructure/ci.ts";
import { lexists, readFileNoFollow } from "../shared/index.ts";

/** What `debtlens init` found in a repository, to write down as a configuration to adjust. */
export interface ProjectFacts {
  /** Frameworks and libraries the manifests declare, by kind ("http-framework": ["Express"]). */
  frameworks: Record<string, string[]>;
  ci: string[];
  /** Owners named in CODEOWNERS, most paths first. */
  owners: string[];
  team?: { engineers: number; authors?: number; bots?: number; source: string };
  /** Non-production scopes and their largest folders, with file counts. */
  scopes: Record<string, Array<{ folder: string; files: number }>>;
  files: number;
}

/** Package manifests read at most: a monorepo's workspaces, not every fixture's package.json. */
const MAX_MANIFESTS = 200;

export function detectProject(root: string, report: AuditReport): ProjectFacts {
  const { files } = discoverFiles(root, { maxFileSize: 1_000_000, include: [], exclude: [] });
  const paths = files.map((f) => f.path);
  const ci = [...new Set(paths.flatMap((p) => ciSystemOf(p) ?? []))].sort();
  return {
    frameworks: frameworksOf(root, paths),
    ci,
    owners: ownersOf(root),
    ...(report.team ? { team: report.team } : {}),
    scopes: scopesOf(report),
    files: report.files.length,
  };
}

function frameworksOf(root: string, paths: readonly string[]): Record<string, string[]> {
  const found = new Map<string, Set<string>>();
  const manifests = paths
    .filter((p) => p === "package.json" || p.endsWith("/package.json"))
    .filter((p) => !/(^|\/)(fixtures?|examples?|test|tests|__tests__)\//.test(p))
    .slice(0, MAX_MANIFESTS);
  for (const manifest of manifests) {
    let json: { dependencies?: object; devDependencies?: object };
    try {
      json = JSON.parse(readFileNoFollow(join(root, manifest)).toString("utf8")) as typeof json;
    } catch {
      continue; // a broken manifest is the audit's to report, not init's
    }
    for (const name of Object.keys({ ...json.dependencies, ...json.devDependencies })) {
      const info = PACKAGES.get(name);
      if (!info) continue;
      const names = found.get(info.kind) ?? new Set<string>();
      names.add(info.name);
      found.set(info.kind, names);
    }
  }
  return Object.fromEntries(
    [...found.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]),
  );
}

function ownersOf(root: string): string[] {
  for (const location of CODEOWNERS_LOCATIONS) {
    const file = join(root, location);
    if (!lexists(file)) continue;
    try {
      const counts = new Map<string, number>();
      for (const rule of parseCodeowners(readFileNoFollow(file).toString("utf8")))
        for (const owner of rule.owners) counts.set(owner, (counts.get(owner) ?? 0) + 1);
      return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([owner]) => owner);
    } catch {
      return [];
    }
  }
  return [];
}

/** The largest folders (two levels) of each non-production scope. */
function scopesOf(report: AuditReport): ProjectFacts["scopes"] {
  const byScope = new Map<string, Map<string, number>>();
  for (const file of report.files) {
    const scope = (file as { scope?: string }).scope ?? "production";
    if (scope === "production") continue;
    const folder = file.path.split("/").slice(0, -1).slice(0, 2).join("/") || ".";
    const folders = byScope.get(scope) ?? new Map<string, number>();
    folders.set(folder, (folders.get(folder) ?? 0) + 1);
    byScope.set(scope, folders);
  }
  return Object.fromEntries(
    [...byScope.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([scope, folders]) => [
        scope,
        [...folders.entries()]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, 5)
          .map(([folder, files]) => ({ folder, files })),
      ]),
  );
}
