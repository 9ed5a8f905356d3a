import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import type { AnalyzerError, FileResult, RepositoryMemo } from "../engine/index.ts";
import type { Finding } from "../findings/index.ts";
import { readSealed, writeSealed } from "../shared/index.ts";

/** Reads a cache file we wrote (authenticated by the per-user key), else throws. */
function readOwn(file: string): Buffer {
  const bytes = readSealed(file);
  if (!bytes) throw new Error(`${file}: absent or not ours`);
  return bytes;
}

interface CacheFile {
  namespace: string;
  entries: Array<[string, FileResult]>;
  /** Names the facts.v8 written with these entries: another one (or none) cannot complete them. */
  factsId?: string;
}

export interface LoadedCache {
  entries: Map<string, FileResult>;
  factsId?: string;
  /** The paths whose entry came from `delta.v8` (complete results, deferred facts included). */
  delta?: ReadonlySet<string>;
}

/** The results analysed since the last full save, deferred facts included, tied to its id. */
interface DeltaFile {
  namespace: string;
  factsId: string;
  entries: Array<[string, FileResult]>;
}

/** A delta past this many results (or a twentieth of the files) is folded into a full save. */
const MAX_DELTA = 32;

/**
 * Per-file results keyed by path and content hash, in one file: one read and one write per audit
 * instead of one per file. The namespace covers the tool version and every rule's id, version,
 * severity and options: change any and the cache is ignored.
 */
export function loadCache(dir: string, namespace: string): LoadedCache {
  for (const [name, read] of CACHE_FORMATS) {
    try {
      const data = read(join(dir, name)) as CacheFile;
      if (data.namespace !== namespace) return { entries: new Map() };
      const entries = new Map(data.entries);
      if (!data.factsId) return { entries };
      const delta = loadDelta(dir, namespace, data.factsId);
      for (const [path, result] of delta) entries.set(path, result);
      return {
        entries,
        factsId: data.factsId,
        ...(delta.length ? { delta: new Set(delta.map(([path]) => path)) } : {}),
      };
    } catch {
      // absent, unreadable or not ours: try the other format, else start cold
    }
  }
  return { entries: new Map() };
}

/** The delta written after the full save named `factsId`, else nothing. */
function loadDelta(dir: string, namespace: string, factsId: string): Array<[string, FileResult]> {
  try {
    const data = deserialize(readOwn(join(dir, "delta.v8"))) as DeltaFile;
    return data.namespace === namespace && data.factsId === factsId ? data.entries : [];
  } catch {
    return [];
  }
}

/**
 * The per-file results are plain data, and V8 parses JSON about twice as fast as it deserialises
 * its own format for many small objects; typed arrays (which JSON would flatten) force the V8
 * format. Only one of the two files exists at a time.
 */
const CACHE_FORMATS: Array<[string, (file: string) => unknown]> = [
  ["files.json", (file) => JSON.parse(readOwn(file).toString("utf8"))],
  ["files.v8", (file) => deserialize(readOwn(file))],
];

/** Whether a value holds anything JSON would flatten or drop (typed arrays, maps, sets). */
function holdsNonJson(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if (ArrayBuffer.isView(value) || value instanceof Map || value instanceof Set) return true;
  if (Array.isArray(value)) return value.some(holdsNonJson);
  for (const key in value) if (holdsNonJson((value as Record<string, unknown>)[key])) return true;
  return false;
}

function serialiseResults(data: CacheFile): [name: string, other: string, bytes: Buffer] {
  // Only rules' facts can hold such values (findings and metrics are plain data): checking them
  // beforehand lets JSON.stringify run without a replacer, which it calls for every value.
  const typed = data.entries.some(([, result]) => holdsNonJson(result.facts));
  return typed
    ? ["files.v8", "files.json", serialize(data)]
    : ["files.json", "files.v8", Buffer.from(JSON.stringify(data))];
}

/**
 * Writes the per-file results. The facts of `deferred` rules go to a second file, `facts.v8`, so
 * that an audit which does not need them (nothing changed) does not pay for reading them. When
 * `loaded` (what this audit read) came from a full save and few files differ from it, only those
 * go to `delta.v8`, whole: rewriting every file's results for one edit cost about 100 ms of a
 * 0.5 s audit of effect's src/. Results of files no longer audited stay in the full save until
 * the next one, where nothing looks them up.
 */
