/**
 * The one model both spec formats (OpenSLO v1, Sloth prometheus/v1) are read into. Everything
 * after reading (rules, Alertmanager routes, status, debt) works on these types only.
 */

/** The framework's alert hierarchy: P0 page now, P1 within 5 minutes, P2 within 15, P3 a daily digest. */
export const PRIORITIES = ["P0", "P1", "P2", "P3"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** A PromQL expression; `windowed` when it holds Sloth's `{{.window}}` placeholder for the range. */
export interface Query {
  text: string;
  windowed: boolean;
}

export type Indicator =
  /** Good or bad events against total events (counters, or already rates when `counter` is false). */
  | { kind: "ratio"; good?: Query; bad?: Query; total: Query; counter: boolean }
  /** One query that gives the success or failure ratio itself (Sloth `raw`, OpenSLO `rawMetric`). */
  | { kind: "raw"; query: Query; rawType: "success" | "failure" }
  /** A value (a latency quantile, say) compared with a threshold: each evaluation is a good or bad time slice. */
  | { kind: "threshold"; query: Query; op: ThresholdOp; value: number };

/** OpenSLO's comparison: the slice is good when `value(query) op threshold`. */
export type ThresholdOp = "lt" | "lte" | "gt" | "gte";

export interface SloWindow {
  kind: "rolling" | "calendar";
  /** The duration as written (`30d`, `1M`). */
  text: string;
  /** Length in seconds (a calendar month counts 30 days, a quarter 90, a year 365 for the alert math). */
  seconds: number;
  /** Calendar windows: when one period starts (epoch ms) and the calendar step. */
  calendar?: { startMs: number; unit: CalendarUnit; count: number };
}

export type CalendarUnit = "m" | "h" | "d" | "w" | "M" | "Q" | "Y";

/** An extra burn-rate alert from an OpenSLO AlertPolicy condition. */
export interface PolicyAlert {
  policy: string;
  condition: string;
  /** Burn rate that fires: the error ratio over `lookbackSeconds` exceeds `burnRate` x the budget. */
  burnRate: number;
  lookbackSeconds: number;
  /** Prometheus `for:`. */
  alertAfterSeconds: number;
  priority: Priority;
}

/** Where a spec came from, for messages and links. */
export interface SourceRef {
  file: string;
  line: number;
}

export interface Slo {
  /** Unique among the specs read together; a Prometheus label value (`slo`). */
  name: string;
  service: string;
  description?: string;
  /** Target ratio of good events or good slices, 0 < objective < 1 (0.999). */
  objective: number;
  window: SloWindow;
  indicator: Indicator;
  /** Label names whose value is an HTTP route (`http_route`, `route`, and one the spec names). */
  routeLabels: string[];
  /** The route when the indicator's queries select one (`http_route="/users/:id"`). */
  route?: string;
  /** Priorities of the four workbook alerts: fast page, slow page, fast ticket, slow ticket. */
  priorities: [Priority, Priority, Priority, Priority];
  /** Money per minute of error budget burned (overrides the command's default). */
  costPerMinute?: number;
  /** Extra labels for every rule (Sloth `labels`, OpenSLO `metadata.labels`). */
  labels: Record<string, string>;
  policyAlerts: PolicyAlert[];
  source: SourceRef;
  format: "openslo/v1" | "prometheus/v1";
}

/** Default routing of the four workbook alerts onto the framework's priorities. */
export const DEFAULT_PRIORITIES: Slo["priorities"] = ["P0", "P1", "P2", "P3"];

/** Label names that carry an HTTP route in common instrumentation (OpenTelemetry, prom-client middlewares). */
export const ROUTE_LABELS = ["http_route", "route"] as const;
