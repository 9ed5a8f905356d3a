import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import type { AnalyzerError, FileResult, RepositoryMemo } from "../engine/index.ts";
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
 * Remembers the repository-stage results of `filesOnly` rules (clone detection), keyed by every
 * file's path and content hash and the rule namespace: a repeated audit of unchanged files
 * loads them instead of running the rules again. Without a folder it remembers nothing.
 */
export function repositoryMemo(dir: string | undefined, key: string): RepositoryMemo & { save(): void } {
  type Entry = { findings: Finding[]; errors: AnalyzerError[] };
  let stored: Record<string, Entry> = {};
  let changed = false;
  if (dir) {
    try {
      const data = deserialize(readFileSync(join(dir, "repository.v8"))) as { key: string; rules: Record<string, Entry> };
      if (data.key === key) stored = data.rules;
    } catch {
      // no memo yet
    }
  }
  return {
    get: (ruleId) => stored[ruleId],
    set: (ruleId, result) => {
      stored[ruleId] = result;
      changed = true;
    },
    save: () => {
      if (!dir || !changed) return;
      try {
        mkdirSync(dir, { recursive: true });
        const target = join(dir, "repository.v8");
        const temporary = `${target}.${process.pid}.tmp`;
        writeFileSync(temporary, serialize({ key, rules: stored }));
        renameSync(temporary, target);
      } catch {
        // Not fatal: the per-file cache already reports an unwritable folder.
      }
    },
  };
}
