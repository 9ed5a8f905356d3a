import type { Comment, EcmaScriptModule } from "oxc-parser";
import type { z } from "zod";
import type { Category, Severity } from "../findings/index.ts";
import type { Language } from "../parse/index.ts";
import type { Scope } from "../scopes/index.ts";
// The graph's data types only (src/graph/model.ts imports nothing of the engine: no cycle).
import type { ModuleGraph } from "../graph/model.ts";
import type { HistoryView } from "../history/index.ts";

/** An AST node as oxc-parser gives it (ESTree / TS-ESTree shape, UTF-16 `start`/`end` offsets). */
export interface AstNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export type NodeHandler = (node: AstNode, parent: AstNode | null) => void;
/** Handlers by node type; `Type:exit` runs after the node's children. */
export type NodeHandlers = Record<string, NodeHandler>;

/** What a rule hands to `report`. Line numbers are 1-based. */
export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  /** The node the finding is about; or give the lines directly. */
  node?: { start: number; end: number };
  startLine?: number;
  endLine?: number;
  symbol?: string;
  /** What identifies the finding when there is no symbol; defaults to the normalised first line. */
  key?: string;
  evidence?: Record<string, number | string | boolean>;
  /** Overrides the rule's default remediation time for this finding. */
  remediationMinutes?: number;
  /** Overrides the configured severity (e.g. a far-over-threshold function is `high`). */
  severity?: Severity;
  places?: Array<{ path: string; startLine: number; endLine: number }>;
  path?: string;
  /**
   * Names the problem when one problem shows in many places (the same secret value in eleven
   * files): findings of a rule with the same group become one item with a place each (the
   * register's groupFindings), and the fingerprint is the rule and the group, with no path, so it
   * stays the same as places come and go.
   */
  group?: string;
}

interface BaseContext<Options> {
  options: Options;
  report(report: Report): void;
}

export interface CodeContext<Options> extends BaseContext<Options> {
  path: string;
  /** The file's scope (docs/scopes.md): a rule may judge test or docs code differently. */
  scope: Scope;
  text: string;
  /**
   * `text` with each comment replaced by a space, made once per file on first use: what a quick
   * text test of the code reads (does it call `eval`, read `req.body`), so that a word only a
   * comment holds does not count and comments (40% of effect's src/) are not searched.
   */
  readonly code: string;
  language: Language;
  comments: Comment[];
  /** The file's static and dynamic imports and its exports, from the parser. */
  module: EcmaScriptModule;
  lineOf(offset: number): number;
  /** Lines with code (not blank, not only comments) from `startLine` to `endLine` inclusive. */
  linesOfCode(startLine: number, endLine: number): number;
  /** Stores a compact, serialisable per-file fact for this rule's repository stage. */
  setFact(value: unknown): void;
  /**
   * One value per file and analysis pass for every rule that asks with the same `key`: made by
   * `make` for the first, the same object for the others. For what several rules would each
   * build from the same walk (where request input flows): a value that needs node handlers gives
   * them to the first asker, which merges them into its own, so they run before any later
   * asker's handlers see a node.
   */
  shared<T>(key: object, make: () => T): T;
}

export interface TextContext<Options> extends BaseContext<Options> {
  path: string;
  /** The file's scope (docs/scopes.md): a rule may judge test or docs code differently. */
  scope: Scope;
  text: string;
  setFact(value: unknown): void;
}

/** What the repository stage knows of each file: the per-file summaries, never the text. */
export interface FileSummary {
  path: string;
  language?: Language;
  lines: number;
  linesOfCode: number;
  facts: Record<string, unknown>;
  scope?: Scope;
}

