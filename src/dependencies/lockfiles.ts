import { yamlModule } from "../shared/index.ts";
import { npmLockLines, pnpmLockKeyLines, yarnLockLines } from "./lines.ts";

/** How a package reaches the product: shipped, build tooling only, optional, or a peer. */
export type Scope = "production" | "development" | "optional" | "peer";

export interface LockedNode {
  name: string;
  version: string;
  /** Indices of the nodes this one depends on, where the lockfile says. */
  deps: number[];
  /** The scope the lockfile itself states (npm, pnpm v6-v8); otherwise found by walking from the roots. */
  scope?: Scope;
  /** The line of the package's entry in the lockfile (its first, when it is installed at several places). */
  line?: number;
}

/** A lockfile as a dependency graph: compact and serialisable (it is a per-file fact). */
export interface LockGraph {
  format: string;
  nodes: LockedNode[];
  /** The project's direct dependencies by kind, when the lockfile records them (npm v2+, pnpm). */
  roots?: Partial<Record<Scope, number[]>>;
}

export class LockfileError extends Error {}

export function parseLockfile(path: string, text: string): LockGraph {
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (name === "package-lock.json" || name === "npm-shrinkwrap.json") return parseNpm(text);
  if (name === "pnpm-lock.yaml") return parsePnpm(text);
  if (name === "yarn.lock")
    return text.includes("__metadata:") ? parseYarnBerry(text) : parseYarnClassic(text);
  throw new LockfileError(`${path}: not a lockfile`);
}

class GraphBuilder {
  readonly nodes: LockedNode[] = [];
  private readonly index = new Map<string, number>();
  id(name: string, version: string): number {
    const key = `${name}@${version}`;
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.nodes.length;
      this.nodes.push({ name, version, deps: [] });
      this.index.set(key, i);
    }
    return i;
  }
  find(name: string, version: string): number | undefined {
    return this.index.get(`${name}@${version}`);
  }
}

function npmScope(entry: Record<string, unknown>): Scope {
  if (entry.dev || entry.devOptional) return "development";
  if (entry.optional) return "optional";
  if (entry.peer) return "peer";
  return "production";
}

function parseNpm(text: string): LockGraph {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new LockfileError(`not valid JSON (${(error as Error).message})`);
  }
  const version = Number(data.lockfileVersion ?? 1);
  const graph = new GraphBuilder();
  const packages = data.packages as Record<string, Record<string, unknown>> | undefined;
  const lines = npmLockLines(text);
  if (version >= 2 && packages) {
    const byPath = new Map<string, number>();
    for (const [path, entry] of Object.entries(packages)) {
      if (path === "" || entry.link || typeof entry.version !== "string") continue;
      const name =
        typeof entry.name === "string"
          ? entry.name
          : path.slice(path.lastIndexOf("node_modules/") + 13);
      if (!path.includes("node_modules/")) continue; // workspace folders: their packages are the project
      const i = graph.id(name, entry.version);
      graph.nodes[i]!.scope = npmScope(entry);
      graph.nodes[i]!.line ??= lines.get(path);
      byPath.set(path, i);
    }
    // Node's resolution: a dependency of `a/node_modules/b` is looked up from the innermost node_modules out.
    const resolve = (from: string, dep: string): number | undefined => {
      let base = from;
      for (;;) {
        const hit = byPath.get(`${base ? base + "/" : ""}node_modules/${dep}`);
        if (hit !== undefined) return hit;
        if (!base) return undefined;
        const cut = base.lastIndexOf("/node_modules/");
        base = cut < 0 ? "" : base.slice(0, cut);
      }
    };
    for (const [path, entry] of Object.entries(packages)) {
      const i = byPath.get(path);
      if (i === undefined) continue;
      const deps = {
        ...(entry.dependencies as object),
        ...(entry.optionalDependencies as object),
        ...(entry.peerDependencies as object),
      };
      for (const dep of Object.keys(deps)) {
        const j = resolve(path, dep);
        if (j !== undefined) graph.nodes[i]!.deps.push(j);
      }
    }
    const root = packages[""] ?? {};
    const rootsOf = (field: string) =>
      Object.keys((root[field] as object) ?? {}).flatMap(
        (dep) => byPath.get(`node_modules/${dep}`) ?? [],
      );
    return {
      format: `npm-v${version}`,
      nodes: graph.nodes,
      roots: {
        production: rootsOf("dependencies"),
        development: rootsOf("devDependencies"),
        optional: rootsOf("optionalDependencies"),
        peer: rootsOf("peerDependencies"),
      },
    };
  }
  // v1: a nested `dependencies` tree.
  const walk = (deps: Record<string, Record<string, unknown>> | undefined, top = false) => {
    for (const [name, entry] of Object.entries(deps ?? {})) {
      if (typeof entry.version !== "string" || /^(file|link|git|github):/.test(entry.version))
        continue;
      const v = entry.version.startsWith("npm:")
        ? entry.version.slice(entry.version.lastIndexOf("@") + 1)
        : entry.version;
      const i = graph.id(name, v);
      graph.nodes[i]!.scope = npmScope(entry);
      if (top) graph.nodes[i]!.line ??= lines.get(`node_modules/${name}`);
      walk(entry.dependencies as Record<string, Record<string, unknown>> | undefined);
    }
  };
  walk(data.dependencies as Record<string, Record<string, unknown>> | undefined, true);
  return { format: "npm-v1", nodes: graph.nodes };
}

