import { buildModuleGraph, type ModuleGraph, type UnresolvedReason } from "./build.ts";
import { MODULE_FACT, type ModuleFact } from "./model.ts";
import {
  folderMetrics,
  moduleMetrics,
  runtimeEdges,
  allEdges,
  shortestCycle,
  stronglyConnected,
} from "./analyze.ts";
import { loadCoverage } from "./coverage.ts";
import { entryPoints } from "./entries.ts";
import { componentFacts } from "./sfc.ts";

/** The `architecture` section of the configuration, as the graph and its rules need it. */
export interface ArchitectureSettings {
  includeTypeImports: boolean;
  entries: string[];
  forbidden: Array<{
    name?: string | undefined;
    from: string;
    to: string;
    comment?: string | undefined;
  }>;
  layers: Array<{ name: string; paths: string[] }>;
  features?: { paths: string[]; entry: string[] } | undefined;
}

declare module "./model.ts" {
  interface ModuleGraph {
    settings?: ArchitectureSettings;
  }
}

/**
 * What the audit calls once after the per-file stage: resolve every import, find the entry
 * points, read the coverage report if one was given. The only I/O of the graph feature.
 */
export function prepareGraph(
  root: string,
  results: ReadonlyArray<{
    path: string;
    facts: Record<string, unknown>;
    skip?: { reason: string };
  }>,
  allPaths: readonly string[],
  settings: ArchitectureSettings,
  coverageFile?: string,
): ModuleGraph {
  const facts: Array<{ path: string; fact: ModuleFact }> = [];
  for (const r of results) {
    const fact = r.facts[MODULE_FACT] as ModuleFact | undefined;
    if (fact) facts.push({ path: r.path, fact });
  }
  // Vue, Svelte and Astro components import modules too: they join the graph as nodes no finding
  // is about (like generated files), and as entries, since templates and file routes load them.
  const components = componentFacts(root, allPaths);
  const graph = buildModuleGraph(root, [...facts, ...components], allPaths);
  const generated = results
    .filter((r) => r.skip?.reason === "generated")
    .map((r) => r.path)
    .concat(components.map((c) => c.path))
    .map((path) => graph.index.get(path))
    .filter((v): v is number => v !== undefined);
  if (generated.length) graph.generated = generated.sort((a, b) => a - b);
  const { entries, declared, loose } = entryPoints(root, graph, allPaths, settings.entries);
  for (const c of components) entries.add(graph.index.get(c.path)!);
  graph.entries = [...entries].sort((a, b) => a - b);
  if (loose.size) graph.looseEntries = [...loose].sort((a, b) => a - b);
  graph.entriesDeclared = declared;
  graph.settings = settings;
  if (coverageFile) graph.coverage = loadCoverage(root, coverageFile);
  return graph;
}

/** Fan-in per module, for the register's Impact. */
export function fanInOf(graph: ModuleGraph): Map<string, number> {
  return new Map(graph.files.map((path, v) => [path, graph.in[v]!.length]));
}

/** The report's `graph` section: metrics per module and folder, cycles, unresolved imports by reason. */
export function graphSection(graph: ModuleGraph) {
  const filter = graph.settings?.includeTypeImports ? allEdges : runtimeEdges;
  const cycles = stronglyConnected(graph, filter).map((component) => ({
    files: component.map((v) => graph.files[v]!),
    cycle: shortestCycle(graph, component, filter).map((v) => graph.files[v]!),
  }));
  return {
    modules: moduleMetrics(graph),
    folders: folderMetrics(graph),
    edges: graph.edges.length,
    typeOnlyEdges: graph.edges.filter((e) => !runtimeEdges(e.kind)).length,
    includeTypeImports: !!graph.settings?.includeTypeImports,
    cycles,
    unresolved: graph.unresolved as Record<UnresolvedReason, number>,
    unresolvedExamples: graph.unresolvedExamples as Record<string, string[]>,
    entries: graph.entries.map((v) => graph.files[v]!),
  };
}

/** The report's `coverage` section, when a coverage report was given. */
export function coverageSection(graph: ModuleGraph) {
  const coverage = graph.coverage;
  if (!coverage) return undefined;
  return {
    source: coverage.source,
    format: coverage.format,
    ...(coverage.problem ? { problem: coverage.problem } : {}),
    files: coverage.files.filter((f) => graph.index.has(f.path)),
  };
}
