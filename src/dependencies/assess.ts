import { dirOf, semverModule } from "../shared/index.ts";
import type { Severity } from "../findings/index.ts";
import { classify, type Manifest } from "./classify.ts";
import type { LockGraph, Scope } from "./lockfiles.ts";
import {
  addRecord,
  loadAdvisoryFolder,
  lowestFixingVersion,
  matchAdvisories,
  type Advisory,
  type OsvRecord,
} from "./osv.ts";
import { fetchMetadata, libyear, type PackageMetadata, type RegistryOptions } from "./registry.ts";

/** The per-file fact the dependency rules store for lockfiles and manifests. */
export type DependencyFact =
  | { kind: "lockfile"; graph: LockGraph }
  | { kind: "manifest"; manifest: Manifest }
  | { kind: "unreadable"; problem: string };

export interface VulnerablePackage {
  name: string;
  versions: string[];
  /** The most exposed scope among its installs: production > optional > peer > development. */
  scope: Scope;
  lockfiles: string[];
  severity: Severity;
  advisories: Advisory[];
  /** The lowest version that fixes every advisory (absent when one has no fix). */
  fixedIn?: string;
  /** Where it is written: its entry in the first lockfile, or its declaration when no lockfile. */
  line?: number;
  /** The manifests that declare it directly, with the line and the range. */
  declaredIn?: Array<{ manifest: string; line: number; range: string }>;
  /** No lockfile: the versions checked are the lowest each declared range allows. */
  fromRanges?: boolean;
}

export interface OutdatedPackage {
  name: string;
  manifest: string;
  scope: Scope;
  installed: string;
  latest: string;
  majorsBehind: number;
  libyear: number;
  deprecated?: string;
  /** The line of its declaration in the manifest. */
  line?: number;
}

export interface DependencyAssessment {
  lockfiles: Array<{
    path: string;
    format: string;
    packages: number;
    byScope: Record<Scope, number>;
  }>;
  advisorySource: "folder" | "osv-api" | "none";
  registry: "online" | "offline" | "unreachable";
  vulnerable: VulnerablePackage[];
  outdated: OutdatedPackage[];
  /** Sum of libyear over direct dependencies. */
  libyear: number;
  notes: string[];
}

export interface AssessOptions {
  facts: ReadonlyArray<{ path: string; fact: DependencyFact }>;
  advisoriesDir?: string;
  offline: boolean;
  /** Where registry answers are kept; undefined with the cache off (nothing read or written). */
  cacheDir: string | undefined;
  /** Also fetch registry metadata (quality/outdated-dependency is on). */
  outdated: boolean;
  /** Match advisories (security/vulnerable-dependency is on). */
  vulnerabilities: boolean;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const EXPOSURE: Scope[] = ["production", "optional", "peer", "development"];
const RANK: Severity[] = ["critical", "high", "medium", "low", "info"];
const NPM = { loose: true, includePrerelease: true } as const;

async function osvApi(
  packages: ReadonlyArray<{ name: string; version: string }>,
  options: AssessOptions,
): Promise<Map<string, OsvRecord[]>> {
  const doFetch = options.fetch ?? fetch;
  const byPackage = new Map<string, OsvRecord[]>();
  const ids = new Set<string>();
  for (let i = 0; i < packages.length; i += 1000) {
    const batch = packages.slice(i, i + 1000);
    const response = await doFetch("https://api.osv.dev/v1/querybatch", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        queries: batch.map((p) => ({
          package: { ecosystem: "npm", name: p.name },
          version: p.version,
        })),
      }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15000),
    });
    if (!response.ok) throw new Error(`OSV API: HTTP ${response.status}`);
    const data = (await response.json()) as { results: Array<{ vulns?: Array<{ id: string }> }> };
    for (const r of data.results) for (const v of r.vulns ?? []) ids.add(v.id);
  }
  await Promise.all(
    [...ids].map(async (id) => {
      const response = await doFetch(`https://api.osv.dev/v1/vulns/${encodeURIComponent(id)}`, {
        signal: AbortSignal.timeout(options.timeoutMs ?? 15000),
      });
      if (response.ok) addRecord(byPackage, (await response.json()) as OsvRecord);
    }),
  );
  return byPackage;
}

/**
 * The dependency part of the audit that needs I/O: matches every locked package against OSV
 * advisories (a folder, or the OSV API when online) and reads registry metadata of the direct
 * dependencies for libyear and deprecations. The rules only turn the result into findings.
 */
