import { hash as hashBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import type { Config } from "../config/index.ts";
import type { DiscoveredFile, Skip } from "../discovery/index.ts";
import { analyzeFile, type ActiveRule, type FileResult } from "../engine/index.ts";
import type { RuleSelection } from "./active-rules.ts";
import type { WorkerTask } from "./worker.ts";

/** Measured on effect's src/: a 64 MB young generation roughly halves garbage-collection time. */
const YOUNG_GENERATION_MB = 64;
/** Bytes per worker task: big enough to amortise messaging, small enough to balance the threads. */
const BATCH_BYTES = 256 * 1024;
/** Below this much new source, starting threads costs more than it saves (measured on effect's src/). */
const WORKER_THRESHOLD_BYTES = 2 * 1024 * 1024;

export interface FileAnalysis {
  results: FileResult[];
  skipped: Skip[];
  /** Files analysed now (not served from the cache). */
  parsed: number;
  threads: number;
}

function plannedThreads(config: Config, files: readonly DiscoveredFile[], cache: ReadonlyMap<string, FileResult>): number {
  if (config.workers !== "auto") return config.workers;
  // Decided before reading, from the sizes discovery already has: a cold audit of a large
  // repository starts its threads while the main thread is still reading files.
  let uncached = 0;
  for (const f of files) if (!cache.has(f.path)) uncached += f.size;
  if (uncached < WORKER_THRESHOLD_BYTES) return 0;
  return Math.min(availableParallelism(), 4);
}

/**
 * Reads every discovered file once, hashes it, serves unchanged files from the cache and
 * analyses the rest: on the main thread for small jobs, else streamed in batches to a pool of
 * worker threads as the files are read. Results come back sorted by path.
 */
export async function analyzeFiles(
  files: readonly DiscoveredFile[],
  cache: ReadonlyMap<string, FileResult>,
  selection: RuleSelection[],
  rules: readonly ActiveRule[],
  config: Config,
  onProgress?: (done: number, total: number) => void,
): Promise<FileAnalysis> {
  const results: FileResult[] = [];
  const skipped: Skip[] = [];
  const threads = plannedThreads(config, files, cache);
  const pool = threads > 0 ? await startPool(threads) : undefined;
  const pending: Array<Promise<FileResult[]>> = [];
  const inline: WorkerTask["files"] = [];
  let batch: WorkerTask["files"] = [];
  let batchBytes = 0;
  let parsed = 0;
  let done = 0;
  const progress = (count: number) => {
    done += count;
    onProgress?.(done, parsed);
  };
  const flush = () => {
    if (!pool || batch.length === 0) return;
    const task: WorkerTask = { selection, files: batch };
    pending.push(
      pool.run(task).then((out: FileResult[]) => {
        progress(out.length);
        return out;
      }),
    );
    batch = [];
    batchBytes = 0;
  };

  try {
    for (const file of files) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file.absolute);
      } catch (error) {
        skipped.push({ path: file.path, reason: "unreadable", detail: (error as NodeJS.ErrnoException).code ?? "read failed" });
        continue;
      }
      const hash = hashBytes("sha1", bytes, "hex");
      const cached = cache.get(file.path);
      if (cached && cached.hash === hash) {
        results.push(cached);
        continue;
      }
      parsed++;
      const entry = { path: file.path, bytes, hash };
      if (!pool) {
        inline.push(entry);
        continue;
      }
      batch.push(entry);
      batchBytes += bytes.byteLength;
      if (batchBytes >= BATCH_BYTES) flush();
    }
    flush();
    for (const file of inline) {
      results.push(analyzeFile(file.path, file.bytes, file.hash, rules));
      progress(1);
    }
    for (const out of await Promise.all(pending)) results.push(...out);
  } finally {
    await pool?.destroy();
  }
  results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { results, skipped, parsed, threads: pool ? threads : 0 };
}

async function startPool(threads: number) {
  const { Tinypool } = await import("tinypool");
  return new Tinypool({
    filename: new URL(`./worker-entry${extname(new URL(import.meta.url).pathname)}`, import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    // ASTs are many short-lived objects: a larger young generation means far fewer scavenges.
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
}
