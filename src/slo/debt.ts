import { scoringSchema, type ScoringConfig } from "../config/index.ts";
import { fingerprintOf } from "../findings/index.ts";
import { note } from "../shared/index.ts";
import {
  effortScore,
  impactScore,
  priorityClass,
  priorityScore,
  riskScore,
} from "../register/index.ts";
import { summaryOf, type AuditReport, type ReportItem } from "../report/index.ts";
import type { RouteHandler } from "../frameworks/index.ts";
import { handlersForRoute } from "./routes.ts";
import type { SloStatus } from "./status.ts";

/** The rule id of SLO debt items (SPEC section 1 step 6: an SLO that burns becomes Performance debt). */
export const SLO_DEBT_RULE = "performance/slo-burn";

/** Minutes in a year: budget minutes a year = (1 - objective) x this. */
const MINUTES_A_YEAR = 525_600;

export interface SloDebtOptions {
  /** Money per minute of error budget burned (an SLO's own `costPerMinute` wins). */
  costPerMinute: number;
  /** Effort to bring the SLO back within budget, in minutes (principal). */
  remediationMinutes: number;
  /** Route handlers found in the audited code (`findRouteHandlers`). */
  handlers: readonly RouteHandler[];
  /** Cost per minute by SLO name, from the specs. */
  costBySlo?: ReadonlyMap<string, number>;
}

export const SLO_DEBT_DEFAULTS = { costPerMinute: 10, remediationMinutes: 960 } as const;

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function scoringOf(report: AuditReport): ScoringConfig {
  const defaults = scoringSchema.parse({});
  return {
    ...defaults,
    preset: report.scoring.preset,
    weights: report.scoring.weights ?? defaults.weights,
  };
}

/**
 * Over its window an SLO burning faster than 1x has spent more than its budget; how much more
 * decides the severity: 10x or more critical, 3x high, else medium.
 */
function severityOf(status: SloStatus): "critical" | "high" | "medium" {
  const burn = status.burnRate ?? 0;
  if (burn >= 10) return "critical";
  return burn >= 3 ? "high" : "medium";
}

function describe(status: SloStatus): string {
  return `SLO ${status.slo}${status.route !== undefined ? ` (route ${status.route})` : ""}`;
}

/** Do two line ranges overlap? */
function overlaps(item: ReportItem, handler: RouteHandler): boolean {
  if (item.path !== handler.path || item.startLine === undefined) return false;
  const end = item.endLine ?? item.startLine;
  return item.startLine <= handler.endLine && end >= handler.startLine;
}

/**
 * The report with SLO debt (SPEC section 1 step 6): every SLO status burning faster than 1x over
 * its window becomes a `performance/slo-burn` item, priced by the budget it burns (interest = burn
 * rate x budget minutes a year x money per minute; principal = remediation minutes at the hourly
 * cost), placed at the handler that serves its route when the route is known and the audit found
 * the handler; that handler's own findings get Risk +1 (at most 10), the SLO named in their
 * evidence (`sloRiskBump`), which `debtlens explain` shows. Totals are recomputed. Pure.
 */
