import { hash as hashBytes } from "node:crypto";
import { resolve } from "node:path";
import { note, type Note } from "../../shared/index.ts";
import {
  assessDependencies,
  type DependencyAssessment,
  type DependencyFact,
} from "../../dependencies/index.ts";
import type { ActiveRule, ExternalInput, FileResult, FileSummary } from "../../engine/index.ts";
import type { Finding } from "../../findings/index.ts";
import { graphReadsFile, MODULE_FACT, prepareGraph, type ModuleGraph } from "../../graph/index.ts";
import { scanHistory } from "../../secrets/index.ts";
import { loadKeyed, saveKeyed } from "../cache.ts";
import type { AuditPlan } from "../plan.ts";
import type { FilesStage } from "./files.ts";

export interface ExternalInputs {
  /** What each rule asked for (`Rule.inputs`), under the rule's own id. */
  external: Record<string, unknown>;
  /** The report's dependency section, when dependencies were assessed. */
  dependencies?: DependencyAssessment;
  notes: Note[];
}

/** The active rules that declared each input. */
function declaredInputs(rules: readonly ActiveRule[]): Map<ExternalInput, ActiveRule[]> {
  const byInput = new Map<ExternalInput, ActiveRule[]>();
  for (const active of rules)
    for (const input of active.rule.inputs ?? [])
      byInput.set(input, [...(byInput.get(input) ?? []), active]);
  return byInput;
}

/**
 * The I/O the rules declared (`Rule.inputs`): advisories and registry metadata of the locked
 * packages (from the declaring rules' lockfile facts), and secrets in past commits (with
 * `--scan-history`, scanned with the declaring rule's options). Runs once per audit; rules stay
 * free of I/O and read the results in `external` under their own id.
 */
export async function gatherExternalInputs(
  plan: AuditPlan,
  files: readonly FileSummary[],
  findings: readonly Finding[],
): Promise<ExternalInputs> {
  const byInput = declaredInputs(plan.rules);
  const external: Record<string, unknown> = {};
  const notes: Note[] = [];
  let dependencies: DependencyAssessment | undefined;
  const advisories = byInput.get("advisories") ?? [];
  const registry = byInput.get("registry") ?? [];
  if (advisories.length || registry.length) {
    const factRules = [...advisories, ...registry].map((r) => r.rule.id);
    const facts = files.flatMap((f) => {
      const id = factRules.find((r) => r in f.facts);
      return id ? [{ path: f.path, fact: f.facts[id] as DependencyFact }] : [];
    });
    // With the advisory rule on, an audit with nothing to check says so in a note.
    if (facts.length || advisories.length) {
      dependencies = await assessDependencies({
        facts,
        ...(plan.options.advisories ? { advisoriesDir: resolve(plan.options.advisories) } : {}),
        offline: plan.options.offline ?? false,
        cacheDir: plan.caching ? plan.cacheDir : undefined,
        outdated: registry.length > 0,
        vulnerabilities: advisories.length > 0,
      });
      for (const r of [...advisories, ...registry]) external[r.rule.id] = dependencies;
      notes.push(...dependencies.notes.map((text) => note("dependencies.not-checked", text)));
    }
  }
  for (const active of plan.options.historySecrets ? (byInput.get("secret-history") ?? []) : []) {
    const o = active.options as { minEntropy: number; minLength: number; allow: string[] };
    // Secrets still in the working tree are reported there; the history scan skips them.
    const current = new Set(
      findings.filter((f) => f.rule === active.rule.id).map((f) => String(f.evidence.sha256)),
    );
    try {
      external[active.rule.id] = await scanHistory(
        plan.root,
        { minEntropy: o.minEntropy, minLength: o.minLength, allow: o.allow, generic: true },
        current,
      );
    } catch (error) {
      notes.push(
        note(
          "secrets.history-unscanned",
          `--scan-history: git history could not be scanned for secrets (${(error as Error).message}).`,
        ),
      );
    }
  }
  return { external, ...(dependencies ? { dependencies } : {}), notes };
}

/**
 * The resolved module graph. It depends on the paths, the architecture settings, every file's
 * module fact (its imports and exports) and the text of the few files the graph reads itself
 * (manifests, tsconfig, tool configuration: `graphReadsFile`), so it is cached under the first
 * two with each file's content hash: a file whose content changed but whose module fact did not
 * (an edit inside a function) leaves it as it was. A coverage report is read afresh. Resolving
 * every import again cost 50-70 ms of a 0.45 s warm audit of effect's src/. Trade-off: a package
 * changed in node_modules without any audited file changing is seen only at the next change of a
 * file the graph reads.
 */
export function moduleGraphInput(
  plan: AuditPlan,
  files: Pick<FilesStage, "results" | "allPaths" | "previous">,
): ModuleGraph {
  const { config, options } = plan;
  const { results, allPaths, previous } = files;
  const graphCache = plan.caching && !options.coverage ? plan.cacheDir : undefined;
  const graphKey = hashBytes(
    "sha1",
    JSON.stringify([plan.namespace, allPaths, config.architecture]),
    "hex",
  );
  const hashes = results.map((r) => r.hash);
  const cached = graphCache && loadKeyed<CachedGraph>(graphCache, "graph.v10", graphKey);
  if (cached && sameForGraph(cached, results, previous)) {
    // Saved again under today's hashes, so the next audit compares with these files.
    if (cached.paths.some((path, i) => cached.hashes[i] !== hashes[i]))
      saveKeyed(graphCache, "graph.v10", graphKey, { ...cached, hashes });
    return cached.graph;
  }
  const graph = prepareGraph(
    plan.root,
    // Generated code is skipped as debt but its imports are part of the graph.
    results.filter((r) => !r.skip || MODULE_FACT in r.facts),
    allPaths,
    config.architecture,
    options.coverage,
  );
  if (graphCache)
    saveKeyed(graphCache, "graph.v10", graphKey, {
      paths: results.map((r) => r.path),
      hashes,
      graph,
    } satisfies CachedGraph);
  return graph;
}

/** The graph with the files (path, content hash) it was built from. */
interface CachedGraph {
  paths: string[];
  hashes: string[];
  graph: ModuleGraph;
}

/**
 * Whether the graph built from `cached`'s files is the one today's files give: every file is
 * the same, or changed only where the graph does not look (its previous result, the one the
 * graph was built from, has the same module fact and skip, and the graph does not read its text).
 */
function sameForGraph(
  cached: CachedGraph,
  results: readonly FileResult[],
  previous: ReadonlyMap<string, FileResult>,
): boolean {
  if (cached.paths.length !== results.length) return false;
  return results.every((now, i) => {
    if (cached.paths[i] !== now.path) return false;
    if (cached.hashes[i] === now.hash) return true;
    const before = previous.get(now.path);
    return (
      before !== undefined &&
      before.hash === cached.hashes[i] &&
      !graphReadsFile(now.path) &&
      before.skip?.reason === now.skip?.reason &&
      MODULE_FACT in before.facts &&
      MODULE_FACT in now.facts &&
      JSON.stringify(before.facts[MODULE_FACT]) === JSON.stringify(now.facts[MODULE_FACT])
    );
  });
}
