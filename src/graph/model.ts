/**
 * The module graph's data: what the collector stores per file and what resolution builds. Plain
 * types and constants with no imports from the engine, so that the engine's rule contract can
 * name the graph without a dependency cycle (engine -> graph -> engine).
 */

/** Bits of `ImportRecord.kind`. */
export const IMPORT = {
  /** Every binding is `import type` / `export type` (erased at run time). */
  typeOnly: 1,
  /** `import("x")` with a literal. */
  dynamic: 2,
  /** `require("x")` with a literal. */
  require: 4,
  /** `export ... from "x"`. */
  reExport: 8,
  /** `import.meta.glob("./pages/*.ts")` (Vite): the specifier is a glob. */
  glob: 16,
} as const;

export interface ImportRecord {
  /** The specifier as written. */
  s: string;
  /** Bit set of IMPORT. */
  k: number;
  line: number;
  /** Names used from the module (`default`, `*` for a namespace, a star re-export or a dynamic/require import). */
  n: string[];
  /** For `export { a as b } from`: the names exported (`b`), parallel to `n`; what importers use of them decides whether `a` is used. */
  x?: string[];
}

export interface ExportRecord {
  name: string;
  line: number;
  /** Type-only exports (interfaces, types, `export type`) are not reported as unused code. */
  type: boolean;
}

/** One file's imports and exports, the graph's per-file fact. */
export interface ModuleFact {
  imports: ImportRecord[];
  exports: ExportRecord[];
  /** `import(expr)` / `require(expr)` whose target is not a literal: counted, not resolved. */
  nonLiteral: number;
}

export const MODULE_FACT = "graph/imports";

/** Why an import did not become an edge between two audited files. */
export type UnresolvedReason =
  /** A relative or absolute path that names no file. */
  | "missing-file"
  /** A bare specifier whose package is not installed and is no workspace package. */
  | "missing-package"
  /** Resolves outside the audited folder (a sibling package, a parent folder). */
  | "outside-root"
  /** Resolves to a file the audit did not analyse (skipped, generated, excluded). */
  | "not-analysed"
  /** `import(expr)` / `require(expr)` with a computed target. */
  | "non-literal";

export interface Edge {
  from: number;
  to: number;
  /** IMPORT bits of every import of `to` by `from`, and-ed for typeOnly (an edge is type-only only if every import is). */
  kind: number;
  line: number;
  names: string[];
  /** Named re-exports through this edge, `[imported, exported]`: `imported` is used only when importers use `exported`. */
  reExports?: Array<[string, string]>;
}

export interface ModuleGraph {
  /** Analysed code files, repository-relative, sorted. Node ids are indexes into this list. */
  files: string[];
  /**
   * Nodes of files skipped as generated (a generated barrel, say): their imports are edges, so
   * what they re-export is reached, but they are no one's debt and no finding is about them.
   */
  generated?: number[];
  index: ReadonlyMap<string, number>;
  edges: Edge[];
  /** Outgoing edge indexes per node. */
  out: number[][];
  /** Incoming edge indexes per node. */
  in: number[][];
  /** Imports of packages (node_modules or built-ins), per node: package specifier list. */
  external: string[][];
  unresolved: Record<UnresolvedReason, number>;
  /** A few examples per reason, for the report: "src/a.ts -> ./missing". */
  unresolvedExamples: Partial<Record<UnresolvedReason, string[]>>;
  /** Workspace package names to their folder (repository-relative). */
  workspaces: Record<string, string>;
  /** Entry points (node ids): what package.json files, conventions, tests and configuration declare (entries.ts). */
  entries: number[];
  /** Whether a package.json, the configuration or an app router names an entry (else unused-code cannot judge). */
  entriesDeclared?: boolean;
  /** Entries known only by folder or name (tests, scripts, stories): their exports count as used only while no module imports them. */
  looseEntries?: number[];
  /** The `--coverage` report, when one was given. */
  coverage?: import("./coverage.ts").CoverageData;
}

/** Whether a node is a generated file: rules reason through it but report nothing on it. */
export function generatedNodes(graph: ModuleGraph): (v: number) => boolean {
  const set = new Set(graph.generated ?? []);
  return (v) => set.has(v);
}
