import { hash as hashBytes } from "node:crypto";
import { resolve } from "node:path";
import type { Config } from "../config/index.ts";
import { note, type Note } from "../shared/index.ts";
import { isDirectory } from "../discovery/index.ts";
import type { ActiveRule } from "../engine/index.ts";
import { ruleById } from "../rules/index.ts";
import { activate, selectRules, withCollectors, type RuleSelection } from "./active-rules.ts";
import { ensureCacheDir, resolveCacheDir } from "./cache-location.ts";
import type { AuditOptions } from "./options.ts";
import { AuditInputError } from "./options.ts";
import { TOOL_VERSION } from "./version.ts";

/** Everything decided before a file is read: the folder, the rules, the cache. */
export interface AuditPlan {
  root: string;
  config: Config;
  options: AuditOptions;
  /** The active rules as plain data (what workers rebuild them from). */
  selection: RuleSelection[];
  rules: ActiveRule[];
  /** Names the tool version and every rule's id, version, severity and options: the cache's key. */
  namespace: string;
  cacheDir: string;
  /** Caching is on and its folder usable. */
  caching: boolean;
  /** What the report's notes say about the plan itself (a cache that could not be used). */
  notes: Note[];
}

export function planAudit(options: AuditOptions): AuditPlan {
  const root = resolve(options.root);
  if (!isDirectory(root))
    throw new AuditInputError(`${options.root}: no such folder (debtlens audits a folder)`);
  const { config } = options;
  // The collectors run in the same traversal as the rules.
  const selection = withCollectors(selectRules(config));
  const namespace = hashBytes(
    "sha1",
    JSON.stringify({
      version: TOOL_VERSION,
      rules: selection.map((s) => ({ ...s, v: ruleById(s.id)!.version })),
    }),
    "hex",
  );
  const notes: Note[] = [];
  const cacheDir = options.cacheDir ?? resolveCacheDir(root, config);
  const cacheProblem = config.cache.enabled ? ensureCacheDir(root, cacheDir) : undefined;
  if (cacheProblem) notes.push(note("cache.unusable", cacheProblem));
  return {
    root,
    config,
    options,
    selection,
    rules: activate(selection),
    namespace,
    cacheDir,
    caching: config.cache.enabled && !cacheProblem,
    notes,
  };
}
