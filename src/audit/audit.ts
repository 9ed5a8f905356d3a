import { hash as hashBytes } from "node:crypto";
import { basename, resolve } from "node:path";
import type { Config } from "../config/index.ts";
import { discoverFiles, isDirectory, type Skip } from "../discovery/index.ts";
import {
  analyzeRepository,
  summaryOf,
  type AnalyzerError,
  type FileResult,
} from "../engine/index.ts";
import { gatherExternal } from "../dependencies/index.ts";
import { duplicatedLines } from "../duplication/index.ts";
import {
  MODULE_FACT,
  coverageSection,
  fanInOf,
  graphSection,
  prepareGraph,
  type ModuleGraph,
} from "../graph/index.ts";
import {
  AFTER_HEALTH_RULES,
  changeRates,
  historySection,
  loadHistory,
  riskBumpsFrom,
} from "../history/index.ts";
import { readRepositoryIdentity } from "../git/index.ts";
import { buildRegister } from "../register/index.ts";
import { REPORT_SCHEMA_ID, type AuditReport } from "../report/index.ts";
import { RULES, ruleById, type FunctionMetrics } from "../rules/index.ts";
import { activate, selectRules } from "./active-rules.ts";
import {
  loadCache,
  loadKeyed,
  repositoryMemo,
  restoreDeferredFacts,
  saveCache,
  saveKeyed,
} from "./cache.ts";
import { ensureCacheDir, resolveCacheDir } from "./cache-location.ts";
import { TOOL_VERSION } from "./version.ts";
import { analyzeFiles } from "./analyze-files.ts";

export class AuditInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuditInputError";
  }
}

export interface AuditOptions {
  root: string;
  config: Config;
  onProgress?: (done: number, total: number) => void;
  /** An lcov or istanbul JSON coverage report (`--coverage FILE`) for quality/untested-module. */
  coverage?: string;
  /** An OSV advisory folder (`--advisories`); without it the OSV API is asked unless offline. */
  advisories?: string;
  /** No network: no OSV API, no registry metadata (`--offline`). */
  offline?: boolean;
  /** Also scan past commits for secrets (`--history`). */
  historySecrets?: boolean;
  /** The cache folder (default: `resolveCacheDir`: never one the audited repository chose). */
  cacheDir?: string;
}

/**
 * The audit pipeline: discover, read each file once, analyse what the cache does not already
 * know (in worker threads when there is enough of it), run the repository stage on the
 * summaries, price the findings, and assemble the versioned report.
 */
