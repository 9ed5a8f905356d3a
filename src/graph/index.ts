/**
 * The module graph: per-file import facts (gathered by the collector in
 * src/rules/collectors/module-imports.ts during the single traversal), one resolution pass over them (build.ts, the only part that touches the file
 * system), and pure queries on the result (analyze.ts: SCCs, shortest cycles, fan-in/out and
 * instability per module and folder; entries.ts: entry points and reachability).
 */
export {
  MODULE_FACT,
  IMPORT,
  type ModuleFact,
  type ImportRecord,
  type ExportRecord,
} from "./model.ts";
export {
  buildModuleGraph,
  findWorkspaces,
  type ModuleGraph,
  type Edge,
  type UnresolvedReason,
} from "./build.ts";
export {
  stronglyConnected,
  shortestCycle,
  moduleMetrics,
  folderMetrics,
  runtimeEdges,
  allEdges,
  type EdgeFilter,
  type ModuleMetrics,
  type FolderMetrics,
} from "./analyze.ts";
export { entryPoints, graphReadsFile, reachable } from "./entries.ts";
export { generatedNodes } from "./model.ts";
export { loadCoverage, type CoverageData, type FileCoverage } from "./coverage.ts";
export {
  prepareGraph,
  fanInOf,
  graphSection,
  coverageSection,
  type ArchitectureSettings,
} from "./pipeline.ts";
