import { hash as hashBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import type { Config } from "../config/index.ts";
import type { DiscoveredFile, Skip } from "../discovery/index.ts";
import { analyzeFile, type ActiveRule, type FileResult } from "../engine/index.ts";
import { BANNER_BYTES, type Scope } from "../scopes/index.ts";
import type { RuleSelection } from "./active-rules.ts";
import type { WorkerTask } from "./worker.ts";

/** Measured on effect's src/: a 64 MB young generation roughly halves garbage-collection time. */
const YOUNG_GENERATION_MB = 64;
/** Bytes per worker task: big enough to amortise messaging, small enough to balance the threads. */
const BATCH_BYTES = 256 * 1024;
const MIN_CORES_FOR_WORKERS = 4;
const WORKER_STACK_MB = 8;
/** Below this much new source, starting threads costs more than it saves (measured on effect's src/). */
const WORKER_THRESHOLD_BYTES = 2 * 1024 * 1024;

export interface FileAnalysis {
  results: FileResult[];
  skipped: Skip[];
  /** Files analysed now (not served from the cache). */
  parsed: number;
  /** Worker threads that helped the main thread (0: the main thread alone). */
  workers: number;
}

function uncachedBytes(
  files: readonly DiscoveredFile[],
  cache: ReadonlyMap<string, FileResult>,
): number {
  let uncached = 0;
  for (const f of files) if (!cache.has(f.path)) uncached += f.size;
  return uncached;
}

function plannedThreads(
  config: Config,
  files: readonly DiscoveredFile[],
  cache: ReadonlyMap<string, FileResult>,
): number {
  // A configuration (possibly the audited repository's) may lower resource use, never raise it
  // past the machine: at most one thread per core.
  if (config.workers !== "auto") return Math.min(config.workers, availableParallelism()) + 1;
  // Decided before reading, from the sizes discovery already has, so that the threads start
  // while the main thread is still reading files.
  if (uncachedBytes(files, cache) < WORKER_THRESHOLD_BYTES) return 1;
  // Measured on effect's src/ with 2 cores: one thread alone already keeps both busy (V8's
  // parallel garbage collector takes the second), and a worker adds its own start-up and JIT
  // warm-up, so main + 1 worker was 20% slower (2.9 s against 2.4 s). Threads pay from 4 cores.
  const cores = availableParallelism();
  return cores >= MIN_CORES_FOR_WORKERS ? Math.min(cores - 1, 4) : 1;
}

/**
 * Reads every discovered file once, hashes it, serves unchanged files from the cache and
 * analyses the rest in batches, on the main thread and, where they pay, on worker threads that
 * take batches from the same queue. Results come back sorted by path.
 */
export async function analyzeFiles(
  files: readonly DiscoveredFile[],
  cache: ReadonlyMap<string, FileResult>,
  selection: RuleSelection[],
  rules: readonly ActiveRule[],
  config: Config,
  scopeOf: (path: string, head: string) => Scope,
  onProgress?: (done: number, total: number) => void,
): Promise<FileAnalysis> {
  const results: FileResult[] = [];
  const skipped: Skip[] = [];
  const threads = plannedThreads(config, files, cache);
  // The main thread is one of the analysing threads: it has its modules loaded already, and
  // would otherwise sit idle while the workers parse.
  const pool = threads > 1 ? await startPool(threads - 1) : undefined;
  const batches: Array<WorkerTask["files"]> = [];
  let batch: WorkerTask["files"] = [];
  let batchBytes = 0;
  let parsed = 0;
  let done = 0;
  const progress = (count: number) => {
    done += count;
    onProgress?.(done, parsed);
  };

  try {
    for (const file of files) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file.absolute);
      } catch (error) {
        skipped.push({
          path: file.path,
          reason: "unreadable",
          detail: (error as NodeJS.ErrnoException).code ?? "read failed",
        });
        continue;
      }
      const hash = hashBytes("sha1", bytes, "hex");
      // The banner check reads the head already in memory: no second read.
      const scope = scopeOf(file.path, bytes.toString("latin1", 0, BANNER_BYTES));
      const cached = cache.get(file.path);
      if (cached && cached.hash === hash && cached.scope === scope) {
        results.push(cached);
        continue;
      }
      parsed++;
      batch.push({ path: file.path, bytes, hash, scope });
      batchBytes += bytes.byteLength;
      if (batchBytes >= BATCH_BYTES) {
        batches.push(batch);
        batch = [];
        batchBytes = 0;
      }
    }
    if (batch.length) batches.push(batch);

    // One queue, taken from by the main thread and by one pump per worker: whoever is free takes
    // the next batch, so a slow start of the workers costs nothing.
    let next = 0;
    const take = () => (next < batches.length ? batches[next++] : undefined);
    const pumps = Array.from({ length: threads - 1 }, async () => {
      for (let files = take(); files; files = take()) {
        const out = (await pool!.run({ selection, files } satisfies WorkerTask)) as FileResult[];
        results.push(...out);
        progress(out.length);
      }
    });
    for (let files = take(); files; files = take()) {
      for (const file of files)
        results.push(analyzeFile(file.path, file.bytes, file.hash, rules, file.scope));
      progress(files.length);
      // Let the workers' answers in, so their pumps hand them the next batch without waiting,
      // and git's history stream too: git works in its own process while we parse.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(pumps);
  } finally {
    await pool?.destroy();
  }
  results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { results, skipped, parsed, workers: pool ? threads - 1 : 0 };
}

async function startPool(threads: number) {
  const { Tinypool } = await import("tinypool");
  return new Tinypool({
    filename: new URL(
      `./worker-entry${extname(new URL(import.meta.url).pathname)}`,
      import.meta.url,
    ).href,
    minThreads: threads,
    maxThreads: threads,
    // ASTs are many short-lived objects: a larger young generation means far fewer scavenges.
    // The parser recurses on the thread's own stack: a worker gets as much as the main thread
    // (8 MB; Node gives workers 4 MB), so a file that is safe to parse there is safe here too
    // (docs/adr/0001-parse-depth-limit.md).
    resourceLimits: {
      maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
      stackSizeMb: WORKER_STACK_MB,
    },
  });
}