export interface RepositoryContext<Options> extends BaseContext<Options> {
  files: readonly FileSummary[];
  /** Every path discovery found, code or not, skipped or not (to see e.g. a `.prettierrc`). */
  allPaths: readonly string[];
  factsOf<T>(ruleId: string): Array<{ path: string; fact: T }>;
  /**
   * `filesOnly` rules only: what this rule handed `carry` in the previous audit with the same
   * rules and options (undefined the first time, or when the cache is gone): a hint that lets it
   * redo less when few files changed. The findings must be the same with it or without it.
   */
  carried?: unknown;
  /** Keeps serialisable data for the next audit's `carried` (kept only if `analyze` succeeds). */
  carry?(value: unknown): void;
  /** Any path's scope: an audited file's own, else what the path conventions say. */
  scopeOf(path: string): Scope;
  /** The resolved module graph (src/graph), when the audit built it; rules only query it. */
  graph?: ModuleGraph;
  /**
   * What the audit pipeline gathered by I/O for a rule, keyed by rule id (advisory matches,
   * registry metadata, secrets in git history): rules stay free of I/O and get results here.
   */
  external?: Readonly<Record<string, unknown>>;
  /** Git history (src/history), when the audit read it: absent with --no-history or without git. */
  history?: HistoryView;
}

/**
 * One rule, one file, one plain object (STYLE practice 3). A rule has up to three parts, each
 * optional: `create` runs in the single traversal of each parsed JS/TS file, `checkText` on text
 * files that `textFiles` accepts, `analyze` once per audit on the per-file summaries. Rules do no
 * I/O, no async work and no console output: the engine reads, the CLI prints.
 */
export interface Rule<Options = Record<string, unknown>> {
  id: string;
  category: Category;
  severity: Severity;
  /** Default remediation time of one finding, in minutes. */
  remediationMinutes: number;
  /** One line: what the rule finds. */
  description: string;
  /** Why it costs money (shown in docs and explanations). */
  rationale: string;
  /** Bumped whenever the rule's per-file output changes, so cached results are recomputed. */
  version: number;
  /** zod schema with defaults for every option; `{}` must parse. */
  options: z.ZodType<Options>;
  messages: Record<string, string>;
  create?(context: CodeContext<Options>): NodeHandlers;
  textFiles?(path: string): boolean;
  checkText?(context: TextContext<Options>): void;
  analyze?(context: RepositoryContext<Options>): void;
  /**
   * Declares that `analyze` reads only the per-file summaries, `allPaths` and its options (no
   * graph, history or external data): its findings are then cached by the files' content, so a
   * repeated audit of unchanged files does not run it again (clone detection on a large codebase).
   */
  filesOnly?: boolean;
  /**
   * Declares that `create` also runs on code marked as generated (which every other rule skips):
   * for facts about structure, not debt. The module graph's collector sets it, so that a
   * generated barrel's imports reach the graph and the modules it re-exports are not unreached.
   */
  readsGenerated?: boolean;
  /**
   * `register`: `analyze` runs after the other rules' findings are priced, with each file's code
   * health in `history.health` (hotspots weigh change frequency by health).
   */
  runsAfter?: "register";
  /**
   * The Risk bump (SPEC section 3) this rule's findings give: to the finding's file (`path`; a
   * finding about the whole repository covers every code file) or to the files it lists
   * (`places`).
   */
  riskBump?: { bump: "hotspot" | "silo" | "untested"; on: "path" | "places" };
  /**
   * What the audit must gather by I/O for this rule before `analyze` (advisory matches, registry
   * metadata, secrets in past commits); it arrives in `external` under the rule's own id.
   */
  inputs?: readonly ExternalInput[];
  /** Its per-file fact is the function metrics the report lists under `files[].functions`. */
  publishesFunctions?: boolean;
  /** Its findings are clones: their places count toward the summary's duplicated lines. */
  countsDuplication?: boolean;
  /** Collectors (src/rules/collectors) whose per-file facts `analyze` reads: on whenever it is. */
  uses?: readonly string[];
}

/**
 * Inputs gathered by I/O: `advisories` (known vulnerabilities of the locked packages, from the
 * rule's lockfile facts), `registry` (release dates and deprecations of the same), and
 * `secret-history` (secrets added by past commits, scanned with the rule's options).
 */
export type ExternalInput = "advisories" | "registry" | "secret-history";

/** A rule with its configured severity and parsed options, as the engine runs it. */
export interface ActiveRule {
  rule: Rule<unknown>;
  severity: Severity;
  /** True when the configuration set the severity: it then wins over a rule's per-finding choice. */
  severityConfigured: boolean;
  options: unknown;
}

export function defineRule<Options>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

export function formatMessage(
  template: string,
  data: Record<string, string | number> = {},
): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) =>
    String(data[key] ?? `{{${key}}}`),
  );
}
