import type { CalendarUnit, SloWindow } from "./model.ts";

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 7 * 86_400,
  // Calendar units as nominal lengths: the alert math needs one number for the period.
  M: 30 * 86_400,
  Q: 90 * 86_400,
  Y: 365 * 86_400,
  y: 365 * 86_400,
};

const DURATION = /^(?:\d+(?:ms|[smhdwyMQY]))+$/;
const PART = /(\d+)(ms|[smhdwyMQY])/g;

/** Seconds in a duration such as `30d`, `1h30m`, `70s` or OpenSLO's `1M`; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let seconds = 0;
  for (const [, n, unit] of text.matchAll(PART))
    seconds += unit === "ms" ? Number(n) / 1000 : Number(n) * UNIT_SECONDS[unit!]!;
  return seconds > 0 ? seconds : undefined;
}

/** A Prometheus duration for a whole number of seconds, largest units first (`5040` -> `1h24m`). */
export function formatDuration(seconds: number): string {
  let rest = Math.round(seconds);
  if (rest <= 0) return "0s";
  let out = "";
  for (const [unit, size] of [
    ["d", 86_400],
    ["h", 3600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}

/**
 * One alert of the Google SRE workbook's multi-window, multi-burn-rate scheme (chapter 5,
 * "Alerting on SLOs", table 5-8) for a 30-day window: it fires when `budgetFraction` of the
 * period's budget has been spent within `longSeconds` (and the short window, 1/12 of it, says the
 * burn is still going on).
 */
export interface BurnWindow {
  /** Index into `Slo.priorities` (0 fast page ... 3 slow ticket). */
  index: number;
  severity: "page" | "ticket";
  budgetFraction: number;
  longSeconds: number;
  shortSeconds: number;
  burnRate: number;
}

/** The workbook's four alerts for 30 days: 2% in 1h, 5% in 6h page; 10% in 1d, 10% in 3d open a ticket. */
const WORKBOOK_30D = [
  { severity: "page", budgetFraction: 0.02, longSeconds: 3600 },
  { severity: "page", budgetFraction: 0.05, longSeconds: 6 * 3600 },
  { severity: "ticket", budgetFraction: 0.1, longSeconds: 86_400 },
  { severity: "ticket", budgetFraction: 0.1, longSeconds: 3 * 86_400 },
] as const;

const THIRTY_DAYS = 30 * 86_400;

/**
 * The workbook's windows scaled to a period of `periodSeconds`: long window L' = L x P / 30d
 * (whole seconds), short window S' = L' / 12, burn rate b = f x P / L' where f is the budget
 * fraction. So an alert still means "f of this period's budget spent within L'", and for 30 days
 * the workbook's own numbers come out (1h/5m 14.4x, 6h/30m 6x, 1d/2h 3x, 3d/6h 1x); for 7 days
 * 14m/70s 14.4x, 1h24m/7m 6x, 5h36m/28m 3x, 16h48m/1h24m 1x.
 */
export function burnWindows(periodSeconds: number): BurnWindow[] {
  return WORKBOOK_30D.map((w, index) => {
    const longSeconds = Math.max(60, Math.round((w.longSeconds * periodSeconds) / THIRTY_DAYS));
    const shortSeconds = Math.max(1, Math.round(longSeconds / 12));
    const burnRate = Number(((w.budgetFraction * periodSeconds) / longSeconds).toPrecision(6));
    return {
      index,
      severity: w.severity,
      budgetFraction: w.budgetFraction,
      longSeconds,
      shortSeconds,
      burnRate,
    };
  });
}

/**
 * Where the current period of a calendar window started, at `nowMs`. Periods are stepped from the
 * spec's start time in UTC (months and longer by calendar months on the start's day and time).
 */
export function calendarPeriodStart(window: SloWindow, nowMs: number): number {
  const calendar = window.calendar;
  if (!calendar) return nowMs - window.seconds * 1000;
  const { startMs, unit, count } = calendar;
  if (unit === "M" || unit === "Q" || unit === "Y") {
    const months = count * (unit === "M" ? 1 : unit === "Q" ? 3 : 12);
    const start = new Date(startMs);
    const now = new Date(nowMs);
    let steps = Math.floor(
      ((now.getUTCFullYear() - start.getUTCFullYear()) * 12 +
        now.getUTCMonth() -
        start.getUTCMonth()) /
        months,
    );
    const at = (k: number) => {
      const d = new Date(startMs);
      d.setUTCMonth(d.getUTCMonth() + k * months);
      return d.getTime();
    };
    while (at(steps) > nowMs) steps -= 1;
    while (at(steps + 1) <= nowMs) steps += 1;
    return at(steps);
  }
  const step = count * UNIT_SECONDS[unit as CalendarUnit]! * 1000;
  return startMs + Math.floor((nowMs - startMs) / step) * step;
}