export function withSloDebt(
  report: AuditReport,
  statuses: readonly SloStatus[],
  options: SloDebtOptions,
): AuditReport {
  const scoring = scoringOf(report);
  const burning = statuses.filter((s) => s.burnRate !== null && s.burnRate > 1);
  const added: ReportItem[] = [];
  /** The debt item of each burning status, by the status's place in `statuses`. */
  const itemOf = new Map<SloStatus, string>();
  const bumps = new Map<string, string[]>();
  for (const status of burning) {
    const handlers =
      status.route !== undefined ? handlersForRoute(status.route, options.handlers) : [];
    const at = handlers[0];
    const costPerMinute = options.costBySlo?.get(status.slo) ?? options.costPerMinute;
    const budgetMinutesPerYear = round2(status.budget * MINUTES_A_YEAR);
    const interest = round2(status.burnRate! * budgetMinutesPerYear * costPerMinute);
    const minutes = options.remediationMinutes;
    const severity = severityOf(status);
    const effort = effortScore(minutes);
    const risk = riskScore(severity, { hotspot: false, untested: false, silo: false });
    const impact = impactScore(interest, "performance", 0);
    const priority = priorityScore(impact, risk, effort, scoring);
    const burn = round2(status.burnRate!);
    const reason = `${describe(status)} burns its error budget at ${burn}x`;
    for (const handler of handlers) {
      for (const item of report.items)
        if (overlaps(item, handler)) bumps.set(item.id, [...(bumps.get(item.id) ?? []), reason]);
    }
    const fingerprint = fingerprintOf({
      rule: SLO_DEBT_RULE,
      path: at?.path,
      key: `${status.slo}\u0000${status.route ?? ""}`,
      ordinal: 0,
    });
    itemOf.set(status, fingerprint);
    added.push({
      id: fingerprint,
      fingerprint,
      rule: SLO_DEBT_RULE,
      category: "performance",
      severity,
      message: `${reason} over ${status.window} (objective ${round2(status.objective * 100)}%, ${round2((status.budgetRemaining ?? 0) * 100)}% of the budget left)${at ? `: the request runs ${at.name} (${at.framework} ${at.method} ${at.route})` : ""}; make the handler fast and reliable again, or revisit the objective`,
      ...(at
        ? { path: at.path, startLine: at.startLine, endLine: at.endLine, symbol: at.name }
        : {}),
      ...(handlers.length > 1
        ? {
            places: handlers.map((h) => ({
              path: h.path,
              startLine: h.startLine,
              endLine: h.endLine,
            })),
          }
        : {}),
      evidence: {
        slo: status.slo,
        service: status.service,
        window: status.window,
        objective: status.objective,
        burnRate: burn,
        budgetRemaining: round2(status.budgetRemaining ?? 0),
        ...(status.route !== undefined ? { route: status.route } : {}),
        ...(at ? { declaredAt: `${at.declaredAt.path}:${at.declaredAt.line}` } : {}),
      },
      remediationMinutes: minutes,
      scores: { effort, risk, impact, priority, class: priorityClass(priority, scoring.preset) },
      money: {
        principal: round2((minutes / 60) * report.scoring.hourlyCost),
        interest,
        hours: round2(minutes / 60),
        basis: { model: "slo-burn", burnRate: burn, budgetMinutesPerYear, costPerMinute },
      },
    });
  }
  const items = [
    ...report.items.map((item) => {
      const reasons = bumps.get(item.id);
      if (!reasons) return item;
      const risk = Math.min(10, item.scores.risk + 1);
      const priority = priorityScore(item.scores.impact, risk, item.scores.effort, scoring);
      return {
        ...item,
        evidence: { ...item.evidence, sloRiskBump: `+1: ${[...new Set(reasons)].join("; ")}` },
        scores: { ...item.scores, risk, priority, class: priorityClass(priority, scoring.preset) },
      };
    }),
    ...added,
  ].sort(
    (a, b) =>
      b.scores.priority - a.scores.priority ||
      b.money.interest - a.money.interest ||
      a.id.localeCompare(b.id),
  );
  return {
    ...report,
    items,
    summary: summaryOf(report, items),
    slos: statuses.map((s) => ({
      slo: s.slo,
      service: s.service,
      ...(s.route !== undefined ? { route: s.route } : {}),
      objective: s.objective,
      window: s.window,
      at: s.at,
      sli: s.sli,
      budgetRemaining: s.budgetRemaining,
      burnRate: s.burnRate,
      budgetMinutes: s.budgetMinutes,
      burnedMinutes: s.burnedMinutes,
      burnRates: s.burnRates.map((b) => ({ window: b.window, burnRate: b.burnRate })),
      ...(itemOf.has(s) ? { item: itemOf.get(s)! } : {}),
    })),
    notes: [
      ...report.notes,
      note(
        "slo.debt",
        `SLO debt from ${statuses.length} SLO status${statuses.length === 1 ? "" : "es"}: ${added.length} burning faster than 1x became ${SLO_DEBT_RULE} items; ${bumps.size} findings in their handlers got Risk +1.`,
        { statuses: statuses.length, items: added.length, bumped: bumps.size },
      ),
    ],
  };
}
