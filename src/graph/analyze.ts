import { IMPORT } from "./model.ts";
import type { ModuleGraph } from "./build.ts";
import { dirOf } from "../shared/index.ts";

/** Does this edge count? Type-only edges are erased at run time, so cycles leave them out by default. */
export type EdgeFilter = (kind: number) => boolean;
export const runtimeEdges: EdgeFilter = (kind) => (kind & IMPORT.typeOnly) === 0;
export const allEdges: EdgeFilter = () => true;

function neighbours(graph: ModuleGraph, filter: EdgeFilter): number[][] {
  return graph.out.map((list) => {
    const result: number[] = [];
    for (const e of list) {
      const edge = graph.edges[e]!;
      if (filter(edge.kind)) result.push(edge.to);
    }
    return result;
  });
}

/**
 * Tarjan's strongly connected components, iterative (effect's src/ has import chains deep
 * enough to overflow a recursive version). Returns only the components that hold a cycle: more
 * than one node, or one node importing itself. Components and their members are sorted.
 */
export function stronglyConnected(
  graph: ModuleGraph,
  filter: EdgeFilter = runtimeEdges,
): number[][] {
  const adj = neighbours(graph, filter);
  const n = adj.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const work: Array<[number, number]> = [];
  for (let start = 0; start < n; start++) {
    if (order[start] !== -1) continue;
    work.push([start, 0]);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      if (i === 0) {
        order[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = 1;
      }
      const next = adj[v]!;
      if (i < next.length) {
        frame[1] = i + 1;
        const w = next[i]!;
        if (order[w] === -1) work.push([w, 0]);
        else if (onStack[w]) low[v] = Math.min(low[v]!, order[w]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
      if (low[v] === order[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || adj[v]!.includes(v))
          components.push(component.sort((a, b) => a - b));
      }
    }
  }
  return components.sort((a, b) => a[0]! - b[0]!);
}

/** One shortest cycle through a component (breadth-first from each member, inside the component), as node ids, first node repeated at the end. */
export function shortestCycle(
  graph: ModuleGraph,
  component: readonly number[],
  filter: EdgeFilter = runtimeEdges,
): number[] {
  const members = new Set(component);
  const adj = new Map<number, number[]>();
  for (const v of component) {
    adj.set(
      v,
      graph.out[v]!.map((e) => graph.edges[e]!)
        .filter((e) => filter(e.kind) && members.has(e.to))
        .map((e) => e.to),
    );
  }
  let best: number[] | undefined;
  // Bounded: on a huge component a few hundred starts find a short cycle without quadratic cost.
  for (const start of component.slice(0, 300)) {
    if (adj.get(start)!.includes(start)) return [start, start];
    const previous = new Map<number, number>([[start, -1]]);
    let frontier = [start];
    let found = -1;
    while (frontier.length && found < 0) {
      const next: number[] = [];
      for (const v of frontier) {
        for (const w of adj.get(v)!) {
          if (w === start) {
            found = v;
            break;
          }
          if (!previous.has(w)) {
            previous.set(w, v);
            next.push(w);
          }
        }
        if (found >= 0) break;
      }
      frontier = next;
    }
    if (found < 0) continue;
    const path: number[] = [];
    for (let v = found; v !== -1; v = previous.get(v)!) path.push(v);
    path.reverse().push(start);
    if (!best || path.length < best.length) best = path;
    if (best.length === 3) break;
  }
  return best ?? [];
}

export interface ModuleMetrics {
  path: string;
  /** Distinct analysed modules that import this one. */
  fanIn: number;
  /** Distinct analysed modules this one imports. */
  fanOut: number;
  /** fanOut / (fanIn + fanOut), 0 when isolated (Robert C. Martin's I). */
  instability: number;
}

export interface FolderMetrics {
  path: string;
  modules: number;
  /** Afferent coupling: modules outside the folder that import a module inside it. */
  fanIn: number;
  /** Efferent coupling: modules outside the folder that modules inside it import. */
  fanOut: number;
  instability: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function moduleMetrics(graph: ModuleGraph): ModuleMetrics[] {
  return graph.files.map((path, v) => {
    const fanIn = graph.in[v]!.length;
    const fanOut = graph.out[v]!.length;
    return {
      path,
      fanIn,
      fanOut,
      instability: fanIn + fanOut === 0 ? 0 : round(fanOut / (fanIn + fanOut)),
    };
  });
}

/** A file's folder, `.` for the root. */
function folderOf(path: string): string {
  return dirOf(path) || ".";
}

/** Coupling of each folder (its own files, not its subfolders) with the modules outside it. */
export function folderMetrics(graph: ModuleGraph): FolderMetrics[] {
  const folders = new Map<string, { modules: number; ca: Set<number>; ce: Set<number> }>();
  const folderOfNode = graph.files.map(folderOf);
  for (const folder of folderOfNode) {
    const entry = folders.get(folder) ?? {
      modules: 0,
      ca: new Set<number>(),
      ce: new Set<number>(),
    };
    entry.modules++;
    folders.set(folder, entry);
  }
  for (const edge of graph.edges) {
    const from = folderOfNode[edge.from]!;
    const to = folderOfNode[edge.to]!;
    if (from === to) continue;
    folders.get(to)!.ca.add(edge.from);
    folders.get(from)!.ce.add(edge.to);
  }
  return [...folders.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, { modules, ca, ce }]) => ({
      path,
      modules,
      fanIn: ca.size,
      fanOut: ce.size,
      instability: ca.size + ce.size === 0 ? 0 : round(ce.size / (ca.size + ce.size)),
    }));
}
