import { join } from "node:path";
import { readSealed, writeSealed } from "../shared/index.ts";

/** What debtlens keeps of a package's registry document: the few fields libyear and deprecation need. */
export interface PackageMetadata {
  fetchedAt: number;
  latest?: string;
  /** Release time of each version, ISO 8601. */
  time: Record<string, string>;
  /** Deprecation message by version, for the deprecated ones. */
  deprecated: Record<string, string>;
}

export interface RegistryOptions {
  /** Where registry answers are kept; undefined with the cache off (nothing read or written). */
  cacheDir: string | undefined;
  registry?: string;
  timeoutMs?: number;
  /** Cached metadata younger than this is used without asking the registry again. */
  maxAgeMs?: number;
  concurrency?: number;
  fetch?: typeof fetch;
}

export interface RegistryResult {
  metadata: Map<string, PackageMetadata>;
  /** Names the registry did not answer for (timeout, error, not found). */
  failed: string[];
  fromCache: number;
}

const DAY = 24 * 3600 * 1000;

function loadRegistryCache(file: string): Record<string, PackageMetadata> {
  try {
    // Only a file this user's debtlens wrote is read: a committed one cannot pose as fresh answers.
    const bytes = readSealed(file);
    return bytes ? (JSON.parse(bytes.toString("utf8")) as Record<string, PackageMetadata>) : {};
  } catch {
    return {};
  }
}

/**
 * Registry metadata of each package, fetched once per package (concurrently, each request with a
 * timeout) and kept in `<cacheDir>/registry.json` for a day, so a second audit asks nothing.
 */
export async function fetchMetadata(
  names: readonly string[],
  options: RegistryOptions,
): Promise<RegistryResult> {
  const file = options.cacheDir ? join(options.cacheDir, "registry.json") : undefined;
  const cache = file ? loadRegistryCache(file) : {};
  const now = Date.now();
  const metadata = new Map<string, PackageMetadata>();
  const todo: string[] = [];
  for (const name of new Set(names)) {
    const hit = Object.hasOwn(cache, name) ? cache[name] : undefined;
    // An entry from the future (a clock moved back, or a planted file) is as stale as an old one.
    const age = hit ? now - hit.fetchedAt : Infinity;
    if (hit && age >= 0 && age < (options.maxAgeMs ?? DAY)) metadata.set(name, hit);
    else todo.push(name);
  }
  const fromCache = metadata.size;
  const failed: string[] = [];
  const doFetch = options.fetch ?? fetch;
  const base = (options.registry ?? "https://registry.npmjs.org").replace(/\/$/, "");
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const name = todo[next++]!;
      try {
        const response = await doFetch(`${base}/${name.replace("/", "%2f")}`, {
          headers: { accept: "application/json" },
          signal: AbortSignal.timeout(options.timeoutMs ?? 8000),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const doc = (await response.json()) as {
          "dist-tags"?: { latest?: string };
          time?: Record<string, string>;
          versions?: Record<string, { deprecated?: unknown }>;
        };
        const deprecated: Record<string, string> = {};
        for (const [version, v] of Object.entries(doc.versions ?? {}))
          if (typeof v.deprecated === "string" && v.deprecated)
            deprecated[version] = v.deprecated.slice(0, 200);
        const time = Object.fromEntries(
          Object.entries(doc.time ?? {}).filter(([k]) => k !== "created" && k !== "modified"),
        );
        const entry: PackageMetadata = { fetchedAt: now, time, deprecated };
        if (doc["dist-tags"]?.latest) entry.latest = doc["dist-tags"].latest;
        metadata.set(name, entry);
        cache[name] = entry;
      } catch {
        failed.push(name);
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency ?? 8, todo.length) }, worker),
  );
  if (file && todo.length > failed.length) {
    try {
      writeSealed(file, Buffer.from(JSON.stringify(cache)));
    } catch {
      // an unwritable cache only costs the next audit its requests
    }
  }
  return { metadata, failed, fromCache };
}

/** Years between two releases (libyear's measure: how far behind the newest release a dependency is). */
export function libyear(
  installedTime: string | undefined,
  latestTime: string | undefined,
): number | undefined {
  if (!installedTime || !latestTime) return undefined;
  const years = (Date.parse(latestTime) - Date.parse(installedTime)) / (365.25 * DAY);
  return Number.isFinite(years) ? Math.max(0, Math.round(years * 100) / 100) : undefined;
}