export function saveCache(
  dir: string,
  namespace: string,
  results: readonly FileResult[],
  deferred: ReadonlySet<string> = new Set(),
  loaded?: LoadedCache,
): string | undefined {
  try {
    if (loaded?.factsId) {
      // Whatever the full save does not hold: analysed now, or kept in the delta already.
      const fresh = results.filter(
        (r) => loaded.entries.get(r.path) !== r || loaded.delta?.has(r.path),
      );
      if (fresh.length <= Math.max(MAX_DELTA, results.length / 20)) {
        const delta: DeltaFile = {
          namespace,
          factsId: loaded.factsId,
          entries: fresh.map((r) => [r.path, r]),
        };
        writeAtomically(join(dir, "delta.v8"), serialize(delta));
        return undefined;
      }
    }
    const light: Array<[string, FileResult]> = [];
    const heavy: Array<[string, { hash: string; facts: Record<string, unknown> }]> = [];
    for (const result of results) {
      const facts: Record<string, unknown> = {};
      const kept: Record<string, unknown> = {};
      let any = false;
      for (const [id, fact] of Object.entries(result.facts)) {
        if (deferred.has(id)) {
          kept[id] = fact;
          any = true;
        } else {
          facts[id] = fact;
        }
      }
      light.push([result.path, { ...result, facts }]);
      if (any) heavy.push([result.path, { hash: result.hash, facts: kept }]);
    }
    const factsId = randomBytes(8).toString("hex");
    writeAtomically(join(dir, "facts.v8"), serialize({ namespace, entries: heavy, factsId }));
    const [name, other, bytes] = serialiseResults({ namespace, entries: light, factsId });
    writeAtomically(join(dir, name), bytes);
    rmSync(join(dir, other), { force: true });
    rmSync(join(dir, "delta.v8"), { force: true });
    return undefined;
  } catch (error) {
    return `the cache could not be written to ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the next audit will parse every file again`;
  }
}

/**
 * Puts the deferred facts back on results served from the cache (same path and hash). False when
 * the facts file that was written with the entries is missing, corrupt or another one: the
 * caller must then analyse the files again rather than go on without their facts.
 */
export function restoreDeferredFacts(
  dir: string,
  namespace: string,
  results: FileResult[],
  deferred: ReadonlySet<string>,
  factsId: string | undefined,
): boolean {
  let entries: Map<string, { hash: string; facts: Record<string, unknown> }>;
  try {
    const data = deserialize(readOwn(join(dir, "facts.v8"))) as {
      namespace: string;
      entries: Array<[string, { hash: string; facts: Record<string, unknown> }]>;
      factsId?: string;
    };
    if (data.namespace !== namespace || !factsId || data.factsId !== factsId) return false;
    entries = new Map(data.entries);
  } catch {
    return false;
  }
  for (const result of results) {
    if ([...deferred].every((id) => id in result.facts)) continue;
    const stored = entries.get(result.path);
    if (stored && stored.hash === result.hash) Object.assign(result.facts, stored.facts);
  }
  return true;
}

/**
 * Atomic (a concurrent audit never reads half a file), never through a link, and sealed with the
 * per-user key so that a planted or corrupted file is not taken for ours.
 */
function writeAtomically(target: string, data: Buffer): void {
  writeSealed(target, data);
}

/**
 * Remembers the repository-stage results of `filesOnly` rules (clone detection), keyed by every
 * file's path and content hash and the rule namespace: a repeated audit of unchanged files
 * loads them instead of running the rules again. What such a rule carries to its next run
 * (`carry`) is kept apart, in `carry.v8` under the namespace alone, and read only when a rule
 * runs again. Without a folder it remembers nothing.
 */
export function repositoryMemo(
  dir: string | undefined,
  key: string,
  namespace: string,
): RepositoryMemo & { save(): void } {
  type Entry = { findings: Finding[]; errors: AnalyzerError[] };
  const stored: Record<string, Entry> =
    (dir ? loadKeyed<Record<string, Entry>>(dir, "repository.v8", key) : undefined) ?? {};
  let carries: Record<string, unknown> | undefined;
  const loadCarries = () =>
    (carries ??=
      (dir ? loadKeyed<Record<string, unknown>>(dir, "carry.v8", namespace) : undefined) ?? {});
  let changed = false;
  let carried = false;
  return {
    get: (ruleId) => stored[ruleId],
    set: (ruleId, result) => {
      stored[ruleId] = result;
      changed = true;
    },
    carried: (ruleId) => loadCarries()[ruleId],
    carry: (ruleId, value) => {
      loadCarries()[ruleId] = value;
      carried = true;
    },
    save: () => {
      if (dir && changed) saveKeyed(dir, "repository.v8", key, stored);
      if (dir && carried) saveKeyed(dir, "carry.v8", namespace, carries);
    },
  };
}

/**
 * One value kept under a key in its own file (V8's format): the findings of `filesOnly` rules and
 * the module graph, which cost more to compute again than to read. Undefined when the file is
 * absent, unreadable or under another key.
 */
export function loadKeyed<T>(dir: string, name: string, key: string): T | undefined {
  try {
    const data = deserialize(readOwn(join(dir, name))) as { key: string; value: T };
    return data.key === key ? data.value : undefined;
  } catch {
    return undefined;
  }
}

export function saveKeyed(dir: string, name: string, key: string, value: unknown): void {
  try {
    writeAtomically(join(dir, name), serialize({ key, value }));
  } catch {
    // Not fatal: the per-file cache already reports an unwritable folder.
  }
}
