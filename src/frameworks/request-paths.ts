import { posix } from "node:path";
import type { FileSummary } from "../engine/index.ts";
import { MODULE_FACT, type ModuleFact, type ModuleGraph } from "../graph/model.ts";
import type { FnFact, RequestFact, RouteFact, Target } from "./request-facts.ts";

/**
 * The repository half of the request paths across files: joins every file's `RequestFact`
 * through the module graph (imports, re-exports, path aliases and workspace packages as the
 * graph resolved them) from each route's handler along the functions it calls, to a bounded
 * depth. Linear in the facts: each function's targets are resolved once.
 */

/** The file an import specifier of `from` names, if it is one of the audited files. */
export type ResolveImport = (from: string, specifier: string) => string | undefined;

/** A function a route reaches. */
export interface Reached {
  path: string;
  key: string;
  fn: FnFact;
  /** 0 for the handler itself. */
  depth: number;
  /** The functions called on the way, handler first (`signup`, `createUser`). */
  via: string[];
}

export interface RoutePath {
  route: RouteFact;
  /** Where the route is declared. */
  declaredIn: string;
  reached: Reached[];
}

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/**
 * Resolves specifiers as the module graph did (its edges carry the line of the import that made
 * them, matched to the file's import records), and relative paths by name where no graph was
 * built (the rule tester).
 */
export function importResolver(files: readonly FileSummary[], graph?: ModuleGraph): ResolveImport {
  const known = new Set(files.map((f) => f.path));
  const imports = new Map<string, ModuleFact>();
  for (const f of files) {
    const fact = f.facts[MODULE_FACT] as ModuleFact | undefined;
    if (fact) imports.set(f.path, fact);
  }
  const cache = new Map<string, string | undefined>();
  return (from, specifier) => {
    const key = `${from}\u0000${specifier}`;
    if (cache.has(key)) return cache.get(key);
    const answer =
      byGraph(graph, imports.get(from), from, specifier) ?? byName(from, specifier, known);
    cache.set(key, answer);
    return answer;
  };
}

function byGraph(
  graph: ModuleGraph | undefined,
  fact: ModuleFact | undefined,
  from: string,
  specifier: string,
): string | undefined {
  const node = graph?.index.get(from);
  if (!graph || node === undefined || !fact) return undefined;
  const lines = new Set(fact.imports.filter((i) => i.s === specifier).map((i) => i.line));
  for (const e of graph.out[node] ?? []) {
    const edge = graph.edges[e]!;
    if (lines.has(edge.line)) return graph.files[edge.to];
  }
  return undefined;
}

function byName(from: string, specifier: string, known: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const stem = base.replace(/\.(m|c)?jsx?$/, "");
  const candidates = [
    base,
    ...EXTENSIONS.map((e) => `${stem}${e}`),
    ...EXTENSIONS.map((e) => `${base}/index${e}`),
  ];
  return candidates.find((c) => known.has(c));
}

/**
 * Every route of the repository with the functions its request runs, across files, to `maxDepth`
 * calls from the handler (the handler is depth 0).
 */
export function requestPaths(
  facts: ReadonlyArray<{ path: string; fact: RequestFact }>,
  resolveImport: ResolveImport,
  maxDepth = 3,
): RoutePath[] {
  const byPath = new Map(facts.map((f) => [f.path, f.fact]));

  const exported = (
    path: string,
    name: string,
    member: string | undefined,
    hops: number,
  ): { path: string; key: string } | undefined => {
    const fact = byPath.get(path);
    if (!fact || hops > 6) return undefined;
    if (name === "*") return member ? exported(path, member, undefined, hops + 1) : undefined;
    const direct = member ? fact.exports[`${name}.${member}`] : undefined;
    if (typeof direct === "string" && fact.fns[direct]) return { path, key: direct };
    const value = fact.exports[name];
    if (value === undefined) {
      // `const auth = require("./auth"); auth.signup`: the module object's members are its exports.
      if (name === "default" && member) return exported(path, member, undefined, hops + 1);
      for (const star of fact.stars ?? []) {
        const to = resolveImport(path, star);
        const found = to ? exported(to, name, member, hops + 1) : undefined;
        if (found) return found;
      }
      return undefined;
    }
    if (typeof value !== "string") {
      const to = resolveImport(path, value.s);
      return to ? exported(to, value.n, member, hops + 1) : undefined;
    }
    const key = member ? `${value}.${member}` : value;
    return fact.fns[key] ? { path, key } : undefined;
  };

  const locate = (from: string, target: Target): { path: string; key: string } | undefined => {
    if ("f" in target)
      return byPath.get(from)?.fns[target.f] ? { path: from, key: target.f } : undefined;
    const to = resolveImport(from, target.s);
    return to ? exported(to, target.n, target.m, 0) : undefined;
  };

  // Each function's callees, resolved once for all the routes that reach it.
  const callees = new Map<string, Array<{ path: string; key: string }>>();
  const calleesOf = (path: string, key: string, fn: FnFact) => {
    const id = `${path}#${key}`;
    let list = callees.get(id);
    if (!list) {
      list = [];
      for (const t of fn.calls ?? []) {
        const found = locate(path, t);
        if (found) list.push(found);
      }
      callees.set(id, list);
    }
    return list;
  };

  const out: RoutePath[] = [];
  for (const { path, fact } of facts) {
    for (const route of fact.routes ?? []) {
      const root = locate(path, route.root);
      const reached: Reached[] = [];
      if (root) {
        const seen = new Set([`${root.path}#${root.key}`]);
        let frontier: Reached[] = [
          { ...root, fn: byPath.get(root.path)!.fns[root.key]!, depth: 0, via: [root.key] },
        ];
        while (frontier.length) {
          reached.push(...frontier);
          const next: Reached[] = [];
          for (const r of frontier) {
            if (r.depth >= maxDepth) continue;
            for (const c of calleesOf(r.path, r.key, r.fn)) {
              const id = `${c.path}#${c.key}`;
              if (seen.has(id)) continue;
              seen.add(id);
              const fn = byPath.get(c.path)!.fns[c.key]!;
              next.push({ ...c, fn, depth: r.depth + 1, via: [...r.via, c.key] });
            }
          }
          frontier = next;
        }
      }
      out.push({ route, declaredIn: path, reached });
    }
  }
  return out;
}

/** How a route is named in messages: `POST /signup`, `GET app/api/users/route.ts`, `tRPC mutation create`. */
export function routeLabel(route: RouteFact): string {
  if (route.framework === "tRPC") return `tRPC ${route.name}`;
  if (route.method === "ACTION") return route.name;
  return `${route.method} ${route.path}`;
}
