import { hash as hashBytes } from "node:crypto";
import type { DiscoveredFile, Skip } from "../../discovery/index.ts";
import { note, type Note } from "../../shared/index.ts";
import type { FileResult, RepositoryMemo } from "../../engine/index.ts";
import { analyzeFiles } from "../analyze-files.ts";
import { loadCache, repositoryMemo, restoreDeferredFacts, saveCache } from "../cache.ts";
import type { ScopeResolver } from "../../scopes/index.ts";
import type { AuditPlan } from "../plan.ts";

export interface FilesStage {
  /** Every file's result, skipped ones included, sorted by path. */
  results: FileResult[];
  /** The results that were analysed (not skipped). */
  analysed: FileResult[];
  skipped: Skip[];
  /** Every path discovery found. */
  allPaths: string[];
  /** Files parsed in this run (the rest came from the cache). */
  parsed: number;
  workers: number;
  /** Names every file's path and content under the rule namespace (keys the graph and memo). */
  repositoryKey: string;
  /** The cached result each path had before this run (for files analysed again: their old one). */
  previous: ReadonlyMap<string, FileResult>;
  /** Repository-stage results of `filesOnly` rules, remembered by the files' content. */
  memo: RepositoryMemo & { save(): void };
  notes: Note[];
}

/**
 * Stage 2: reads every file once, serves unchanged ones from the cache, analyses the rest (rules'
 * per-file parts in one traversal), and keeps the cache. A cache whose parts do not belong
 * together is not trusted: every file is analysed again.
 */
export async function analyseFilesStage(
  plan: AuditPlan,
  files: readonly DiscoveredFile[],
  scopes: ScopeResolver,
  onProgress?: (done: number, total: number) => void,
): Promise<FilesStage> {
  const { caching, cacheDir, namespace, selection, rules, config } = plan;
  const notes: Note[] = [];
  const loaded = caching
    ? loadCache(cacheDir, namespace)
    : { entries: new Map<string, FileResult>() };
  const run = (cache: ReadonlyMap<string, FileResult>) =>
    analyzeFiles(files, cache, selection, rules, config, scopes.ofFile, onProgress);
  let analysis = await run(loaded.entries);
  // Rules that read only the files (clone detection) are remembered by the files' content; the
  // facts only they read (clone tokens: most of the cache's bytes) are kept apart and loaded only
  // when one of them must run again.
  const deferred = new Set(rules.filter((r) => r.rule.filesOnly).map((r) => r.rule.id));
  const allPaths = files.map((f) => f.path);
  const keyOf = (results: readonly FileResult[]) =>
    hashBytes("sha1", JSON.stringify([namespace, allPaths, results.map((r) => r.hash)]), "hex");
  const memo = repositoryMemo(caching ? cacheDir : undefined, keyOf(analysis.results), namespace);
  if (caching) {
    const rerun = analysis.parsed > 0 || [...deferred].some((id) => !memo.get(id));
    const restored =
      !rerun ||
      analysis.parsed === analysis.results.length ||
      restoreDeferredFacts(cacheDir, namespace, analysis.results, deferred, loaded.factsId);
    if (!restored) {
      notes.push(
        note(
          "cache.incomplete",
          "The cache was incomplete (a part of it missing or not ours): every file was analysed again.",
        ),
      );
      analysis = await run(new Map());
    }
    if (analysis.parsed > 0) {
      const problem = saveCache(
        cacheDir,
        namespace,
        analysis.results,
        deferred,
        restored ? loaded : undefined,
      );
      if (problem) notes.push(note("cache.unsaved", problem));
    }
  }
  const { results } = analysis;
  const skipped: Skip[] = [...analysis.skipped];
  for (const r of results)
    if (r.skip) skipped.push({ path: r.path, reason: r.skip.reason, detail: r.skip.detail });
  return {
    results,
    analysed: results.filter((r) => !r.skip),
    skipped,
    allPaths,
    parsed: analysis.parsed,
    workers: analysis.workers,
    repositoryKey: keyOf(results),
    previous: loaded.entries,
    memo,
    notes,
  };
}
