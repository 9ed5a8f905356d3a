import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * A module loaded on first use. Start-up is a large part of an audit served from the cache, and
 * most audits never parse YAML or compare semver ranges: they should not pay to load them.
 */
function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}

export const yamlModule = lazyModule<typeof import("yaml")>("yaml");
export const semverModule = lazyModule<typeof import("semver")>("semver");
