import { existsSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative, sep } from "node:path";
import { ResolverFactory } from "oxc-resolver";
import picomatch from "picomatch";
import {
  IMPORT,
  type Edge,
  type ModuleFact,
  type ModuleGraph,
  type UnresolvedReason,
} from "./model.ts";

export type { Edge, ModuleGraph, UnresolvedReason } from "./model.ts";

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".json", ".d.ts"];

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Workspace packages from package.json `workspaces` (npm, yarn) or pnpm-workspace.yaml, matched against discovered package.json files. */
export function findWorkspaces(root: string, allPaths: readonly string[]): Record<string, string> {
  const manifest = readJson(join(root, "package.json"));
  let patterns: string[] = [];
  const ws = manifest?.workspaces;
  if (Array.isArray(ws)) patterns = ws.filter((p): p is string => typeof p === "string");
  else if (ws && typeof ws === "object" && Array.isArray((ws as { packages?: unknown }).packages))
    patterns = (ws as { packages: string[] }).packages;
  const pnpm = join(root, "pnpm-workspace.yaml");
  if (existsSync(pnpm)) {
    for (const line of readFileSync(pnpm, "utf8").split("\n")) {
      const m = /^\s*-\s*["']?([^"'#]+?)["']?\s*$/.exec(line);
      if (m) patterns.push(m[1]!);
    }
  }
  const result: Record<string, string> = {};
  if (patterns.length === 0) return result;
  const include = patterns
    .filter((p) => !p.startsWith("!"))
    .map((p) => picomatch(p.replace(/\/$/, "")));
  const exclude = patterns
    .filter((p) => p.startsWith("!"))
    .map((p) => picomatch(p.slice(1).replace(/\/$/, "")));
  for (const path of allPaths) {
    if (!path.endsWith("/package.json")) continue;
    const dir = path.slice(0, -"/package.json".length);
    if (!include.some((m) => m(dir)) || exclude.some((m) => m(dir))) continue;
    const name = readJson(join(root, path))?.name;
    if (typeof name === "string") result[name] = dir;
  }
  return result;
}

function emptyReasons(): Record<UnresolvedReason, number> {
  return {
    "missing-file": 0,
    "missing-package": 0,
    "outside-root": 0,
    "not-analysed": 0,
    "non-literal": 0,
  };
}

