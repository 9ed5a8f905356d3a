import { DOCS_BASE_URL, ruleDocsUrl } from "./links.ts";
import { readinessOf, type Readiness } from "./readiness.ts";
import type { AuditReport } from "./schema.ts";

/**
 * What the HTML report and the dashboard pages read: the report cut down to the fields the UI
 * shows, with short keys, so that the report of a large audit stays a few megabytes. Pure data,
 * no Node imports: the UI bundle imports these types too.
 */
export const VIEW_MODEL_VERSION = 1;

/** One register row. Short keys keep thousands of rows small. */
export interface ViewItem {
  /** fingerprint id */
  id: string;
  /** rule id */
  r: string;
  /** category */
  cat: string;
  /** severity */
  sev: string;
  /** priority class */
  cls: "critical" | "high" | "medium" | "low";
  p: number;
  imp: number;
  eff: number;
  risk: number;
  /** remediation minutes */
  min: number;
  /** principal and annual interest, money */
  pr: number;
  int: number;
  path?: string;
  line?: number;
  sym?: string;
  msg: string;
  /** How many places a multi-place item (a clone group) has. */
  n?: number;
}

export interface HotspotView {
  path: string;
  lines: number;
  health: number;
  changes: number;
}

export type Availability<T> = ({ available: true } & T) | { available: false; reason: string };

