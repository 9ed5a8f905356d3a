import { InputError, textTable } from "../shared/index.ts";
import type { Slo } from "./model.ts";
import { errorRatioExpr } from "./promql.ts";
import { burnWindows, calendarPeriodStart, formatDuration } from "./windows.ts";

/** One instant-vector sample from the Prometheus HTTP API. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Evaluates a PromQL expression at a time (seconds since the epoch). */
export type PromQuery = (expr: string, atSeconds: number) => Promise<Sample[]>;

/**
 * A client of the Prometheus HTTP API (`/api/v1/query`). Errors are the user's (a wrong URL, a
 * Prometheus that is down, a query it refuses): they become one-line `InputError`s naming the URL.
 */
export function prometheusClient(baseUrl: string, timeoutMs = 15_000): PromQuery {
  const base = baseUrl.replace(/\/+$/, "");
  return async (expr, atSeconds) => {
    const url = `${base}/api/v1/query`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ query: expr, time: String(atSeconds) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new InputError(
        "slo-prometheus",
        `${url}: cannot reach Prometheus (${(error as Error).message})`,
      );
    }
    let body: {
      status?: string;
      error?: string;
      data?: {
        resultType: string;
        result: Array<{ metric: Record<string, string>; value: [number, string] }>;
      };
    };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new InputError(
        "slo-prometheus",
        `${url}: answered HTTP ${response.status} without JSON`,
      );
    }
    if (body.status !== "success" || !body.data)
      throw new InputError(
        "slo-prometheus",
        `${url}: the query failed (HTTP ${response.status}: ${body.error ?? "no error given"})`,
      );
    if (body.data.resultType !== "vector") return [];
    return body.data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
  };
}

export interface BurnRate {
  /** The alert's windows (`1h`, `5m`). */
  window: string;
  seconds: number;
  /** Error ratio over the window / budget; null without data. */
  burnRate: number | null;
}

/** One SLO's figures at one time; a per-route indicator gives one status per route. */
export interface SloStatus {
  slo: string;
  service: string;
  objective: number;
  window: string;
  /** Seconds the figures cover: the window, or for a calendar window the part elapsed. */
  coveredSeconds: number;
  route?: string;
  /** Labels that tell this status apart from others of the same SLO (a per-route indicator). */
  labels: Record<string, string>;
  at: string;
  /** Share of good events (or good slices) over the window; null when Prometheus has no data. */
  sli: number | null;
  errorRatio: number | null;
  /** 1 - objective. */
  budget: number;
  /** Fraction of the budget left: 1 - errorRatio / budget (negative once overspent). */
  budgetRemaining: number | null;
  /** errorRatio / budget over the window: above 1 the budget runs out before the window ends. */
  burnRate: number | null;
  /** The budget as time: budget x window minutes; and the minutes of it burned so far. */
  budgetMinutes: number;
  burnedMinutes: number | null;
  /** Burn rate over each window the alerts read, long windows first. */
  burnRates: BurnRate[];
}

function round(n: number): number {
  return Number(n.toPrecision(12));
}

/** The label set of a sample without `__name__`, as a key. */
function keyOf(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The status of each SLO at `atMs`: SLI, error budget remaining and burn rates, queried from
 * Prometheus with the indicator's own queries (no recording rules needed). A query that returns
 * several series (grouped by route, say) gives one status per series.
 */
export async function sloStatus(
  slos: readonly Slo[],
  query: PromQuery,
  atMs: number = Date.now(),
): Promise<SloStatus[]> {
  const at = atMs / 1000;
  const out: SloStatus[] = [];
  for (const slo of slos) {
    const covered =
      slo.window.kind === "calendar"
        ? Math.max(60, Math.round((atMs - calendarPeriodStart(slo.window, atMs)) / 1000))
        : slo.window.seconds;
    const budget = round(1 - slo.objective);
    const overWindow = await query(errorRatioExpr(slo, covered, true), at);
    const windows = [
      ...new Set(burnWindows(slo.window.seconds).flatMap((w) => [w.longSeconds, w.shortSeconds])),
    ].sort((a, b) => b - a);
    const byWindow = new Map<number, Map<string, number>>();
    for (const seconds of windows) {
      const samples = await query(errorRatioExpr(slo, seconds, true), at);
      byWindow.set(seconds, new Map(samples.map((s) => [keyOf(s.labels), s.value])));
    }
    // Series the window query found; with no data at all, one status of nulls for the SLO.
    const series = overWindow.length > 0 ? overWindow : [{ labels: {}, value: Number.NaN }];
    for (const sample of series) {
      const key = keyOf(sample.labels);
      const errorRatio = Number.isFinite(sample.value) ? round(sample.value) : null;
      const routeLabel = slo.routeLabels.find((l) => sample.labels[l] !== undefined);
      const route = routeLabel ? sample.labels[routeLabel] : slo.route;
      const burnRate = errorRatio === null ? null : round(errorRatio / budget);
      out.push({
        slo: slo.name,
        service: slo.service,
        objective: slo.objective,
        window: slo.window.text,
        coveredSeconds: covered,
        ...(route !== undefined ? { route } : {}),
        labels: sample.labels,
        at: new Date(atMs).toISOString(),
        sli: errorRatio === null ? null : round(1 - errorRatio),
        errorRatio,
        budget,
        budgetRemaining: burnRate === null ? null : round(1 - burnRate),
        burnRate,
        budgetMinutes: round((budget * covered) / 60),
        burnedMinutes: errorRatio === null ? null : round((errorRatio * covered) / 60),
        burnRates: windows.map((seconds) => {
          const value = byWindow.get(seconds)?.get(key);
          return {
            window: formatDuration(seconds),
            seconds,
            burnRate: value === undefined || !Number.isFinite(value) ? null : round(value / budget),
          };
        }),
      });
    }
  }
  return out;
}

function pct(n: number | null, digits = 3): string {
  return n === null ? "no data" : `${Number((n * 100).toFixed(digits))}%`;
}

function times(n: number | null): string {
  return n === null ? "-" : `${Number(n.toFixed(2))}x`;
}

/** A plain-text table of statuses, one row per SLO (and route). */
export function formatStatusTable(statuses: readonly SloStatus[]): string {
  const header = [
    "SLO",
    "route",
    "objective",
    "window",
    "SLI",
    "budget left",
    "burn",
    "burn by window",
  ];
  const rows = statuses.map((s) => [
    s.slo,
    s.route ?? "",
    pct(s.objective),
    s.window,
    pct(s.sli),
    pct(s.budgetRemaining, 1),
    times(s.burnRate),
    s.burnRates.map((b) => `${b.window} ${times(b.burnRate)}`).join(", "),
  ]);
  return `${textTable(header, rows).join("\n")}\n`;
}
