import type { Document, LineCounter } from "yaml";
import { InputError, yamlModule } from "../shared/index.ts";
import {
  DEFAULT_PRIORITIES,
  PRIORITIES,
  ROUTE_LABELS,
  type CalendarUnit,
  type Indicator,
  type PolicyAlert,
  type Priority,
  type Query,
  type Slo,
  type SloWindow,
  type ThresholdOp,
} from "./model.ts";
import { parseDuration } from "./windows.ts";

/**
 * A spec that cannot be read. The message names the file, the line and the field, never the
 * file's content (specs may hold internal metric names and hosts).
 */
export class SloSpecError extends InputError {
  constructor(file: string, line: number, message: string) {
    super("slo-spec", `${file}:${line}: ${message}`);
    this.name = "SloSpecError";
  }
}

export interface SpecFile {
  /** The path as the user gave it: messages name it. */
  path: string;
  text: string;
}

type Path = ReadonlyArray<string | number>;
type Json = unknown;

/** One YAML document of a file, with what is needed to name a line for any field. */
class DocumentReader {
  readonly value: Json;
  readonly file: string;
  private readonly doc: Document;
  private readonly lines: LineCounter;
  constructor(file: string, doc: Document, lines: LineCounter) {
    this.file = file;
    this.doc = doc;
    this.lines = lines;
    this.value = doc.toJS() as Json;
  }

