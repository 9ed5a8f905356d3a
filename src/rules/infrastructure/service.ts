/**
 * The applicability test of the repository-level infrastructure rules, in one place.
 *
 * - A **project** is a repository with JavaScript/TypeScript source and at least one package.json
 *   outside example, fixture, test and docs folders. The CI rules (no-ci, ci-without-tests,
 *   ci-without-security-scan) apply to every project, library or service: a library without CI
 *   ships untested releases just as surely.
 * - A **service** is a project one of whose (non-example) package.json files is not a published
 *   library and either depends (in `dependencies`) on an HTTP server framework, or has a `start`
 *   script that runs a long-lived process (`node`, `tsx`, `nest start`, `next start`, `pm2`...,
 *   not a front-end dev server such as `react-scripts start` or `vite`). A published library is a
 *   package.json that is not `private` and declares `files`, `publishConfig`, `bin`, `exports` or
 *   `types`. Only services get the operations rules (no-iac, no-healthcheck,
 *   no-structured-logging, no-metrics, no-tracing, no-error-tracking): a library has no
 *   infrastructure, health endpoint or production logs of its own.
 * - The evidence rules (manual-deploy, no-autoscaling, no-backup) need no test: the file they
 *   fire on is the evidence that the repository deploys something.
 */
import type { RepositoryContext } from "../../engine/index.ts";
import { isPackageJson, manifestsOf, type ManifestFact } from "../collectors/manifest-fact.ts";
import { dirPrefixOf } from "../../shared/index.ts";

/** Folders whose package.json files describe samples, not the product. */
export const NOT_PRODUCT_DIR =
  /(^|\/)(node_modules|examples?|samples?|demos?|fixtures?|__fixtures__|tests?|__tests__|e2e|docs?|templates?|playground|benchmarks?)\//;

export function isManifestPath(path: string): boolean {
  return isPackageJson(path) && !NOT_PRODUCT_DIR.test(path);
}

export interface Applicability {
  /** Source code and a product package.json: the CI rules apply. */
  project: boolean;
  /** The product package.json files that are services (HTTP or another long-running process). */
  services: Array<{ path: string; dir: string; http: boolean; server?: string }>;
  /** The shallowest product package.json, where repository-level findings are placed. */
  root?: string;
  /** Every dependency name of every product package.json. */
  dependencies: ReadonlySet<string>;
  /** Every script of every product package.json, by name. */
  scripts: ReadonlyMap<string, string[]>;
  manifests: Array<{ path: string; fact: ManifestFact }>;
}

/**
 * Decides what the repository is from the manifests collector's facts: a rule that calls it
 * declares `uses: [MANIFEST_FACT]`, so the facts are there whichever other rules are on.
 */
export function applicability(ctx: RepositoryContext<unknown>): Applicability {
  const manifests = manifestsOf(ctx)
    .filter((f) => isManifestPath(f.path))
    .sort(
      (a, b) => a.path.split("/").length - b.path.split("/").length || a.path.localeCompare(b.path),
    );
  const hasCode = ctx.files.some(
    (f) => f.language !== undefined && f.language !== "dts" && !NOT_PRODUCT_DIR.test(f.path),
  );
  const dependencies = new Set<string>();
  const scripts = new Map<string, string[]>();
  for (const { fact } of manifests) {
    for (const name of fact.dependencies) dependencies.add(name);
    for (const [name, body] of Object.entries(fact.scripts))
      scripts.set(name, [...(scripts.get(name) ?? []), body]);
  }
  const services = manifests
    .filter((m) => m.fact.service)
    .map((m) => ({
      path: m.path,
      dir: dirPrefixOf(m.path),
      http: m.fact.service === "http",
      ...(m.fact.server ? { server: m.fact.server } : {}),
    }));
  const result: Applicability = {
    project: hasCode && manifests.length > 0,
    services: hasCode ? services : [],
    dependencies,
    scripts,
    manifests,
  };
  if (manifests[0]) result.root = manifests[0].path;
  return result;
}

/** The service whose folder holds `path` (the deepest one), if any. */
export function serviceOf<S extends { dir: string }>(
  path: string,
  services: readonly S[],
): S | undefined {
  let best: S | undefined;
  for (const service of services)
    if (path.startsWith(service.dir) && (!best || service.dir.length > best.dir.length))
      best = service;
  return best;
}

/** Where a repository-level finding goes: the package.json at line 1, or the repository itself. */
export function placeAt(path: string | undefined): { path?: string; startLine?: number } {
  return path ? { path, startLine: 1 } : {};
}