export async function assessDependencies(options: AssessOptions): Promise<DependencyAssessment> {
  const notes: string[] = [];
  const { manifests, lockfiles } = splitFacts(options.facts);
  const { installs: locked, summary } = locateInstalls(lockfiles, manifests);
  const unlocked = unlockedManifests(manifests, lockfiles);
  const fromRanges = installsFromRanges(unlocked);
  const installs = [...locked, ...fromRanges];

  let advisorySource: DependencyAssessment["advisorySource"] = "none";
  let vulnerable: VulnerablePackage[] = [];
  if (options.vulnerabilities && !installs.length) {
    notes.push(
      "No lockfile and no version range in any package.json: vulnerable dependencies were not checked.",
    );
  } else if (options.vulnerabilities) {
    const loaded = await loadAdvisories(options, installs, notes);
    if (loaded) {
      advisorySource = loaded.source;
      vulnerable = vulnerablePackages(installs, loaded.records, declarations(manifests));
      if (fromRanges.length) {
        const files = [...new Set(fromRanges.map((i) => i.lockfile))];
        notes.push(
          `${files.length} package.json file(s) have no lockfile (${files.slice(0, 3).join(", ")}${files.length > 3 ? ", …" : ""}): their ${fromRanges.length} declared version ranges were checked at the lowest version each allows (semver minVersion), since the installed versions are unknown; a fresh install may get newer ones. Commit a lockfile to check what is installed.`,
        );
      }
    }
  }

  let registry: DependencyAssessment["registry"] = "offline";
  let outdated: OutdatedPackage[] = [];
  let total = 0;
  if (options.outdated && manifests.length) {
    if (options.offline) {
      notes.push("--offline: outdated and deprecated dependencies (libyear) were not checked.");
    } else {
      ({ registry, outdated, total } = await outdatedPackages(
        options,
        directDependencies(manifests, installs),
        notes,
      ));
    }
  }
  return {
    lockfiles: summary,
    advisorySource,
    registry,
    vulnerable,
    outdated,
    libyear: Math.round(total * 100) / 100,
    notes,
  };
}

type ManifestFile = { path: string; fact: { kind: "manifest"; manifest: Manifest } };
type LockfileFile = { path: string; fact: { kind: "lockfile"; graph: LockGraph } };
/** One locked package in one lockfile, with the scope the manifests near it give it. */
type Install = {
  name: string;
  version: string;
  scope: Scope;
  /** The lockfile, or the manifest whose declared range stands in for a missing lockfile. */
  lockfile: string;
  line?: number;
  /** Set when resolved from a declared range (no lockfile): the range. */
  range?: string;
};
/** A direct dependency a manifest declares, with the version installed (or the range's lowest). */
type DirectDependency = {
  name: string;
  range: string;
  scope: Scope;
  manifest: string;
  installed?: string;
  line?: number;
};

function splitFacts(facts: AssessOptions["facts"]): {
  manifests: ManifestFile[];
  lockfiles: LockfileFile[];
} {
  return {
    manifests: facts.filter((f) => f.fact.kind === "manifest") as ManifestFile[],
    lockfiles: facts.filter((f) => f.fact.kind === "lockfile") as LockfileFile[],
  };
}

/** Every locked package with its scope, classified by the manifests in the lockfile's folder and below. */
function locateInstalls(
  lockfiles: LockfileFile[],
  manifests: ManifestFile[],
): { installs: Install[]; summary: DependencyAssessment["lockfiles"] } {
  const installs: Install[] = [];
  const summary: DependencyAssessment["lockfiles"] = [];
  for (const { path, fact } of lockfiles) {
    const dir = dirOf(path);
    const near = manifests
      .filter((m) => dir === "" || m.path === `${dir}/package.json` || m.path.startsWith(`${dir}/`))
      .map((m) => m.fact.manifest);
    const scopes = classify(fact.graph, near);
    const byScope: Record<Scope, number> = { production: 0, development: 0, optional: 0, peer: 0 };
    fact.graph.nodes.forEach((n, i) => {
      byScope[scopes[i]!]++;
      installs.push({
        name: n.name,
        version: n.version,
        scope: scopes[i]!,
        lockfile: path,
        ...(n.line ? { line: n.line } : {}),
      });
    });
    summary.push({ path, format: fact.graph.format, packages: fact.graph.nodes.length, byScope });
  }
  return { installs, summary };
}

const FIELDS: Array<[keyof Manifest, Scope]> = [
  ["dependencies", "production"],
  ["devDependencies", "development"],
  ["optionalDependencies", "optional"],
];

/** Manifests that no lockfile in their folder or above covers (a library, a repository without one). */
function unlockedManifests(manifests: ManifestFile[], lockfiles: LockfileFile[]): ManifestFile[] {
  const lockDirs = lockfiles.map((l) => dirOf(l.path));
  return manifests.filter(({ path }) => {
    const dir = dirOf(path);
    return !lockDirs.some((d) => d === "" || d === dir || dir.startsWith(`${d}/`));
  });
}

