import { posix } from "node:path";
import picomatch from "picomatch";
import { globProblem } from "../shared/index.ts";
import { normaliseName, scopeFromBanner } from "./banners.ts";
import { scopeByConvention } from "./conventions.ts";
import { SCOPES, type Scope } from "./scope.ts";

/** `scopes` of the configuration: globs that put files in a scope, before any convention. */
export type ScopeOverrides = Partial<Record<Scope, readonly string[]>>;

export interface ScopeResolver {
  /** The scope from the path alone (configuration, runner configs, manifests, conventions). */
  ofPath(path: string): Scope;
  /** The file's scope: the path's, unless the file's head names a library or generator. */
  ofFile(path: string, head: string): Scope;
  /** Where the test runners' configuration and the manifests added to the conventions. */
  sources: string[];
}

export interface ScopeInputs {
  /** Every path discovery found. */
  paths: readonly string[];
  /** Reads a small repository file as text (undefined when it cannot be read): data, never run. */
  read(path: string): string | undefined;
  overrides?: ScopeOverrides;
}

const MANIFEST = /(^|\/)package\.json$/;
const RUNNER_CONFIG = /(^|\/)(jest|vitest|vite|playwright|cypress)\.config\.[cm]?[jt]s$/;
/** Runner configs and manifests read at most: a monorepo has dozens, not thousands. */
const MAX_CONFIG_FILES = 400;
const MAX_CONFIG_CHARS = 64 * 1024;
/** A glob naming test files (not the code under test). */
const TEST_GLOB = /test|spec|e2e|\.cy\./i;
/** Dependencies that make a package a documentation site. */
const DOCS_FRAMEWORKS =
  /^(nextra|nextra-theme-docs|@docusaurus\/core|vitepress|vuepress|fumadocs-core|fumadocs-ui|@astrojs\/starlight|mintlify|docz|@nuxt\/content)$/;

/** Quoted string literals of an array or a single literal after `key:` in a config's source. */
function literalsOf(source: string, key: string): string[] {
  const out: string[] = [];
  const re = new RegExp(
    `\\b${key}\\s*:\\s*(\\[[^\\]]{0,2000}\\]|'[^'\\n]{0,300}'|"[^"\\n]{0,300}"|\`[^\`\\n]{0,300}\`)`,
    "g",
  );
  for (const match of source.matchAll(re))
    for (const literal of match[1]!.matchAll(/'([^'\n]*)'|"([^"\n]*)"|`([^`\n$]*)`/g))
      out.push(literal[1] ?? literal[2] ?? literal[3] ?? "");
  return out;
}

