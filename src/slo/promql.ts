import type { Indicator, Slo } from "./model.ts";
import { formatDuration } from "./windows.ts";

const PLACEHOLDER = /\{\{\s*\.window\s*\}\}/g;

/** A PromQL string literal. */
function quote(value: string): string {
  return JSON.stringify(value);
}

/** The label matcher that selects one SLO's recorded series. */
export function sloSelector(slo: Slo): string {
  return `{slo=${quote(slo.name)}}`;
}

/** The range a threshold query's own `{{.window}}` gets: the rate window of one time slice. */
const THRESHOLD_RATE_WINDOW = "5m";

/** Names of the series recorded from the indicator itself, when its queries have no `{{.window}}`. */
const BASE_SERIES = {
  good: "slo:sli_good:value",
  bad: "slo:sli_bad:value",
  total: "slo:sli_total:value",
  raw: "slo:sli_raw:ratio",
  slice: "slo:sli_bad_slice:bool",
} as const;

const BAD_WHEN: Record<string, string> = { lt: ">=", lte: ">", gt: "<=", gte: "<" };

/**
 * Recording rules for the indicator's raw values that the windowed expressions read: a counter
 * query without `{{.window}}` is recorded as is and taken `increase()` of; a threshold query
 * becomes one 0/1 bad-slice series per evaluation.
 */
export function baseRecordings(slo: Slo): Array<{ record: string; expr: string }> {
  const ind = slo.indicator;
  if (ind.kind === "threshold") {
    const query = ind.query.text.replace(PLACEHOLDER, THRESHOLD_RATE_WINDOW);
    return [
      { record: BASE_SERIES.slice, expr: `(${query}) ${BAD_WHEN[ind.op]} bool ${ind.value}` },
    ];
  }
  if (ind.kind === "raw")
    return ind.query.windowed ? [] : [{ record: BASE_SERIES.raw, expr: ind.query.text }];
  const out: Array<{ record: string; expr: string }> = [];
  for (const key of ["good", "bad", "total"] as const) {
    const query = ind[key];
    if (query && !query.windowed) out.push({ record: BASE_SERIES[key], expr: query.text });
  }
  return out;
}

/** The step of the subqueries `direct` expressions use in place of recorded series: one slice a minute. */
const DIRECT_STEP = "1m";

/**
 * The error ratio (1 - SLI) of an indicator over a window, as one PromQL expression. By default
 * it reads the base series the generated rules record; `direct` evaluates the indicator's own
 * queries instead (subqueries at one-minute steps where the rules would record), for a
 * Prometheus that does not run our rules.
 */
export function errorRatioExpr(slo: Slo, windowSeconds: number, direct = false): string {
  const range = formatDuration(windowSeconds);
  const sel = sloSelector(slo);
  const ind: Indicator = slo.indicator;
  /** A range vector of a base series: recorded, or the query itself as a subquery. */
  const rangeOf = (record: string, query: string) =>
    direct ? `(${query})[${range}:${DIRECT_STEP}]` : `${record}${sel}[${range}]`;
  if (ind.kind === "threshold") {
    const slice = baseRecordings(slo)[0]!;
    return `avg_over_time(${rangeOf(slice.record, slice.expr)})`;
  }
  if (ind.kind === "raw") {
    const ratio = ind.query.windowed
      ? `(${ind.query.text.replace(PLACEHOLDER, range)})`
      : `avg_over_time(${rangeOf(BASE_SERIES.raw, ind.query.text)})`;
    return ind.rawType === "failure" ? ratio : `(1 - ${ratio})`;
  }
  const over = (key: "good" | "bad" | "total"): string => {
    const query = ind[key]!;
    if (query.windowed) return `(${query.text.replace(PLACEHOLDER, range)})`;
    // Recorded base series of one SLO carry the same rule labels, so good, bad and total still match.
    return ind.counter
      ? `increase(${rangeOf(BASE_SERIES[key], query.text)})`
      : `sum_over_time(${rangeOf(BASE_SERIES[key], query.text)})`;
  };
  const total = over("total");
  return ind.bad ? `(${over("bad")} / ${total})` : `((${total} - ${over("good")}) / ${total})`;
}