/**
 * Without a lockfile the installed versions are unknown: each declared range is checked at the
 * lowest version it allows (`semver.minVersion`), the version a fresh install may still get.
 */
function installsFromRanges(manifests: ManifestFile[]): Install[] {
  const installs: Install[] = [];
  for (const { path, fact } of manifests) {
    for (const [field, scope] of FIELDS) {
      for (const [name, range] of Object.entries(fact.manifest[field] as Record<string, string>)) {
        if (!semverModule().validRange(range, NPM)) continue; // git, file, workspace, npm: aliases
        const version = semverModule().minVersion(range, NPM)?.version;
        if (!version) continue;
        const line = fact.manifest.lines?.[name];
        installs.push({ name, version, scope, lockfile: path, range, ...(line ? { line } : {}) });
      }
    }
  }
  return installs;
}

/**
 * The advisories to match: from the folder given, else from the OSV API when online; undefined
 * (with a note saying why) when there are none to check against.
 */
async function loadAdvisories(
  options: AssessOptions,
  installs: Install[],
  notes: string[],
): Promise<
  { records: Map<string, OsvRecord[]>; source: DependencyAssessment["advisorySource"] } | undefined
> {
  if (options.advisoriesDir) {
    try {
      const folder = loadAdvisoryFolder(options.advisoriesDir);
      if (folder.skipped.length)
        notes.push(
          `${folder.skipped.length} file(s) of the advisory folder are not valid OSV records and were skipped (first: ${folder.skipped[0]}); the others were checked.`,
        );
      return { records: folder, source: "folder" };
    } catch (error) {
      notes.push(
        `The advisory folder ${options.advisoriesDir} could not be read (${(error as Error).message}); vulnerable dependencies were not checked.`,
      );
      return undefined;
    }
  }
  if (options.offline) {
    notes.push("--offline without --advisories: vulnerable dependencies were not checked.");
    return undefined;
  }
  try {
    const unique = [...new Map(installs.map((i) => [`${i.name}@${i.version}`, i])).values()];
    return { records: await osvApi(unique, options), source: "osv-api" };
  } catch (error) {
    notes.push(
      `The OSV API could not be reached (${(error as Error).message}); vulnerable dependencies were not checked. Pass --advisories DIR to check offline.`,
    );
    return undefined;
  }
}

/** The packages with an advisory matching an installed version, most severe first. */
type Declaration = { manifest: string; line: number; range: string };

/** Every manifest line that declares a dependency directly, by package name. */
function declarations(manifests: ManifestFile[]): Map<string, Declaration[]> {
  const byName = new Map<string, Declaration[]>();
  for (const { path, fact } of manifests)
    for (const [field] of FIELDS)
      for (const [name, range] of Object.entries(fact.manifest[field] as Record<string, string>)) {
        const line = fact.manifest.lines?.[name];
        if (line) byName.set(name, [...(byName.get(name) ?? []), { manifest: path, line, range }]);
      }
  return byName;
}

function vulnerablePackages(
  installs: Install[],
  records: Map<string, OsvRecord[]>,
  declared: Map<string, Declaration[]>,
): VulnerablePackage[] {
  const vulnerable: VulnerablePackage[] = [];
  const byName = new Map<string, Install[]>();
  for (const i of installs) byName.set(i.name, [...(byName.get(i.name) ?? []), i]);
  for (const [name, list] of byName) {
    const candidates = records.get(name);
    if (!candidates) continue;
    const pkg = vulnerablePackage(name, list, candidates);
    if (!pkg) continue;
    const direct = declared.get(name);
    if (direct?.length) pkg.declaredIn = direct;
    vulnerable.push(pkg);
  }
  return vulnerable.sort(
    (a, b) => RANK.indexOf(a.severity) - RANK.indexOf(b.severity) || a.name.localeCompare(b.name),
  );
}