/** A glob or folder named in a file under `dir`, as a repository-relative glob; undefined if it leaves the repository. */
function repositoryGlob(dir: string, pattern: string, folder: boolean): string | undefined {
  let p = pattern.replace(/^<rootDir>\/?/, "").replace(/^\.\//, "");
  if (p === "" && !folder) return undefined;
  if (folder) p = p === "" || p === "." ? "**" : `${p.replace(/\/$/, "")}/**`;
  if (!p.startsWith("**")) p = posix.normalize(dir ? `${dir}/${p}` : p);
  else if (dir) p = `${dir}/${p}`;
  if (p.startsWith("..") || p.startsWith("/")) return undefined;
  return globProblem(p) === undefined ? p : undefined;
}

/**
 * A `test/` or `spec/` folder inside a source folder names test helpers (`src/test/render.tsx`)
 * as often as a feature called "test" (a CLI's `src/options/test/`, a UI's test-runner panel):
 * there the file's own imports decide.
 */
const NESTED_TEST_DIR = /(^|\/)(src|lib|app)\/(?:[^/]+\/)*?(tests?|specs?)\//;
/** An import of a test runner or testing library among a file's first lines. */
const TEST_LIBRARY_IMPORT =
  /(?:\bfrom|\bimport|\brequire\()\s*['"](?:vitest|jest|@jest\/globals|@testing-library\/[\w-]+|@playwright\/test|cypress|supertest|chai|sinon|mocha|@vue\/test-utils|msw|nock|ava|uvu|node:test)(?:\/[\w./-]*)?['"]/;

/** The scope conventions give the path without its nested test folder, when that folder is all that made it a test. */
function withoutNestedTestDir(path: string): Scope | undefined {
  const match = NESTED_TEST_DIR.exec(path);
  if (!match) return undefined;
  const end = match.index + match[0].length;
  const folder = match[3]!;
  const stripped = `${path.slice(0, end - folder.length - 1)}_/${path.slice(end)}`;
  const scope = scopeByConvention(stripped);
  return scope === "test" ? undefined : scope;
}

function compile(globs: readonly string[]): ((path: string) => boolean) | undefined {
  if (globs.length === 0) return undefined;
  try {
    return picomatch([...globs], { dot: true });
  } catch {
    return undefined;
  }
}

interface RepositoryHints {
  testGlobs: string[];
  docsGlobs: string[];
  ownNames: Set<string>;
  sources: string[];
}

/** A package manifest's hints: its name, jest's `testMatch`, a documentation framework. */
function readManifest(text: string, dir: string, hints: RepositoryHints): void {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return;
  }
  if (typeof json.name === "string" && json.name) hints.ownNames.add(normaliseName(json.name));
  const jest = json.jest as { testMatch?: unknown } | undefined;
  if (jest && Array.isArray(jest.testMatch))
    for (const g of jest.testMatch)
      if (typeof g === "string") pushDefined(hints.testGlobs, repositoryGlob(dir, g, false));
  const deps = { ...(json.dependencies as object), ...(json.devDependencies as object) };
  if (dir && Object.keys(deps).some((name) => DOCS_FRAMEWORKS.test(name)))
    pushDefined(hints.docsGlobs, repositoryGlob(dir, "", true));
}

/** A test runner's configuration file's hints, read as text (never run). */
function readRunnerConfig(text: string, dir: string, hints: RepositoryHints): void {
  for (const key of ["testMatch", "specPattern"])
    for (const g of literalsOf(text, key))
      pushDefined(hints.testGlobs, repositoryGlob(dir, g, false));
  // vitest's `test.include`; `coverage.include` names the code under test, so only globs that
  // name test files count.
  if (/\btest\s*:\s*\{|vitest/.test(text))
    for (const g of literalsOf(text, "include"))
      if (TEST_GLOB.test(g)) pushDefined(hints.testGlobs, repositoryGlob(dir, g, false));
  for (const d of literalsOf(text, "testDir"))
    pushDefined(hints.testGlobs, repositoryGlob(dir, d, true));
}

/**
 * Reads what the repository says about its own files, as data: the test runners' configuration
 * (jest `testMatch`, vitest `include`, Playwright `testDir`, Cypress `specPattern`) and the
 * package manifests (a package depending on a documentation framework is a docs site; every
 * package's name is the project's own, so its banner does not make it vendored).
 */
function repositoryHints(inputs: ScopeInputs): RepositoryHints {
  const hints: RepositoryHints = { testGlobs: [], docsGlobs: [], ownNames: new Set(), sources: [] };
  let read = 0;
  for (const path of inputs.paths) {
    const manifest = MANIFEST.test(path);
    if (!manifest && !RUNNER_CONFIG.test(path)) continue;
    if (path.includes("node_modules/") || read >= MAX_CONFIG_FILES) continue;
    const text = inputs.read(path);
    read++;
    if (text === undefined || text.length > MAX_CONFIG_CHARS) continue;
    const dir = posix.dirname(path) === "." ? "" : posix.dirname(path);
    const before = hints.testGlobs.length + hints.docsGlobs.length;
    if (manifest) readManifest(text, dir, hints);
    else readRunnerConfig(text, dir, hints);
    if (hints.testGlobs.length + hints.docsGlobs.length > before) hints.sources.push(path);
  }
  return hints;
}

/**
 * Each file's scope: the configuration's `scopes` first, then a library's or generator's banner
 * in the file's head, the repository's own hints (runner configurations, manifests), and the
 * path conventions.
 */
export function scopeResolver(inputs: ScopeInputs): ScopeResolver {
  const { testGlobs, docsGlobs, ownNames, sources } = repositoryHints(inputs);
  const overrides = SCOPES.flatMap((scope) => {
    const match = compile(inputs.overrides?.[scope] ?? []);
    return match ? [{ scope, match }] : [];
  });
  const isTest = compile(testGlobs);
  const isDocs = compile(docsGlobs);
  const ofPath = (path: string): Scope => {
    for (const { scope, match } of overrides) if (match(path)) return scope;
    const conventional = scopeByConvention(path);
    // The runners' own configuration wins over the folder conventions (a Playwright `testDir`
    // named `checks/`), not over generated or vendored code.
    if (conventional === "generated" || conventional === "vendored") return conventional;
    if (isTest?.(path)) return "test";
    if (conventional === "production" && isDocs?.(path)) return "docs";
    return conventional;
  };
  return {
    ofPath,
    ofFile(path, head) {
      for (const { scope, match } of overrides) if (match(path)) return scope;
      const banner = scopeFromBanner(head, ownNames)?.scope;
      if (banner) return banner;
      const scope = ofPath(path);
      if (scope === "test" && !isTest?.(path) && !TEST_LIBRARY_IMPORT.test(head))
        return withoutNestedTestDir(path) ?? scope;
      return scope;
    },
    sources,
  };
}

function pushDefined(list: string[], value: string | undefined): void {
  if (value !== undefined) list.push(value);
}