export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const started = performance.now();
  const root = resolve(options.root);
  if (!isDirectory(root))
    throw new AuditInputError(`${options.root}: no such folder (debtlens audits a folder)`);
  const { config } = options;
  const discovery = discoverFiles(root, {
    maxFileSize: config.maxFileSize,
    include: config.include,
    exclude: config.exclude,
  });
  const selection = selectRules(config);
  // The module graph's collector runs in the same traversal as the rules (src/graph/collect.ts).
  selection.push({ id: MODULE_FACT, severity: "info", severityConfigured: false, options: {} });
  const rules = activate(selection);
  const namespace = hashBytes(
    "sha1",
    JSON.stringify({
      version: TOOL_VERSION,
      rules: selection.map((s) => ({ ...s, v: ruleById(s.id)!.version })),
    }),
    "hex",
  );
  const notes: string[] = [];
  const cacheDir = options.cacheDir ?? resolveCacheDir(root, config);
  const cacheProblem = config.cache.enabled ? ensureCacheDir(root, cacheDir) : undefined;
  if (cacheProblem) notes.push(cacheProblem);
  const caching = config.cache.enabled && !cacheProblem;
  const loaded = caching
    ? loadCache(cacheDir, namespace)
    : { entries: new Map<string, FileResult>() };

  const phases: Record<string, number> = {};
  let phaseStart = started;
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - phaseStart);
    phaseStart = now;
  };
  phase("discover");
  let analysis = await analyzeFiles(
    discovery.files,
    loaded.entries,
    selection,
    rules,
    config,
    options.onProgress,
  );
  const deferred = new Set(rules.filter((r) => r.rule.filesOnly).map((r) => r.rule.id));
  phase("files");
  // Rules that read only the files (clone detection) are remembered by the files' content; the
  // facts only they read (clone tokens: most of the cache's bytes) are kept apart and loaded only
  // when one of them must run again.
  const allPaths = discovery.files.map((f) => f.path);
  const repositoryKeyOf = (files: readonly FileResult[]) =>
    hashBytes("sha1", JSON.stringify([namespace, allPaths, files.map((r) => r.hash)]), "hex");
  const memo = repositoryMemo(caching ? cacheDir : undefined, repositoryKeyOf(analysis.results));
  if (caching) {
    const rerun = analysis.parsed > 0 || [...deferred].some((id) => !memo.get(id));
    const restored =
      !rerun ||
      analysis.parsed === analysis.results.length ||
      restoreDeferredFacts(cacheDir, namespace, analysis.results, deferred, loaded.factsId);
    if (!restored) {
      // Entries whose facts are lost cannot be trusted to give the same findings: start cold.
      notes.push(
        "The cache was incomplete (a part of it missing or not ours): every file was analysed again.",
      );
      analysis = await analyzeFiles(
        discovery.files,
        new Map(),
        selection,
        rules,
        config,
        options.onProgress,
      );
    }
  }
  const { results } = analysis;
  const skipped: Skip[] = [...discovery.skipped, ...analysis.skipped];
  const repositoryKey = repositoryKeyOf(results);
  if (caching) {
    if (analysis.parsed > 0) {
      const problem = saveCache(cacheDir, namespace, results, deferred);
      if (problem) notes.push(problem);
    }
  }
  phase("cache");

  const analysed = results.filter((r) => !r.skip);
  for (const r of results)
    if (r.skip) skipped.push({ path: r.path, reason: r.skip.reason, detail: r.skip.detail });
  // A folder outside git, or one its enclosing repository ignores, has no history of its own.
  const identity = discovery.source === "git" ? readRepositoryIdentity(root) : undefined;
  const { history, note: historyNote } =
    discovery.source === "git"
      ? await loadHistory(root, config, allPaths)
      : {
          history: undefined,
          note: `No git history for this folder (not in a git repository, or ignored by the enclosing one): every file's interest assumes ${config.scoring.defaultChangesPerYear} changes a year (scoring.defaultChangesPerYear).`,
        };
  notes.push(historyNote);
  phase("history");
  const summaries = analysed.map(summaryOf);
  const gathered = await gatherExternal({
    root,
    cacheDir: caching ? cacheDir : undefined,
    rules,
    files: summaries,
    findings: analysed.flatMap((r) => r.findings),
    ...(options.advisories ? { advisories: resolve(options.advisories) } : {}),
    offline: options.offline ?? false,
    history: options.historySecrets ?? false,
  });
  notes.push(...gathered.notes);
  phase("external");
  // The graph depends on the files (their paths and contents: the repository key, which covers
  // package.json, tsconfig and lockfiles) and the architecture settings; a coverage report is read
  // afresh. Resolving every import again cost 50-70 ms of a 0.45 s warm audit of effect's src/.
  // Trade-off: a package changed in node_modules without any audited file changing (no lockfile
  // or package.json edit) is seen only at the next change of a file.
  const graphCache = caching && !options.coverage ? cacheDir : undefined;
  const graphKey = hashBytes("sha1", JSON.stringify([repositoryKey, config.architecture]), "hex");
  let graph = graphCache && loadKeyed<ModuleGraph>(graphCache, "graph.v8", graphKey);
  if (!graph) {
    graph = prepareGraph(
      root,
      // Generated code is skipped as debt but its imports are part of the graph.
      results.filter((r) => !r.skip || MODULE_FACT in r.facts),
      allPaths,
      config.architecture,
      options.coverage,
    );
    if (graphCache) saveKeyed(graphCache, "graph.v8", graphKey, graph);
  }
  if (graph.coverage?.problem) notes.push(graph.coverage.problem);
  phase("graph");
  const repository = analyzeRepository(
    summaries,
    allPaths,
    rules.filter((r) => !AFTER_HEALTH_RULES.has(r.rule.id)),
    {
      ...(history ? { history } : {}),
      graph,
      external: gathered.external,
      memo,
    },
  );
  memo.save();
  phase("repository");
  const findings = [...analysed.flatMap((r) => r.findings), ...repository.findings];
  const errors: AnalyzerError[] = [...analysed.flatMap((r) => r.errors), ...repository.errors];
  const lateRules = rules.filter((r) => AFTER_HEALTH_RULES.has(r.rule.id));
  if (history && lateRules.length > 0) {
    // Hotspots need code health, which the register computes from the other rules' findings.
    const health = new Map(
      buildRegister({ findings, files: analysed, scoring: config.scoring }).files.map((f) => [
        f.path,
        f.health,
      ]),
    );
    const late = analyzeRepository(summaries, allPaths, lateRules, {
      history: { ...history, health },
      graph,
    });
    findings.push(...late.findings);
    errors.push(...late.errors);
  }

  const register = buildRegister({
    findings,
    files: analysed,
    scoring: config.scoring,
    fanIn: fanInOf(graph),
    riskBumps: riskBumpsFrom(
      findings,
      analysed.filter((r) => r.language).map((r) => r.path),
    ),
    ...(history ? { changesPerYear: changeRates(history, allPaths) } : {}),
  });
  phase("register");

  const repositoryIdentity = identity && (await identity);
  const clones = findings.filter((f) => f.rule === "quality/duplicated-code" && f.places);
  const dupLines = duplicatedLines(
    clones.map((f) => ({ tokens: 0, lines: 0, contentHash: "", places: f.places! })),
  ).total;
  const byPath = new Map(analysed.map((r) => [r.path, r]));
  const skipCounts: Record<string, number> = {};
  for (const s of skipped) skipCounts[s.reason] = (skipCounts[s.reason] ?? 0) + 1;
  const enabled = new Set(selection.map((s) => s.id));

  return {
    schema: REPORT_SCHEMA_ID,
    tool: { name: "debtlens", version: TOOL_VERSION },
    generatedAt: new Date().toISOString(),
    root: basename(root),
    durationMs: Math.round(performance.now() - started),
    ...(repositoryIdentity && Object.keys(repositoryIdentity).length
      ? { repository: repositoryIdentity }
      : {}),
    notes,
    scoring: {
      preset: config.scoring.preset,
      currency: config.scoring.currency,
      hourlyCost: config.scoring.hourlyCost,
      hoursPerChange: config.scoring.hoursPerChange,
      defaultChangesPerYear: config.scoring.defaultChangesPerYear,
      minutesPerLine: config.scoring.minutesPerLine,
      incidentCost: config.scoring.incidentCost,
      weights: config.scoring.weights,
      healthyThreshold: config.scoring.healthyThreshold,
      alertThreshold: config.scoring.alertThreshold,
      alertOverhead: config.scoring.alertOverhead,
      incidentLikelihood: config.scoring.incidentLikelihood,
    },
    summary: {
      files: register.files.length,
      linesOfCode: register.totals.linesOfCode,
      items: register.totals.items,
      remediationMinutes: register.totals.remediationMinutes,
      principal: register.totals.principal,
      interest: register.totals.interest,
      debtRatio: register.totals.debtRatio,
      rating: register.totals.rating,
      byCategory: register.totals.byCategory,
      byClass: register.totals.byClass,
      duplicatedLines: dupLines,
    },
    items: register.items,
    files: register.files.map((f) => {
      const result = byPath.get(f.path)!;
      const functions = result.facts["quality/complex-function"] as FunctionMetrics[] | undefined;
      return {
        path: f.path,
        language: result.language ?? "unknown",
        lines: result.lines,
        linesOfCode: f.linesOfCode,
        health: f.health,
        findings: f.findings,
        ...(functions ? { functions } : {}),
      };
    }),
    ...(history ? { history: historySection(history, register.items, register.files) } : {}),
    ...(gathered.dependencies ? { dependencies: gathered.dependencies } : {}),
    graph: graphSection(graph),
    ...(graph.coverage ? { coverage: coverageSection(graph) } : {}),
    skipped: { counts: skipCounts, files: skipped },
    errors,
    rules: RULES.map((r) => ({
      id: r.id,
      category: r.category,
      severity: r.severity,
      description: r.description,
      docs: `docs/rules/${r.id}.md`,
      enabled: enabled.has(r.id),
    })),
    stats: {
      discovery: discovery.source,
      filesRead: discovery.files.length,
      cacheHits: results.length - analysis.parsed,
      parsed: analysis.parsed,
      workers: analysis.workers,
      phases,
    },
  };
}
