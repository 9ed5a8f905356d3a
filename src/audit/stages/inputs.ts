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
import { MODULE_FACT, prepareGraph, type ModuleGraph } from "../../graph/index.ts";
import { scanHistory } from "../../secrets/index.ts";
import { loadKeyed, saveKeyed } from "../cache.ts";
import type { AuditPlan } from "../plan.ts";

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
 * The resolved module graph. It depends on the files (their paths and contents: the repository
 * key, which covers package.json, tsconfig and lockfiles) and the architecture settings, so it is
 * cached under both; a coverage report is read afresh. Resolving every import again cost 50-70 ms
 * of a 0.45 s warm audit of effect's src/. Trade-off: a package changed in node_modules without
 * any audited file changing is seen only at the next change of a file.
 */
export function moduleGraphInput(
  plan: AuditPlan,
  results: readonly FileResult[],
  allPaths: readonly string[],
  repositoryKey: string,
): ModuleGraph {
  const { config, options } = plan;
  const graphCache = plan.caching && !options.coverage ? plan.cacheDir : undefined;
  const graphKey = hashBytes("sha1", JSON.stringify([repositoryKey, config.architecture]), "hex");
  const cached = graphCache && loadKeyed<ModuleGraph>(graphCache, "graph.v9", graphKey);
  if (cached) return cached;
  const graph = prepareGraph(
    plan.root,
    // Generated code is skipped as debt but its imports are part of the graph.
    results.filter((r) => !r.skip || MODULE_FACT in r.facts),
    allPaths,
    config.architecture,
    options.coverage,
  );
  if (graphCache) saveKeyed(graphCache, "graph.v9", graphKey, graph);
  return graph;
}
