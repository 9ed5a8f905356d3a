import { hash } from "node:crypto";
import { lstatSync, mkdirSync, realpathSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Config } from "../config/index.ts";
import { makeDirectoryNoLinks, userCacheRoot } from "../shared/index.ts";

/**
 * Where an audit keeps its cache, never chosen by the audited repository and never written through
 * a link: the folder the user names (`--cache-dir`, `DEBTLENS_CACHE_DIR`, or `cache.dir` in a
 * configuration file the user passed with `--config`), else `node_modules/.cache/debtlens` when the
 * audited project has a real `node_modules` folder (git ignores it, so `git status` stays clean),
 * else the user's cache folder under a hash of the audited path. Whatever is read back from it is
 * authenticated (src/shared/safe-fs.ts), so a cache committed into the repository is never
 * trusted.
 */
export function resolveCacheDir(root: string, config: Config, explicit?: string): string {
  const named = explicit ?? process.env["DEBTLENS_CACHE_DIR"];
  if (named) return resolve(named);
  // `cache.dir` survives loading only from a file the user passed with --config (src/config).
  if (config.cache.dir) return resolve(root, config.cache.dir);
  if (isRealFolder(join(root, "node_modules")))
    return join(root, "node_modules", ".cache", "debtlens");
  let real = root;
  try {
    real = realpathSync(root);
  } catch {
    // the audit reports a missing folder itself
  }
  return join(userCacheRoot(), "projects", hash("sha256", real, "hex").slice(0, 16));
}

function isRealFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Creates the cache folder. Below `node_modules` each component must be a real folder (a planted
 * `.cache` link is refused); a folder the user named is theirs to place. Returns a problem to
 * report instead of throwing: an audit without a cache is slower, not wrong.
 */
export function ensureCacheDir(root: string, dir: string): string | undefined {
  try {
    const modules = join(root, "node_modules");
    if (dir.startsWith(`${modules}/`)) makeDirectoryNoLinks(modules, dir.slice(modules.length + 1));
    else mkdirSync(dir, { recursive: true, mode: 0o700 });
    return undefined;
  } catch (error) {
    return `no cache: ${dir} could not be used (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); every file is parsed again`;
  }
}