export interface ViewModel {
  v: typeof VIEW_MODEL_VERSION;
  root: string;
  generatedAt: string;
  toolVersion: string;
  currency: string;
  hourlyCost: number;
  preset: string;
  summary: AuditReport["summary"];
  notes: string[];
  readiness: Readiness;
  rules: Array<{
    id: string;
    category: string;
    description: string;
    docs: string;
    enabled: boolean;
  }>;
  items: ViewItem[];
  hotspots: Availability<{ files: HotspotView[] }>;
  graph: Availability<{ modules: string[]; edges: Array<[number, number]>; cycles: number[][] }>;
  skipped: Record<string, number>;
  errors: number;
  triage?: { triaged: number; expired: number; stale: number };
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * History (hotspots) and the module graph are optional sections that other parts of debtlens
 * add to the report. They are read defensively by name so that the HTML shows them as soon as
 * they exist: `hotspots: [{ path, changes }]` (or `history.files`), and `graph` / `moduleGraph`
 * with `modules` (or `nodes`: strings or `{ path }`), `edges` (`[from, to]` or `{ from, to }`,
 * by index or path) and `cycles` (lists of modules, by index or path).
 */
function hotspotsOf(report: AuditReport): ViewModel["hotspots"] {
  const loose = report as unknown as Loose;
  const history = isObject(loose.history) ? loose.history : undefined;
  const raw = Array.isArray(loose.hotspots)
    ? loose.hotspots
    : Array.isArray(history?.files)
      ? history.files
      : Array.isArray(history?.hotspots)
        ? history.hotspots
        : undefined;
  if (!raw)
    return {
      available: false,
      reason:
        "No git history in this report (history is not read yet, or the audit ran with --no-history), so there is no change frequency to map.",
    };
  const files = new Map(report.files.map((f) => [f.path, f]));
  const out: HotspotView[] = [];
  for (const entry of raw) {
    if (!isObject(entry) || typeof entry.path !== "string") continue;
    const file = files.get(entry.path);
    const changes = Number(entry.changes ?? entry.commits ?? entry.revisions ?? 0);
    const lines = Number(entry.lines ?? entry.linesOfCode ?? file?.linesOfCode ?? file?.lines ?? 0);
    const health = Number(entry.health ?? file?.health ?? 10);
    if (lines > 0) out.push({ path: entry.path, lines, health, changes });
  }
  if (!out.length)
    return { available: false, reason: "The history section lists no files with code." };
  return { available: true, files: out };
}

function graphOf(report: AuditReport): ViewModel["graph"] {
  const loose = report as unknown as Loose;
  const raw = isObject(loose.graph)
    ? loose.graph
    : isObject(loose.moduleGraph)
      ? loose.moduleGraph
      : undefined;
  if (!raw)
    return {
      available: false,
      reason: "No module graph in this report (the architecture rules that build it have not run).",
    };
  const nodes = Array.isArray(raw.modules)
    ? raw.modules
    : Array.isArray(raw.nodes)
      ? raw.nodes
      : [];
  const modules = nodes
    .map((n) => (typeof n === "string" ? n : isObject(n) ? String(n.path ?? n.id ?? "") : ""))
    .filter(Boolean);
  const index = new Map(modules.map((m, i) => [m, i]));
  const ref = (v: unknown): number | undefined =>
    typeof v === "number"
      ? v < modules.length
        ? v
        : undefined
      : typeof v === "string"
        ? index.get(v)
        : undefined;
  const edges: Array<[number, number]> = [];
  for (const e of Array.isArray(raw.edges) ? raw.edges : []) {
    const [a, b] = Array.isArray(e)
      ? [ref(e[0]), ref(e[1])]
      : isObject(e)
        ? [ref(e.from ?? e.source), ref(e.to ?? e.target)]
        : [undefined, undefined];
    if (a !== undefined && b !== undefined) edges.push([a, b]);
  }
  const cycles: number[][] = [];
  for (const c of Array.isArray(raw.cycles) ? raw.cycles : []) {
    const members = (
      Array.isArray(c) ? c : isObject(c) && Array.isArray(c.modules) ? c.modules : []
    )
      .map(ref)
      .filter((x): x is number => x !== undefined);
    if (members.length) cycles.push(members);
  }
  if (!modules.length)
    return { available: false, reason: "The module graph in this report is empty." };
  return { available: true, modules, edges, cycles };
}

export interface ViewModelOptions {
  docsBaseUrl?: string;
}

export function viewModelOf(report: AuditReport, options: ViewModelOptions = {}): ViewModel {
  const base = options.docsBaseUrl ?? DOCS_BASE_URL;
  const loose = report as unknown as Loose;
  const triage = isObject(loose.triage) ? loose.triage : undefined;
  return {
    v: VIEW_MODEL_VERSION,
    root: report.root,
    generatedAt: report.generatedAt,
    toolVersion: report.tool.version,
    currency: report.scoring.currency,
    hourlyCost: report.scoring.hourlyCost,
    preset: report.scoring.preset,
    summary: report.summary,
    notes: report.notes,
    readiness: readinessOf(report),
    rules: report.rules.map((r) => ({
      id: r.id,
      category: r.category,
      description: r.description,
      docs: ruleDocsUrl(report, r.id, base),
      enabled: r.enabled,
    })),
    items: report.items.map((i) => ({
      id: i.id,
      r: i.rule,
      cat: i.category,
      sev: i.severity,
      cls: i.scores.class,
      p: round(i.scores.priority),
      imp: round(i.scores.impact, 1),
      eff: round(i.scores.effort, 1),
      risk: round(i.scores.risk, 1),
      min: Math.round(i.remediationMinutes),
      pr: Math.round(i.money.principal),
      int: Math.round(i.money.interest),
      ...(i.path ? { path: i.path } : {}),
      ...(i.startLine ? { line: i.startLine } : {}),
      ...(i.symbol ? { sym: i.symbol } : {}),
      msg: i.message,
      ...(i.places && i.places.length > 1 ? { n: i.places.length } : {}),
    })),
    hotspots: hotspotsOf(report),
    graph: graphOf(report),
    skipped: report.skipped.counts,
    errors: report.errors.length,
    ...(triage
      ? {
          triage: {
            triaged: Array.isArray(triage.items) ? triage.items.length : 0,
            expired: Array.isArray(triage.expired) ? triage.expired.length : 0,
            stale: Array.isArray(triage.stale) ? triage.stale.length : 0,
          },
        }
      : {}),
  };
}
