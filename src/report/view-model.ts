import type { PriorityClass } from "../findings/index.ts";
import { DOCS_BASE_URL, ruleDocsUrl } from "./links.ts";
import { noteText } from "./notes.ts";
import { readinessOf, type Readiness } from "./readiness.ts";
import type { AuditReport } from "./schema.ts";
import { countedScopes } from "./totals.ts";

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
  cls: PriorityClass;
  p: number;
  imp: number;
  eff: number;
  risk: number;
  /** remediation minutes */
  min: number;
  /** principal and annual interest, money, to the cent (rounded per item, the register's sums differed from the headline's) */
  pr: number;
  int: number;
  /** interest's low and high bounds (ADR 0009), when the report has them */
  ir?: [number, number];
  /** scope, when not production (docs/scopes.md) */
  sc?: string;
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

/** One SLO (one route of it, when the objective is per route) as the SLO section shows it. */
export interface SloView {
  slo: string;
  service: string;
  route?: string;
  /** The objective as a ratio, 0.999 for 99.9%. */
  objective: number;
  window: string;
  /** Null without data. */
  sli: number | null;
  /** 1 - error ratio / (1 - objective): 1 untouched, 0 spent, below 0 overspent. Null without data. */
  budgetRemaining: number | null;
  burnRates: Array<{ window: string; burnRate: number | null }>;
  /** The performance/slo-burn item this SLO raised, if any. */
  item?: string;
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
  /** The scopes the headline counts; the register shows these by default, so its total is the headline's. */
  counted: string[];
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
  graph: Availability<{
    modules: string[];
    edges: Array<[number, number]>;
    cycles: number[][];
    totalModules: number;
    totalEdges: number;
  }>;
  slos: Availability<{ slos: SloView[] }>;
  /** Present when the page is made from the store: one point per snapshot. */
  trend?: TrendView[];
  skipped: Record<string, number>;
  errors: number;
  triage?: { triaged: number; expired: number; stale: number };
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Hotspot map: every file with code, area = lines of code, colour = health, border = changes in the window. */
function hotspotsOf(report: AuditReport): ViewModel["hotspots"] {
  const history = report.history;
  if (!history) {
    return {
      available: false,
      reason:
        "No git history in this report (the audit ran with --no-history, or the folder has no usable git history), so there is no change frequency to map.",
    };
  }
  const changes = new Map(history.files.map((f) => [f.path, f.commits]));
  const files = report.files
    .filter((f) => f.linesOfCode > 0)
    .map((f) => ({
      path: f.path,
      lines: f.linesOfCode,
      health: f.health,
      changes: changes.get(f.path) ?? 0,
    }));
  if (!files.length) return { available: false, reason: "No file with code to map." };
  return { available: true, files };
}

/**
 * The module graph's cycles: the report keeps coupling per module and each cycle's files and one
 * shortest path through it (not every edge), so the chart draws the modules in cycles and the
 * imports along those paths.
 */
function graphOf(report: AuditReport): ViewModel["graph"] {
  const graph = report.graph;
  if (!graph)
    return {
      available: false,
      reason: "No module graph in this report (the graph stage did not run).",
    };
  const modules: string[] = [];
  const index = new Map<string, number>();
  const ref = (path: string) => {
    let i = index.get(path);
    if (i === undefined) {
      i = modules.length;
      modules.push(path);
      index.set(path, i);
    }
    return i;
  };
  const edges = new Set<string>();
  const cycles: number[][] = [];
  for (const cycle of graph.cycles) {
    cycles.push(cycle.files.map(ref));
    for (let k = 0; k + 1 < cycle.cycle.length; k += 1)
      edges.add(`${ref(cycle.cycle[k]!)},${ref(cycle.cycle[k + 1]!)}`);
  }
  if (!cycles.length) {
    return {
      available: false,
      reason: `${graph.modules.length} modules and ${graph.edges} imports, no import cycles: nothing to highlight.`,
    };
  }
  return {
    available: true,
    modules,
    edges: [...edges].map((e) => e.split(",").map(Number) as [number, number]),
    cycles,
    totalModules: graph.modules.length,
    totalEdges: graph.edges,
  };
}

/** The SLO section: the report's SLO rows as they are, present only after `debtlens slo debt`. */
function slosOf(report: AuditReport): ViewModel["slos"] {
  const slos = report.slos;
  if (!slos?.length)
    return {
      available: false,
      reason: "No SLOs in this report (debtlens slo debt adds them, see docs/slo.md).",
    };
  return {
    available: true,
    slos: slos.map((s) => ({
      slo: s.slo,
      service: s.service,
      ...(s.route !== undefined ? { route: s.route } : {}),
      objective: s.objective,
      window: s.window,
      sli: s.sli,
      budgetRemaining: s.budgetRemaining,
      burnRates: s.burnRates.map((b) => ({ window: b.window, burnRate: b.burnRate })),
      ...(s.item !== undefined ? { item: s.item } : {}),
    })),
  };
}

/** One stored snapshot's figures, for the trend charts (`debtlens report --project`). */
export interface TrendView {
  date: string;
  commit: string | null;
  items: number;
  principal: number;
  interest: number;
  debtRatio: number;
}

export interface ViewModelOptions {
  docsBaseUrl?: string;
  /** The project's snapshots, oldest first, when the report comes from the store. */
  trend?: readonly TrendView[];
}

export function viewModelOf(report: AuditReport, options: ViewModelOptions = {}): ViewModel {
  const base = options.docsBaseUrl ?? DOCS_BASE_URL;
  const triage = report.triage;
  return {
    v: VIEW_MODEL_VERSION,
    root: report.root,
    generatedAt: report.run.generatedAt,
    toolVersion: report.tool.version,
    currency: report.scoring.currency,
    hourlyCost: report.scoring.hourlyCost,
    preset: report.scoring.preset,
    summary: report.summary,
    counted: [...countedScopes(report)],
    notes: report.notes.map(noteText),
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
      pr: round(i.money.principal),
      int: round(i.money.interest),
      ...(i.money.range
        ? { ir: [round(i.money.range.interest.low), round(i.money.range.interest.high)] }
        : {}),
      ...(i.scope && i.scope !== "production" ? { sc: i.scope } : {}),
      ...(i.path ? { path: i.path } : {}),
      ...(i.startLine ? { line: i.startLine } : {}),
      ...(i.symbol ? { sym: i.symbol } : {}),
      msg: i.message,
      ...(i.places && i.places.length > 1 ? { n: i.places.length } : {}),
    })),
    hotspots: hotspotsOf(report),
    graph: graphOf(report),
    slos: slosOf(report),
    ...(options.trend?.length ? { trend: [...options.trend] } : {}),
    skipped: report.skipped.counts,
    errors: report.errors.length,
    ...(triage
      ? {
          triage: {
            triaged: triage.items.length,
            expired: triage.expired.length,
            stale: triage.stale.length,
          },
        }
      : {}),
  };
}