/** One package's installs against its advisories: undefined when no installed version is affected. */
function vulnerablePackage(
  name: string,
  list: Install[],
  candidates: OsvRecord[],
): VulnerablePackage | undefined {
  const hits = list
    .map((i) => ({ install: i, advisories: matchAdvisories(name, i.version, candidates) }))
    .filter((h) => h.advisories.length);
  if (!hits.length) return undefined;
  const advisories = [...new Map(hits.flatMap((h) => h.advisories).map((a) => [a.id, a])).values()];
  // The fix must cover every affected install: the highest of the per-version lowest fixes.
  const fixes = hits.map((h) => lowestFixingVersion(h.advisories));
  const fixedIn = fixes.every(Boolean)
    ? fixes.reduce((a, b) => (semverModule().gt(b!, a!, NPM) ? b : a))
    : undefined;
  const pkg: VulnerablePackage = {
    name,
    versions: [...new Set(hits.map((h) => h.install.version))].sort(semverModule().compareLoose),
    scope: EXPOSURE.find((s) => hits.some((h) => h.install.scope === s))!,
    lockfiles: [...new Set(hits.map((h) => h.install.lockfile))],
    severity: RANK.find((s) => advisories.some((a) => a.severity === s))!,
    advisories: advisories.sort(
      (a, b) => RANK.indexOf(a.severity) - RANK.indexOf(b.severity) || a.id.localeCompare(b.id),
    ),
  };
  if (fixedIn) pkg.fixedIn = fixedIn;
  // The item's place: the first affected install's own line in its lockfile (or manifest).
  const first = hits.find((h) => h.install.lockfile === pkg.lockfiles[0] && h.install.line);
  if (first?.install.line) pkg.line = first.install.line;
  if (hits.every((h) => h.install.range !== undefined)) pkg.fromRanges = true;
  return pkg;
}

/** The manifests' direct dependencies with semver ranges (git, file, workspace and npm: aliases are left out). */
function directDependencies(manifests: ManifestFile[], installs: Install[]): DirectDependency[] {
  const direct: DirectDependency[] = [];
  for (const { path, fact } of manifests) {
    const fields: Array<[Record<string, string>, Scope]> = [
      [fact.manifest.dependencies, "production"],
      [fact.manifest.devDependencies, "development"],
      [fact.manifest.optionalDependencies, "optional"],
    ];
    for (const [deps, scope] of fields) {
      for (const [name, range] of Object.entries(deps)) {
        if (!semverModule().validRange(range, NPM)) continue; // git, file, workspace, npm: aliases
        const locked = installs
          .filter((i) => i.name === name && dirOf(i.lockfile) === dirOf(path))
          .find((i) => semverModule().satisfies(i.version, range, NPM));
        const installed = locked?.version ?? semverModule().minVersion(range, NPM)?.version;
        const line = fact.manifest.lines?.[name];
        direct.push({
          name,
          range,
          scope,
          manifest: path,
          ...(installed ? { installed } : {}),
          ...(line ? { line } : {}),
        });
      }
    }
  }
  return direct;
}

/** Registry metadata of the direct dependencies: the outdated and deprecated ones and the libyear total. */
async function outdatedPackages(
  options: AssessOptions,
  direct: DirectDependency[],
  notes: string[],
): Promise<{
  registry: DependencyAssessment["registry"];
  outdated: OutdatedPackage[];
  total: number;
}> {
  const cacheOptions: RegistryOptions = {
    cacheDir: options.cacheDir,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  const result = await fetchMetadata(
    direct.map((d) => d.name),
    cacheOptions,
  );
  const registry =
    result.failed.length && result.failed.length === new Set(direct.map((d) => d.name)).size
      ? "unreachable"
      : "online";
  if (result.failed.length)
    notes.push(
      `The npm registry did not answer for ${result.failed.length} package(s) (${result.failed.slice(0, 5).join(", ")}${result.failed.length > 5 ? ", …" : ""}); they are not in the libyear total.`,
    );
  const outdated: OutdatedPackage[] = [];
  let total = 0;
  for (const d of direct) {
    const meta = result.metadata.get(d.name);
    if (!meta?.latest || !d.installed) continue;
    const entry = outdatedEntry(d, d.installed, meta.latest, meta);
    total += entry.libyear;
    if (entry.libyear > 0 || entry.majorsBehind > 0 || entry.deprecated) outdated.push(entry);
  }
  outdated.sort((a, b) => b.libyear - a.libyear || a.name.localeCompare(b.name));
  return { registry, outdated, total };
}

/** How far one installed direct dependency is behind the registry's latest version. */
function outdatedEntry(
  d: DirectDependency,
  installed: string,
  latest: string,
  meta: PackageMetadata,
): OutdatedPackage {
  const years = libyear(meta.time[installed], meta.time[latest]) ?? 0;
  const majorsBehind =
    semverModule().valid(latest) && semverModule().valid(installed)
      ? Math.max(0, semverModule().major(latest) - semverModule().major(installed))
      : 0;
  const deprecated = meta.deprecated[installed];
  const entry: OutdatedPackage = {
    name: d.name,
    manifest: d.manifest,
    scope: d.scope,
    installed,
    latest,
    majorsBehind,
    libyear: years,
  };
  if (deprecated) entry.deprecated = deprecated;
  if (d.line) entry.line = d.line;
  return entry;
}