/** `/name@1.2.3(peer@4)`, `name@1.2.3`, `/name/1.2.3_peer@4` (pnpm 5-7) -> [name, version]. */
function pnpmKey(key: string): [string, string] | undefined {
  let k = key.startsWith("/") ? key.slice(1) : key;
  k = k.replace(/\(.*$/, "");
  const at = k.indexOf("@", 1);
  if (at > 0 && !k.slice(at + 1).includes("/")) return [k.slice(0, at), k.slice(at + 1)];
  const slash = k.lastIndexOf("/");
  if (slash > 0) return [k.slice(0, slash), k.slice(slash + 1).replace(/_.*$/, "")];
  return undefined;
}

function withPnpmLines(graph: GraphBuilder, text: string): void {
  for (const { key, line } of pnpmLockKeyLines(text)) {
    const parsed = pnpmKey(key);
    const i = parsed ? graph.find(parsed[0], parsed[1]) : undefined;
    if (i !== undefined) graph.nodes[i]!.line ??= line;
  }
}

function parsePnpm(text: string): LockGraph {
  let data: Record<string, unknown>;
  try {
    data = (yamlModule().parse(text, { uniqueKeys: false }) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new LockfileError(`not valid YAML (${(error as Error).message.split("\n")[0]})`);
  }
  const lockVersion = String(data.lockfileVersion ?? "");
  const graph = new GraphBuilder();
  const packages = (data.packages ?? {}) as Record<string, Record<string, unknown> | null>;
  const snapshots = data.snapshots as Record<string, Record<string, unknown> | null> | undefined;
  const refToNode = (name: string, ref: string): number | undefined => {
    if (/^(link|file|workspace):/.test(ref)) return undefined;
    // A reference is a version (with peers in parentheses) or a full key (aliases, pnpm 6-8 `/x@1`).
    const parsed =
      ref.startsWith("/") || (ref.includes("@") && !/^\d/.test(ref))
        ? pnpmKey(ref)
        : ([name, ref.replace(/[(_].*$/, "")] as [string, string]);
    return parsed ? graph.id(parsed[0], parsed[1]) : undefined;
  };
  for (const [key, entry] of Object.entries(packages)) {
    const parsed = pnpmKey(key);
    if (!parsed) continue;
    const i = graph.id(parsed[0], parsed[1]);
    if (entry && typeof entry.dev === "boolean")
      graph.nodes[i]!.scope = entry.dev
        ? "development"
        : entry.optional
          ? "optional"
          : "production";
    else if (entry?.optional === true) graph.nodes[i]!.scope = "optional";
  }
  const edgesFrom = (source: Record<string, Record<string, unknown> | null>) => {
    for (const [key, entry] of Object.entries(source)) {
      const parsed = pnpmKey(key);
      if (!parsed || !entry) continue;
      const i = graph.id(parsed[0], parsed[1]);
      for (const field of ["dependencies", "optionalDependencies"]) {
        for (const [dep, ref] of Object.entries((entry[field] as Record<string, string>) ?? {})) {
          const j = refToNode(dep, String(ref));
          if (j !== undefined) graph.nodes[i]!.deps.push(j);
        }
      }
    }
  };
  edgesFrom(snapshots ?? packages);
  // Importers (workspaces) list their direct dependencies by kind; lockfile 5.x had them at the top level.
  const importers = (data.importers as Record<string, Record<string, unknown>> | undefined) ?? {
    ".": data,
  };
  const roots: Record<Scope, number[]> = {
    production: [],
    development: [],
    optional: [],
    peer: [],
  };
  const fields: Array<[string, Scope]> = [
    ["dependencies", "production"],
    ["devDependencies", "development"],
    ["optionalDependencies", "optional"],
  ];
  for (const importer of Object.values(importers)) {
    for (const [field, scope] of fields) {
      for (const [dep, spec] of Object.entries(
        (importer?.[field] as Record<string, unknown>) ?? {},
      )) {
        const ref =
          typeof spec === "object" && spec !== null
            ? String((spec as { version?: unknown }).version ?? "")
            : String(spec);
        const j = refToNode(dep, ref);
        if (j !== undefined) roots[scope].push(j);
      }
    }
  }
  withPnpmLines(graph, text);
  return { format: `pnpm-v${lockVersion.split(".")[0] || "?"}`, nodes: graph.nodes, roots };
}

function unquote(s: string): string {
  return s.trim().replace(/^"(.*)"$/, "$1");
}

/** `name@range` -> name (scoped names start with "@"). */
function descriptorName(descriptor: string): string {
  const at = descriptor.indexOf("@", 1);
  return at < 0 ? descriptor : descriptor.slice(0, at);
}

function withYarnLines(nodes: LockedNode[], text: string): void {
  const lines = yarnLockLines(text);
  for (const node of nodes) node.line ??= lines.get(`${node.name}@${node.version}`);
}

function parseYarnClassic(text: string): LockGraph {
  const graph = new GraphBuilder();
  const byDescriptor = new Map<string, number>();
  const pending: Array<[number, string]> = [];
  let current: { descriptors: string[]; version?: string; deps: string[] } | undefined;
  let inDeps = false;
  const flush = () => {
    if (current?.version) {
      const i = graph.id(descriptorName(current.descriptors[0]!), current.version);
      for (const d of current.descriptors) byDescriptor.set(d, i);
      for (const d of current.deps) pending.push([i, d]);
    }
    current = undefined;
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith("#") || line.trim() === "") continue;
    if (!line.startsWith(" ")) {
      flush();
      current = { descriptors: line.replace(/:$/, "").split(",").map(unquote), deps: [] };
      inDeps = false;
    } else if (current && line.startsWith("    ") && inDeps) {
      const m = /^\s+("[^"]+"|\S+)\s+(.+)$/.exec(line);
      if (m) current.deps.push(`${unquote(m[1]!)}@${unquote(m[2]!)}`);
    } else if (current) {
      const m = /^\s{2}(\S+)\s*(.*)$/.exec(line);
      if (!m) continue;
      inDeps = m[1] === "dependencies:" || m[1] === "optionalDependencies:";
      if (m[1] === "version") current.version = unquote(m[2]!);
    }
  }
  flush();
  for (const [i, d] of pending) {
    const j = byDescriptor.get(d);
    if (j !== undefined) graph.nodes[i]!.deps.push(j);
  }
  if (graph.nodes.length === 0 && text.trim() && !text.includes("yarn lockfile"))
    throw new LockfileError("no entries found: not a yarn.lock");
  withYarnLines(graph.nodes, text);
  return { format: "yarn-classic", nodes: graph.nodes };
}

function parseYarnBerry(text: string): LockGraph {
  let data: Record<string, Record<string, unknown>>;
  try {
    data = (yamlModule().parse(text) ?? {}) as Record<string, Record<string, unknown>>;
  } catch (error) {
    throw new LockfileError(`not valid YAML (${(error as Error).message.split("\n")[0]})`);
  }
  const graph = new GraphBuilder();
  const byDescriptor = new Map<string, number>();
  const pending: Array<[number, string]> = [];
  for (const [key, entry] of Object.entries(data)) {
    if (key === "__metadata" || !entry || typeof entry.version !== "string") continue;
    const resolution = String(entry.resolution ?? "");
    if (/@(workspace|link|portal|file):/.test(resolution) || entry.linkType === "soft") continue;
    const i = graph.id(descriptorName(resolution || key), entry.version);
    for (const d of key.split(",")) byDescriptor.set(d.trim(), i);
    for (const field of ["dependencies", "optionalDependencies"]) {
      for (const [dep, range] of Object.entries((entry[field] as Record<string, string>) ?? {})) {
        const r = String(range);
        pending.push([i, `${dep}@${r.includes(":") ? r : `npm:${r}`}`]);
      }
    }
  }
  for (const [i, d] of pending) {
    const j = byDescriptor.get(d);
    if (j !== undefined) graph.nodes[i]!.deps.push(j);
  }
  const version = (data.__metadata as { version?: unknown } | undefined)?.version;
  withYarnLines(graph.nodes, text);
  return { format: `yarn-berry-v${String(version ?? "?")}`, nodes: graph.nodes };
}
