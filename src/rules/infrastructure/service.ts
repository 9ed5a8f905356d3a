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
import { SERVER_PACKAGES } from "../../frameworks/index.ts";
import { dirPrefixOf } from "../../shared/index.ts";

/** Folders whose package.json files describe samples, not the product. */
export const NOT_PRODUCT_DIR =
  /(^|\/)(node_modules|examples?|samples?|demos?|fixtures?|__fixtures__|tests?|__tests__|e2e|docs?|templates?|playground|benchmarks?)\//;

export function isManifestPath(path: string): boolean {
  return /(^|\/)package\.json$/.test(path) && !NOT_PRODUCT_DIR.test(path);
}

/** What the infrastructure rules keep of a package.json: names and scripts, never the file. */
export interface ManifestFact {
  kind: "manifest";
  /** Every dependency name (production, development, optional, peer). */
  dependencies: string[];
  scripts: Record<string, string>;
  /** `http` when it serves HTTP, `process` for another long-running process. */
  service?: "http" | "process";
  /** The server package that made it a service. */
  server?: string;
  renovate: boolean;
}

const LONG_RUNNING =
  /(^|[\s;&|(])(node|ts-node|tsx|bun|deno|pm2|pm2-runtime|forever|nodemon|micro|remix-serve|react-router-serve|fastify start|nest start|next start|nuxt start|node-dev)(\s|$)/;
const DEV_SERVER =
  /\b(react-scripts|vite|webpack|parcel|ng serve|expo|react-native|storybook|gatsby|vue-cli-service|astro|ember|electron)\b/;

let lastText: string | undefined;
let lastFact: ManifestFact | undefined;

/**
 * Reads a package.json into a ManifestFact; undefined when it is not a JSON object. Seven rules
 * read every manifest, one after the other on the same text (the engine runs a file's text rules
 * together): the last answer is kept, so each package.json is parsed once. The fact is frozen,
 * since those rules share it.
 */
export function manifestFact(text: string): ManifestFact | undefined {
  if (text !== lastText) {
    lastFact = readManifest(text);
    lastText = text;
  }
  return lastFact;
}

function readManifest(text: string): ManifestFact | undefined {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return undefined;
  const names = (field: string) =>
    Object.keys((data[field] as Record<string, unknown> | undefined) ?? {});
  const production = names("dependencies");
  const scripts: Record<string, string> = {};
  for (const [name, body] of Object.entries((data.scripts as object | undefined) ?? {}))
    if (typeof body === "string") scripts[name] = body.slice(0, 500);
  const published =
    data.private !== true &&
    ["files", "publishConfig", "bin", "exports", "types", "typings"].some((k) => k in data);
  const server = production.find((name) => SERVER_PACKAGES.has(name));
  const start = scripts.start ?? "";
  let service: ManifestFact["service"];
  if (!published && server) service = "http";
  else if (!published && LONG_RUNNING.test(start) && !DEV_SERVER.test(start)) service = "process";
  const fact: ManifestFact = {
    kind: "manifest",
    dependencies: [
      ...new Set([
        ...production,
        ...names("devDependencies"),
        ...names("optionalDependencies"),
        ...names("peerDependencies"),
      ]),
    ],
    scripts,
    renovate: "renovate" in data,
  };
  if (service) fact.service = service;
  if (server) fact.server = server;
  Object.freeze(fact.dependencies);
  Object.freeze(fact.scripts);
  return Object.freeze(fact);
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
 * Decides what the repository is from the manifests a rule stored (each rule stores its own
 * ManifestFact facts, so a rule works whether or not the others are switched on).
 */
export function applicability(ctx: RepositoryContext<unknown>, ruleId: string): Applicability {
  const manifests = ctx
    .factsOf<{ kind: string }>(ruleId)
    .filter(
      (f): f is { path: string; fact: ManifestFact } =>
        f.fact.kind === "manifest" && isManifestPath(f.path),
    )
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