function isBare(specifier: string): boolean {
  return !specifier.startsWith(".") && !specifier.startsWith("/") && !specifier.startsWith("#");
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/** An import's names onto its edge: named re-exports apart, as pairs, since their use depends on the importers. */
function addNames(edge: Edge, imp: ModuleFact["imports"][number]): void {
  // `./x.ts?raw`, `?worker`, `?url`: the bundler loads the file whole, not by its exports.
  if (imp.s.includes("?")) {
    edge.names.push("*");
    return;
  }
  if (!imp.x) {
    edge.names.push(...imp.n);
    return;
  }
  imp.n.forEach((name, i) => {
    const exported = imp.x![i];
    if (exported === undefined || name.startsWith("*")) edge.names.push(name);
    else (edge.reExports ??= []).push([name, exported]);
  });
}

/** A bundler's query on a specifier (`./worker?worker`, `./code.js?raw`) names the same file. */
function withoutQuery(specifier: string): string {
  const q = specifier.indexOf("?");
  return q > 0 ? specifier.slice(0, q) : specifier;
}

/**
 * Resolves every import of every analysed file once (cached per directory and specifier) with
 * oxc-resolver, honouring tsconfig `paths`/`baseUrl` (found per file), package.json
 * `exports`/`imports`, and the monorepo's workspace packages even when node_modules is absent.
 * This is the graph's only file-system I/O; it reads no source file.
 */
export function buildModuleGraph(
  root: string,
  facts: ReadonlyArray<{ path: string; fact: ModuleFact }>,
  allPaths: readonly string[],
): ModuleGraph {
  const files = facts.map((f) => f.path).sort();
  const index = new Map(files.map((f, i) => [f, i]));
  const known = new Set(allPaths);
  const workspaces = findWorkspaces(root, allPaths);
  const resolver = new ResolverFactory({
    tsconfig: "auto",
    extensions: EXTENSIONS,
    extensionAlias: {
      ".js": [".ts", ".tsx", ".js", ".jsx"],
      ".mjs": [".mts", ".mjs"],
      ".cjs": [".cts", ".cjs"],
      ".jsx": [".tsx", ".jsx"],
    },
    conditionNames: ["import", "require", "node", "default", "types"],
    mainFields: ["module", "main", "types"],
    builtinModules: true,
    symlinks: true,
  });
  const wsNames = Object.keys(workspaces).sort((a, b) => b.length - a.length);
  const cache = new Map<string, string | { reason: UnresolvedReason } | { external: true }>();

  const resolveOne = (
    fromFile: string,
    specifier: string,
  ): string | { reason: UnresolvedReason } | { external: true } => {
    const absFile = join(root, fromFile);
    const dir = dirname(absFile);
    const key = `${dir}\u0000${specifier}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    let answer: string | { reason: UnresolvedReason } | { external: true };
    let result = resolver.resolveFileSync(absFile, withoutQuery(specifier));
    if (!result.path && !result.builtin && isBare(specifier)) {
      // A workspace package that is not linked into node_modules: resolve it as the package itself would (self-reference honours its `exports`).
      const ws = wsNames.find((name) => specifier === name || specifier.startsWith(`${name}/`));
      if (ws) {
        const pkgDir = join(root, workspaces[ws]!);
        result = resolver.sync(pkgDir, specifier);
        if (!result.path) result = resolver.sync(pkgDir, `.${specifier.slice(ws.length)}`);
      }
    }
    if (result.builtin) answer = { external: true };
    else if (!result.path)
      answer = { reason: isBare(specifier) ? "missing-package" : "missing-file" };
    else {
      const rel = toPosix(relative(root, result.path));
      if (rel.startsWith("..")) answer = { reason: "outside-root" };
      else if (rel.split("/").includes("node_modules")) answer = { external: true };
      else if (index.has(rel)) answer = rel;
      else
        answer =
          known.has(rel) || !/\.[cm]?[jt]sx?$/.test(rel)
            ? { external: true }
            : { reason: "not-analysed" };
    }
    cache.set(key, answer);
    return answer;
  };

  const globCache = new Map<string, string[]>();
  /** `import.meta.glob`: a relative glob matches files from the importer's folder; an aliased one (`@modules/*.ts`) matches the files its expansions resolve to. */
  const resolveGlob = (fromFile: string, pattern: string): string[] => {
    const dir = dirname(fromFile);
    const key = `${dir}\u0000${pattern}`;
    const hit = globCache.get(key);
    if (hit) return hit;
    let found: string[] = [];
    if (pattern.startsWith("./") || pattern.startsWith("../")) {
      const match = picomatch(posix.normalize(posix.join(dir, pattern)));
      found = files.filter((f) => match(f));
    } else if (!pattern.includes("**") && pattern.indexOf("/") > 0) {
      const slash = pattern.indexOf("/");
      const rest = pattern.slice(slash + 1);
      const depth = rest.split("/").length;
      const match = picomatch(rest);
      found = files.filter((f) => {
        const tail = f.split("/").slice(-depth).join("/");
        return match(tail) && resolveOne(fromFile, pattern.slice(0, slash + 1) + tail) === f;
      });
    }
    globCache.set(key, found);
    return found;
  };

  const edges: Edge[] = [];
  const out: number[][] = files.map(() => []);
  const incoming: number[][] = files.map(() => []);
  const external: string[][] = files.map(() => []);
  const unresolved = emptyReasons();
  const unresolvedExamples: Partial<Record<UnresolvedReason, string[]>> = {};
  const miss = (reason: UnresolvedReason, example: string) => {
    unresolved[reason]++;
    const list = (unresolvedExamples[reason] ??= []);
    if (list.length < 10) list.push(example);
  };
  let byTarget = new Map<number, Edge>();
  const link = (from: number, target: string, imp: ModuleFact["imports"][number]): void => {
    const to = index.get(target)!;
    let edge = byTarget.get(to);
    if (edge) {
      // Type-only if every import is; the other bits accumulate.
      edge.kind = ((edge.kind | imp.k) & ~IMPORT.typeOnly) | (edge.kind & imp.k & IMPORT.typeOnly);
      addNames(edge, imp);
      return;
    }
    edge = { from, to, kind: imp.k, line: imp.line, names: [] };
    addNames(edge, imp);
    byTarget.set(to, edge);
    out[from]!.push(edges.length);
    incoming[to]!.push(edges.length);
    edges.push(edge);
  };
  for (const { path, fact } of facts) {
    const from = index.get(path)!;
    byTarget = new Map();
    for (let i = 0; i < fact.nonLiteral; i++) miss("non-literal", path);
    for (const imp of fact.imports) {
      const target = imp.k & IMPORT.glob ? resolveGlob(path, imp.s) : resolveOne(path, imp.s);
      if (typeof target !== "string" && !Array.isArray(target)) {
        if ("reason" in target) miss(target.reason, `${path} -> ${imp.s}`);
        else external[from]!.push(imp.s);
        continue;
      }
      for (const one of typeof target === "string" ? [target] : target) link(from, one, imp);
    }
  }
  return {
    files,
    index,
    edges,
    out,
    in: incoming,
    external,
    unresolved,
    unresolvedExamples,
    workspaces,
    entries: [],
  };
}
