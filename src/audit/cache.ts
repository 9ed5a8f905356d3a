import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import type { AnalyzerError, FileResult } from "../engine/index.ts";
import type { Finding } from "../findings/index.ts";

interface CacheFile {
  namespace: string;
  entries: Array<[string, FileResult]>;
}

/**
 * Per-file results keyed by path and content hash, in one V8-serialised file: one read and one
 * write per audit instead of one per file, and typed arrays (clone tokens) round-trip without
 * copying through JSON. The namespace covers the tool version and every rule's id, version,
 * severity and options: change any and the cache is ignored.
 */
export function loadCache(dir: string, namespace: string): Map<string, FileResult> {
  try {
    const data = deserialize(readFileSync(join(dir, "files.v8"))) as CacheFile;
    if (data.namespace !== namespace) return new Map();
    return new Map(data.entries);
  } catch {
    return new Map(); // no cache yet, or unreadable: start cold
  }
}

export function saveCache(dir: string, namespace: string, results: readonly FileResult[]): string | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    const target = join(dir, "files.v8");
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, serialize({ namespace, entries: results.map((r) => [r.path, r]) } satisfies CacheFile));
    renameSync(temporary, target); // atomic: a concurrent audit never reads half a cache
    return undefined;
  } catch (error) {
    return `the cache could not be written to ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the next audit will parse every file again`;
  }
}

/**
 * The repository stage's findings, keyed by every file's path and content hash (and the rule
 * namespace): when nothing changed, clone detection and the other cross-file rules are not run again.
 */
export interface RepositoryCache {
  key: string;
  findings: Finding[];
  errors: AnalyzerError[];
}

export function loadRepositoryCache(dir: string, key: string): RepositoryCache | undefined {
  try {
    const data = deserialize(readFileSync(join(dir, "repository.v8"))) as RepositoryCache;
    return data.key === key ? data : undefined;
  } catch {
    return undefined;
  }
}

export function saveRepositoryCache(dir: string, cache: RepositoryCache): void {
  try {
    mkdirSync(dir, { recursive: true });
    const target = join(dir, "repository.v8");
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, serialize(cache));
    renameSync(temporary, target);
  } catch {
    // Not fatal: the per-file cache already reported an unwritable folder.
  }
}
