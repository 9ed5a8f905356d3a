import { existsSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import picomatch from "picomatch";
import stripJsonComments from "strip-json-comments";
import {
  globProblem,
  lexists,
  LinkRefusedError,
  readFileNoFollow,
  syntaxErrorPlace,
  yamlModule,
} from "../shared/index.ts";
import type { z } from "zod";
import { configSchema, type Config } from "./schema.ts";

/** A configuration problem: the CLI prints it on one line and exits 2. */
export class ConfigError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = "ConfigError";
    this.file = file;
  }
}

/** What the config module needs to know of each rule to validate `rules.<id>.options`. */
export interface RuleOptionsCatalogue {
  get(id: string): { options: z.ZodType } | undefined;
  ids(): Iterable<string>;
}

export const CONFIG_FILE_NAMES = ["debtlens.config.json", ".debtlens.yml", ".debtlens.yaml"];

function formatIssues(issues: readonly z.core.$ZodIssue[], prefix = ""): string {
  return issues
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
      if (issue.code === "unrecognized_keys") {
        return issue.keys.map((k) => `${path ? `${path}.` : ""}${k}: unknown key`).join("; ");
      }
      return `${path || "(root)"}: ${issue.message}`;
    })
    .join("; ");
}

/**
 * Reads a configuration file found in the audited repository (never through a link: one pointing
 * at a credentials file would otherwise be read) or named by the user. A syntax error names the
 * line and column only: the message never echoes the file's content.
 */
function readRaw(file: string, followLinks: boolean): unknown {
  let text: string;
  try {
    text = (followLinks ? readFileSync(file) : readFileNoFollow(file)).toString("utf8");
  } catch (error) {
    if (error instanceof LinkRefusedError)
      throw new ConfigError(
        file,
        "is a symbolic link; a configuration found in the audited folder is never read through a link",
      );
    throw new ConfigError(
      file,
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  const json = file.endsWith(".json");
  try {
    // `debtlens init` writes comments into debtlens.config.json (JSONC, as tsconfig.json has).
    if (json) return text.trim() === "" ? {} : JSON.parse(stripJsonComments(text));
    return yamlModule().parse(text, { maxAliasCount: 100 }) ?? {};
  } catch (error) {
    throw new ConfigError(
      file,
      `not valid ${json ? "JSON" : "YAML"} (${syntaxErrorPlace(text, error)})`,
    );
  }
}

/**
 * Checks each glob compiles, so that a typo like `src/**[` is named instead of silently matching
 * nothing, and that it cannot take exponential time to match (src/shared/globs.ts): the
 * configuration may come from the audited repository.
 */
function checkGlobs(file: string, key: string, globs: string[]): void {
  globs.forEach((glob, i) => {
    const problem = globProblem(glob);
    if (problem)
      throw new ConfigError(file, `${key}.${i}: glob too complex to match safely (${problem})`);
    try {
      picomatch.makeRe(glob, { strictBrackets: true });
    } catch (error) {
      throw new ConfigError(
        file,
        `${key}.${i}: invalid glob "${glob}" (${(error as Error).message})`,
      );
    }
  });
}

export function validateConfig(raw: unknown, file: string, rules: RuleOptionsCatalogue): Config {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(file, formatIssues(parsed.error.issues));
  const config = parsed.data;
  checkGlobs(file, "include", config.include);
  checkGlobs(file, "exclude", config.exclude);
  const architecture = config.architecture;
  checkGlobs(file, "architecture.entries", architecture.entries);
  architecture.forbidden.forEach((f, i) =>
    checkGlobs(file, `architecture.forbidden.${i}`, [f.from, f.to]),
  );
  architecture.layers.forEach((l, i) =>
    checkGlobs(file, `architecture.layers.${i}.paths`, l.paths),
  );
  if (architecture.features)
    checkGlobs(file, "architecture.features.paths", architecture.features.paths);
  for (const [scope, globs] of Object.entries(config.scopes))
    if (globs) checkGlobs(file, `scopes.${scope}`, globs);
  for (const [id, setting] of Object.entries(config.rules)) {
    const rule = rules.get(id);
    if (!rule) {
      const known = [...rules.ids()].filter(
        (k) => editDistance(k, id) <= 3 || k.split("/")[1] === id.split("/")[1],
      );
      const hint = known.length ? ` (did you mean ${known.join(", ")}?)` : "";
      throw new ConfigError(file, `rules.${id}: unknown rule${hint}`);
    }
    if (typeof setting === "object" && setting.options) {
      const options = rule.options.safeParse(setting.options);
      if (!options.success)
        throw new ConfigError(file, formatIssues(options.error.issues, `rules.${id}.options`));
    }
  }
  return config;
}

/**
 * Reads the configuration: the file given, else the first of CONFIG_FILE_NAMES at the root, else
 * the defaults. Only data formats are read: a repository's JavaScript is never executed.
 */
export function loadConfig(
  root: string,
  explicitFile: string | undefined,
  rules: RuleOptionsCatalogue,
): { config: Config; file?: string } {
  let file: string | undefined;
  if (explicitFile) {
    file = resolve(explicitFile);
    if (!existsSync(file)) throw new ConfigError(explicitFile, "configuration file not found");
    if (!/\.(json|ya?ml)$/.test(file)) {
      throw new ConfigError(basename(file), "configuration must be .json, .yml or .yaml");
    }
  } else {
    // lstat, not exists: a link is found (and then refused) rather than silently skipped.
    file = CONFIG_FILE_NAMES.map((name) => join(root, name)).find((f) => lexists(f));
  }
  if (!file) return { config: validateConfig({}, "(defaults)", rules) };
  const config = validateConfig(readRaw(file, explicitFile !== undefined), file, rules);
  // The audited repository may not choose where debtlens writes (its cache), only the user may.
  if (!explicitFile) delete config.cache.dir;
  return { config, file };
}

/** Levenshtein distance, for "did you mean" hints on misspelt rule ids. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