  /** The line of the deepest node that exists along `path` (1-based). */
  lineOf(path: Path): number {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return this.lines.linePos(range[0]).line;
    }
    return 1;
  }

  fail(path: Path, problem: string): never {
    throw new SloSpecError(this.file, this.lineOf(path), `${fieldName(path)}: ${problem}`);
  }

  get(path: Path): Json {
    let at: Json = this.value;
    for (const key of path) {
      if (at === null || typeof at !== "object") return undefined;
      at = (at as Record<string | number, Json>)[key];
    }
    return at;
  }

  string(path: Path): string;
  string(path: Path, optional: true): string | undefined;
  string(path: Path, optional?: true): string | undefined {
    const value = this.get(path);
    if (value === undefined || value === null) {
      if (optional) return undefined;
      this.fail(path, "missing (expected a string)");
    }
    if (typeof value !== "string" || value.trim() === "")
      this.fail(path, "expected a non-empty string");
    return value;
  }

  number(path: Path): number;
  number(path: Path, optional: true): number | undefined;
  number(path: Path, optional?: true): number | undefined {
    const value = this.get(path);
    if (value === undefined || value === null) {
      if (optional) return undefined;
      this.fail(path, "missing (expected a number)");
    }
    if (typeof value !== "number" || !Number.isFinite(value)) this.fail(path, "expected a number");
    return value;
  }

  object(path: Path, optional?: true): Record<string, Json> | undefined {
    const value = this.get(path);
    if (value === undefined || value === null) {
      if (optional) return undefined;
      this.fail(path, "missing (expected a mapping)");
    }
    if (typeof value !== "object" || Array.isArray(value)) this.fail(path, "expected a mapping");
    return value as Record<string, Json>;
  }

  array(path: Path, optional?: true): Json[] | undefined {
    const value = this.get(path);
    if (value === undefined || value === null) {
      if (optional) return undefined;
      this.fail(path, "missing (expected a list)");
    }
    if (!Array.isArray(value) || value.length === 0) this.fail(path, "expected a non-empty list");
    return value;
  }

  duration(path: Path): number {
    const text = this.string(path);
    const seconds = parseDuration(text);
    if (seconds === undefined) this.fail(path, "expected a duration such as 30d, 6h or 5m");
    return seconds;
  }

  /** A map of Prometheus labels (names checked, values as strings). */
  labels(path: Path): Record<string, string> {
    const map = this.object(path, true) ?? {};
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(map)) {
      if (!LABEL_NAME.test(key)) this.fail([...path, key], "not a valid Prometheus label name");
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
        out[key] = String(value);
      else if (Array.isArray(value)) out[key] = value.map(String).join(",");
      else this.fail([...path, key], "expected a string");
    }
    return out;
  }
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function fieldName(path: Path): string {
  return path.length === 0
    ? "document"
    : path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** Parses every YAML document of one file; broken YAML fails with the parser's line. */
function readDocuments(file: SpecFile): DocumentReader[] {
  const yaml = yamlModule();
  const lines = new yaml.LineCounter();
  const docs = yaml.parseAllDocuments(file.text, { lineCounter: lines, prettyErrors: false });
  const readers: DocumentReader[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const error = doc.errors[0];
    if (error) {
      const line = lines.linePos(error.pos[0]).line;
      // The parser's own words without its excerpt of the file.
      const reason = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      throw new SloSpecError(file.path, line, `not valid YAML (${reason})`);
    }
    if (doc.contents === null) continue;
    readers.push(new DocumentReader(file.path, doc as Document, lines));
  }
  return readers;
}

const WINDOW_PLACEHOLDER = /\{\{\s*\.window\s*\}\}/;

function queryOf(text: string): Query {
  return { text, windowed: WINDOW_PLACEHOLDER.test(text) };
}

/** Debtlens settings a spec may carry (OpenSLO annotations, a Sloth SLO's `debtlens` mapping). */
interface Extension {
  priorities?: Slo["priorities"];
  routeLabel?: string;
  costPerMinute?: number;
}

function priorityList(doc: DocumentReader, path: Path, value: Json): Slo["priorities"] {
  const list = typeof value === "string" ? value.split(/[\s,]+/).filter(Boolean) : value;
  if (
    !Array.isArray(list) ||
    list.length !== 4 ||
    !list.every((p) => PRIORITIES.includes(p as Priority))
  )
    doc.fail(
      path,
      "expected four priorities (fast page, slow page, fast ticket, slow ticket) from P0-P3, e.g. P0 P1 P2 P3",
    );
  return list as Slo["priorities"];
}

function costOf(doc: DocumentReader, path: Path, value: Json): number {
  const cost = typeof value === "string" ? Number(value) : value;
  if (typeof cost !== "number" || !Number.isFinite(cost) || cost < 0)
    doc.fail(path, "expected a non-negative amount of money per minute");
  return cost;
}

function routeLabelOf(doc: DocumentReader, path: Path, value: Json): string {
  if (typeof value !== "string" || !LABEL_NAME.test(value))
    doc.fail(path, "expected a Prometheus label name");
  return value;
}

const ANNOTATION = "debtlens.dev/";

function openSloExtension(doc: DocumentReader): Extension {
  const annotations = doc.object(["metadata", "annotations"], true) ?? {};
  const out: Extension = {};
  const at = (key: string) => ["metadata", "annotations", `${ANNOTATION}${key}`];
  if (annotations[`${ANNOTATION}priorities`] !== undefined)
    out.priorities = priorityList(doc, at("priorities"), annotations[`${ANNOTATION}priorities`]);
  if (annotations[`${ANNOTATION}route-label`] !== undefined)
    out.routeLabel = routeLabelOf(doc, at("route-label"), annotations[`${ANNOTATION}route-label`]);
  if (annotations[`${ANNOTATION}cost-per-minute`] !== undefined)
    out.costPerMinute = costOf(
      doc,
      at("cost-per-minute"),
      annotations[`${ANNOTATION}cost-per-minute`],
    );
  return out;
}

function slothExtension(doc: DocumentReader, path: Path): Extension {
  const ext = doc.object([...path, "debtlens"], true);
  if (!ext) return {};
  const out: Extension = {};
  if (ext.priorities !== undefined)
    out.priorities = priorityList(doc, [...path, "debtlens", "priorities"], ext.priorities);
  if (ext.routeLabel !== undefined)
    out.routeLabel = routeLabelOf(doc, [...path, "debtlens", "routeLabel"], ext.routeLabel);
  if (ext.costPerMinute !== undefined)
    out.costPerMinute = costOf(doc, [...path, "debtlens", "costPerMinute"], ext.costPerMinute);
  return out;
}

/** The route a query selects with an equality matcher on one of the route labels. */
function staticRoute(indicator: Indicator, routeLabels: readonly string[]): string | undefined {
  const queries =
    indicator.kind === "ratio"
      ? [indicator.good, indicator.bad, indicator.total]
      : [indicator.query];
  for (const query of queries) {
    if (!query) continue;
    for (const label of routeLabels) {
      const match = new RegExp(`[{,]\\s*${label}\\s*=\\s*"([^"]*)"`).exec(query.text);
      if (match) return match[1];
    }
  }
  return undefined;
}

function routeLabelsOf(ext: Extension): string[] {
  return [...new Set([...(ext.routeLabel ? [ext.routeLabel] : []), ...ROUTE_LABELS])];
}

// ---------------------------------------------------------------- Sloth prometheus/v1

function readSloth(doc: DocumentReader): Slo[] {
  const service = doc.string(["service"]);
  const common = doc.labels(["labels"]);
  const slos = doc.array(["slos"])!;
  return slos.map((_, i) => {
    const at = ["slos", i];
    const name = doc.string([...at, "name"]);
    const percent = doc.number([...at, "objective"]);
    if (percent <= 0 || percent >= 100)
      doc.fail(
        [...at, "objective"],
        "expected a percentage above 0 and below 100 (100 leaves no error budget)",
      );
    const sli = doc.object([...at, "sli"])!;
    let indicator: Indicator;
    if (sli.events !== undefined) {
      indicator = {
        kind: "ratio",
        bad: queryOf(doc.string([...at, "sli", "events", "error_query"])),
        total: queryOf(doc.string([...at, "sli", "events", "total_query"])),
        counter: true,
      };
      requireWindow(doc, [...at, "sli", "events", "error_query"], indicator.bad!);
      requireWindow(doc, [...at, "sli", "events", "total_query"], indicator.total);
    } else if (sli.raw !== undefined) {
      const query = queryOf(doc.string([...at, "sli", "raw", "error_ratio_query"]));
      requireWindow(doc, [...at, "sli", "raw", "error_ratio_query"], query);
      indicator = { kind: "raw", query, rawType: "failure" };
    } else {
      doc.fail(
        [...at, "sli"],
        "unknown SLI kind: expected events (error_query, total_query) or raw (error_ratio_query); plugins are not supported",
      );
    }
    const ext = slothExtension(doc, at);
    const routeLabels = routeLabelsOf(ext);
    const route = staticRoute(indicator, routeLabels);
    const description = doc.string([...at, "description"], true);
    return {
      name: `${service}-${name}`,
      service,
      ...(description ? { description } : {}),
      objective: Number((percent / 100).toPrecision(12)),
      // Sloth's spec has no period: its default, 30 days.
      window: { kind: "rolling", text: "30d", seconds: 30 * 86_400 },
      indicator,
      routeLabels,
      ...(route !== undefined ? { route } : {}),
      priorities: ext.priorities ?? DEFAULT_PRIORITIES,
      ...(ext.costPerMinute !== undefined ? { costPerMinute: ext.costPerMinute } : {}),
      labels: { ...common, ...doc.labels([...at, "labels"]) },
      policyAlerts: [],
      source: { file: doc.file, line: doc.lineOf(at) },
      format: "prometheus/v1",
    } satisfies Slo;
  });
}

function requireWindow(doc: DocumentReader, path: Path, query: Query): void {
  if (!query.windowed) doc.fail(path, "the query needs the {{.window}} placeholder for its range");
}

// ---------------------------------------------------------------- OpenSLO v1

interface Named {
  doc: DocumentReader;
  path: Path;
}

/** OpenSLO documents by kind and name, for `indicatorRef`, `alertPolicies` and `conditionRef`. */
interface OpenSloIndex {
  sli: Map<string, Named>;
  alertPolicy: Map<string, Named>;
  alertCondition: Map<string, Named>;
}

const OPENSLO_KINDS = new Set([
  "SLO",
  "SLI",
  "AlertPolicy",
  "AlertCondition",
  "AlertNotificationTarget",
  "Service",
  "DataSource",
]);

function readPrometheusSource(doc: DocumentReader, path: Path): Query {
  const source = doc.object([...path, "metricSource"])!;
  if (source.metricSourceRef !== undefined && source.spec === undefined)
    doc.fail(
      [...path, "metricSource", "metricSourceRef"],
      "data source references are not supported: give the query inline",
    );
  const type = doc.string([...path, "metricSource", "type"]);
  if (type.toLowerCase() !== "prometheus")
    doc.fail([...path, "metricSource", "type"], "only Prometheus metric sources are supported");
  return queryOf(doc.string([...path, "metricSource", "spec", "query"]));
}

/** An SLI's `spec` (inline under the SLO's `indicator`, or a `kind: SLI` document). */
function readIndicatorSpec(
  doc: DocumentReader,
  path: Path,
  objective: { op?: ThresholdOp; value?: number; path: Path },
): Indicator {
  const spec = doc.object(path)!;
  if (spec.ratioMetric !== undefined) {
    const at = [...path, "ratioMetric"];
    const ratio = doc.object(at)!;
    const counter = ratio.counter !== false;
    if (ratio.raw !== undefined) {
      const rawType = ratio.rawType ?? "failure";
      if (rawType !== "success" && rawType !== "failure")
        doc.fail([...at, "rawType"], "expected success or failure");
      return { kind: "raw", query: readPrometheusSource(doc, [...at, "raw"]), rawType };
    }
    const total = readPrometheusSource(doc, [...at, "total"]);
    if (ratio.good !== undefined)
      return { kind: "ratio", good: readPrometheusSource(doc, [...at, "good"]), total, counter };
    if (ratio.bad !== undefined)
      return { kind: "ratio", bad: readPrometheusSource(doc, [...at, "bad"]), total, counter };
    doc.fail(at, "expected good or bad (with total), or raw");
  }
  if (spec.thresholdMetric !== undefined) {
    const query = readPrometheusSource(doc, [...path, "thresholdMetric"]);
    if (objective.op === undefined || objective.value === undefined)
      doc.fail(objective.path, "a threshold metric needs op (lt, lte, gt, gte) and value");
    return { kind: "threshold", query, op: objective.op, value: objective.value };
  }
  doc.fail(path, "unknown metric kind: expected ratioMetric or thresholdMetric");
}

function readWindow(doc: DocumentReader): SloWindow {
  const windows = doc.array(["spec", "timeWindow"])!;
  if (windows.length > 1) doc.fail(["spec", "timeWindow"], "expected exactly one time window");
  const at = ["spec", "timeWindow", 0];
  const text = doc.string([...at, "duration"]);
  const seconds = doc.duration([...at, "duration"]);
  const calendar = doc.object([...at, "calendar"], true);
  const rolling = doc.get([...at, "isRolling"]);
  if (rolling !== undefined && typeof rolling !== "boolean")
    doc.fail([...at, "isRolling"], "expected true or false");
  if (rolling === true || !calendar) {
    if (rolling === false)
      doc.fail(
        [...at, "calendar"],
        "missing: a window that is not rolling needs calendar.startTime",
      );
    return { kind: "rolling", text, seconds };
  }
  const match = /^(\d+)([mhdwMQY])$/.exec(text);
  if (!match)
    doc.fail([...at, "duration"], "a calendar window is a count of one unit (1M, 1w, 1Q)");
  const startText = doc.string([...at, "calendar", "startTime"]);
  // OpenSLO writes "2022-01-01 12:00:00": ISO with a space. The time zone is read as UTC offset 0
  // unless it is UTC anyway; docs/slo.md says so.
  const startMs = Date.parse(
    `${startText.replace(" ", "T")}${/[zZ]|[+-]\d\d:?\d\d$/.test(startText) ? "" : "Z"}`,
  );
  if (!Number.isFinite(startMs))
    doc.fail(
      [...at, "calendar", "startTime"],
      "expected a date and time such as 2024-01-01 00:00:00",
    );
  return {
    kind: "calendar",
    text,
    seconds,
    calendar: { startMs, unit: match[2] as CalendarUnit, count: Number(match[1]) },
  };
}

const OPS: ReadonlySet<string> = new Set(["lt", "lte", "gt", "gte"]);

function priorityOfSeverity(severity: string | undefined): Priority {
  if (severity && PRIORITIES.includes(severity as Priority)) return severity as Priority;
  const s = (severity ?? "").toLowerCase();
  if (s === "critical" || s === "page") return "P0";
  if (s === "high") return "P1";
  if (s === "low" || s === "info") return "P3";
  return "P2";
}

function readPolicy(
  name: string,
  index: OpenSloIndex,
  from: DocumentReader,
  fromPath: Path,
): PolicyAlert[] {
  const policy = index.alertPolicy.get(name);
  if (!policy) from.fail(fromPath, "names an AlertPolicy that none of the files defines");
  const doc: DocumentReader = policy.doc;
  const path = policy.path;
  const conditions = doc.array([...path, "spec", "conditions"])!;
  return conditions.map((_, i) => {
    let at: Path = [...path, "spec", "conditions", i];
    let cdoc = doc;
    const ref = doc.get([...at, "conditionRef"]);
    if (ref !== undefined) {
      const target = typeof ref === "string" ? index.alertCondition.get(ref) : undefined;
      if (!target)
        doc.fail([...at, "conditionRef"], "names an AlertCondition that none of the files defines");
      cdoc = target.doc;
      at = target.path;
    }
    const kind = cdoc.string([...at, "spec", "condition", "kind"]);
    if (kind !== "burnrate")
      cdoc.fail([...at, "spec", "condition", "kind"], "only burnrate conditions are supported");
    const op = cdoc.string([...at, "spec", "condition", "op"]);
    if (op !== "gte" && op !== "gt")
      cdoc.fail([...at, "spec", "condition", "op"], "expected gt or gte for a burn rate");
    const burnRate = cdoc.number([...at, "spec", "condition", "threshold"]);
    if (burnRate <= 0)
      cdoc.fail([...at, "spec", "condition", "threshold"], "expected a burn rate above 0");
    const alertAfter = cdoc.get([...at, "spec", "condition", "alertAfter"]);
    return {
      policy: name,
      condition: cdoc.string([...at, "metadata", "name"], true) ?? `${name}-${i}`,
      burnRate,
      lookbackSeconds: cdoc.duration([...at, "spec", "condition", "lookbackWindow"]),
      alertAfterSeconds:
        alertAfter === undefined ? 0 : cdoc.duration([...at, "spec", "condition", "alertAfter"]),
      priority: priorityOfSeverity(cdoc.string([...at, "spec", "severity"], true)),
    };
  });
}

function readOpenSlo(doc: DocumentReader, index: OpenSloIndex): Slo[] {
  const base = doc.string(["metadata", "name"]);
  const service = doc.string(["spec", "service"]);
  const description = doc.string(["spec", "description"], true);
  const window = readWindow(doc);
  const method = doc.get(["spec", "budgetingMethod"]);
  if (
    method !== undefined &&
    !["Occurrences", "Timeslices", "RatioTimeslices"].includes(method as string)
  )
    doc.fail(["spec", "budgetingMethod"], "expected Occurrences, Timeslices or RatioTimeslices");
  const ext = openSloExtension(doc);
  const routeLabels = routeLabelsOf(ext);
  const labels = doc.labels(["metadata", "labels"]);

  // Where the indicator is: inline, or a `kind: SLI` document by name.
  let sliDoc = doc;
  let sliPath: Path;
  if (doc.get(["spec", "indicator"]) !== undefined) sliPath = ["spec", "indicator", "spec"];
  else if (doc.get(["spec", "indicatorRef"]) !== undefined) {
    const ref = doc.string(["spec", "indicatorRef"]);
    const target = index.sli.get(ref);
    if (!target) doc.fail(["spec", "indicatorRef"], "names an SLI that none of the files defines");
    sliDoc = target.doc;
    sliPath = [...target.path, "spec"];
  } else doc.fail(["spec"], "missing indicator (or indicatorRef)");

  const policyAlerts: PolicyAlert[] = [];
  const policies = doc.array(["spec", "alertPolicies"], true) ?? [];
  policies.forEach((entry, i) => {
    const at = ["spec", "alertPolicies", i];
    if (typeof entry === "string") policyAlerts.push(...readPolicy(entry, index, doc, at));
    else if (entry && typeof entry === "object" && "alertPolicyRef" in entry)
      policyAlerts.push(...readPolicy(doc.string([...at, "alertPolicyRef"]), index, doc, at));
    else if (
      entry &&
      typeof entry === "object" &&
      (entry as { kind?: unknown }).kind === "AlertPolicy"
    ) {
      const name = doc.string([...at, "metadata", "name"]);
      const inline: OpenSloIndex = { ...index, alertPolicy: new Map([[name, { doc, path: at }]]) };
      policyAlerts.push(...readPolicy(name, inline, doc, at));
    } else doc.fail(at, "expected an AlertPolicy name, alertPolicyRef or an inline AlertPolicy");
  });

  const objectives = doc.array(["spec", "objectives"])!;
  return objectives.map((_, i) => {
    const at = ["spec", "objectives", i];
    const percent = doc.number([...at, "targetPercent"], true);
    let target = doc.number([...at, "target"], true);
    if (target === undefined && percent !== undefined) {
      if (percent <= 0 || percent >= 100)
        doc.fail([...at, "targetPercent"], "expected a percentage above 0 and below 100");
      target = Number((percent / 100).toPrecision(12));
    }
    if (target === undefined)
      doc.fail([...at, "target"], "missing objective (expected target or targetPercent)");
    if (target > 1)
      doc.fail([...at, "target"], "above 1: a target is a ratio between 0 and 1 (0.999)");
    if (target <= 0 || target === 1)
      doc.fail(
        [...at, "target"],
        "expected a ratio above 0 and below 1 (1 leaves no error budget)",
      );
    const op = doc.get([...at, "op"]);
    if (op !== undefined && !OPS.has(op as string))
      doc.fail([...at, "op"], "expected lt, lte, gt or gte");
    const value = doc.number([...at, "value"], true);
    const indicator = readIndicatorSpec(sliDoc, sliPath, {
      ...(op !== undefined ? { op: op as ThresholdOp } : {}),
      ...(value !== undefined ? { value } : {}),
      path: at,
    });
    const objectiveName =
      (doc.get([...at, "name"]) as string | undefined) ??
      (doc.get([...at, "displayName"]) as string | undefined);
    const name =
      objectives.length === 1
        ? base
        : `${base}-${objectiveName ? objectiveName.toLowerCase().replace(/[^a-z0-9]+/g, "-") : i}`;
    const route = staticRoute(indicator, routeLabels);
    return {
      name,
      service,
      ...(description ? { description } : {}),
      objective: target,
      window,
      indicator,
      routeLabels,
      ...(route !== undefined ? { route } : {}),
      priorities: ext.priorities ?? DEFAULT_PRIORITIES,
      ...(ext.costPerMinute !== undefined ? { costPerMinute: ext.costPerMinute } : {}),
      labels,
      policyAlerts,
      source: { file: doc.file, line: doc.lineOf(objectives.length === 1 ? [] : at) },
      format: "openslo/v1",
    } satisfies Slo;
  });
}

/**
 * Reads OpenSLO v1 (`kind: SLO`, `SLI`, `AlertPolicy`, `AlertCondition`; other kinds are
 * accepted and ignored) and Sloth `prometheus/v1` specs into one model. Files are read together
 * so that an SLO may name an SLI or an alert policy defined in another file. Throws
 * `SloSpecError` (file, line, field) on the first problem.
 */
export function readSloSpecs(files: readonly SpecFile[]): Slo[] {
  const index: OpenSloIndex = { sli: new Map(), alertPolicy: new Map(), alertCondition: new Map() };
  const openSlo: DocumentReader[] = [];
  const slos: Slo[] = [];
  for (const file of files) {
    const docs = readDocuments(file);
    if (docs.length === 0) throw new SloSpecError(file.path, 1, "empty: no SLO specification");
    for (const doc of docs) {
      const value = doc.value;
      if (value === null || typeof value !== "object" || Array.isArray(value))
        doc.fail([], "expected a mapping (an OpenSLO document or a Sloth spec)");
      const record = value as Record<string, Json>;
      if (record.version === "prometheus/v1") {
        slos.push(...readSloth(doc));
        continue;
      }
      if (record.apiVersion !== "openslo/v1")
        doc.fail(
          record.apiVersion !== undefined
            ? ["apiVersion"]
            : record.version !== undefined
              ? ["version"]
              : [],
          "not an OpenSLO v1 document (apiVersion: openslo/v1) nor a Sloth spec (version: prometheus/v1)",
        );
      const kind = doc.string(["kind"]);
      if (!OPENSLO_KINDS.has(kind)) doc.fail(["kind"], "unknown OpenSLO kind");
      if (kind === "SLO") openSlo.push(doc);
      const target =
        kind === "SLI"
          ? index.sli
          : kind === "AlertPolicy"
            ? index.alertPolicy
            : kind === "AlertCondition"
              ? index.alertCondition
              : undefined;
      if (target) target.set(doc.string(["metadata", "name"]), { doc, path: [] });
    }
  }
  for (const doc of openSlo) slos.push(...readOpenSlo(doc, index));
  const seen = new Map<string, Slo>();
  for (const slo of slos) {
    const first = seen.get(slo.name);
    if (first)
      throw new SloSpecError(
        slo.source.file,
        slo.source.line,
        `name: the same SLO name as the one at ${first.source.file}:${first.source.line}`,
      );
    seen.set(slo.name, slo);
  }
  return slos;
}
