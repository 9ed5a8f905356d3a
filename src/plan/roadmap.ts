import type { Category, ItemState, Severity } from "../findings/index.ts";
import { readinessOf, type AuditReport, type ReportItem } from "../report/index.ts";
import { monthlyHours, round2, type CapacityInput } from "./capacity.ts";
import { initiativesOf, type Initiative, type InitiativeOptions } from "./initiatives.ts";
import { moneyOf, type PlanMoney } from "./money.ts";
import { planItemOf, type PlanItem } from "./plan.ts";

/** Which items a phase takes: an item matches when every listed field matches (any value of it). */
export interface PhaseMatcher {
  categories?: Category[];
  severities?: Severity[];
  classes?: ReportItem["scores"]["class"][];
}

export interface PhaseSpec {
  name: string;
  /** Month numbers as the framework writes them: "months 4-9" is startMonth 4, endMonth 9. */
  startMonth: number;
  endMonth: number;
  /** Any matcher takes the item; no matchers: every item left (the catch-all phase). */
  match?: PhaseMatcher[];
}

/**
 * The framework's phases: immediate (months 0-3) takes critical and high Security items and every
 * critical item (critical severity or critical priority class); short term (months 4-9)
 * Architecture and Infrastructure; long term (months 10-18) Data, Performance and the rest.
 * An item goes to the first phase that matches it.
 */
const DEFAULT_PHASES: PhaseSpec[] = [
  {
    name: "immediate",
    startMonth: 0,
    endMonth: 3,
    match: [
      { categories: ["security"], severities: ["critical", "high"] },
      { severities: ["critical"] },
      { classes: ["fix-now"] },
    ],
  },
  {
    name: "short-term",
    startMonth: 4,
    endMonth: 9,
    match: [{ categories: ["architecture", "infrastructure"] }],
  },
  { name: "long-term", startMonth: 10, endMonth: 18 },
];

export interface RoadmapOptions extends InitiativeOptions {
  phases?: PhaseSpec[];
  /** The team's sprint capacity; without it the months a phase needs are not computed. */
  capacity?: CapacityInput;
  workingDaysPerMonth?: number;
  riskBuffer?: number;
  /** An item's state when a store knows it (a report's items are all open). */
  stateOf?: (item: ReportItem) => ItemState;
}

const CLOSED: ReadonlySet<ItemState> = new Set(["fixed", "accepted", "wont_fix", "false_positive"]);

export interface RoadmapPhase {
  name: string;
  startMonth: number;
  endMonth: number;
  /** endMonth - max(startMonth - 1, 0): "0-3" lasts 3 months, "4-9" 6, "10-18" 9. */
  windowMonths: number;
  items: PlanItem[];
  initiatives: Initiative[];
  minutes: number;
  hours: number;
  money: PlanMoney;
  /** The readiness scorecard level once this phase and the ones before it are done. */
  readinessLevel: number;
  /** hours / the team's debt hours a month; null without a capacity. */
  monthsNeeded: number | null;
  fitsWindow: boolean | null;
}

export interface Roadmap {
  phases: RoadmapPhase[];
  /** Open items no phase takes (only when no phase is a catch-all). */
  unphased: string[];
  readinessNow: number;
  total: PlanMoney;
  monthlyDebtHours: number | null;
}

function matches(item: ReportItem, matcher: PhaseMatcher): boolean {
  return (
    (!matcher.categories || matcher.categories.includes(item.category)) &&
    (!matcher.severities || matcher.severities.includes(item.severity)) &&
    (!matcher.classes || matcher.classes.includes(item.scores.class))
  );
}

export function roadmapOf(report: AuditReport, options: RoadmapOptions = {}): Roadmap {
  const specs = options.phases ?? DEFAULT_PHASES;
  const riskBuffer = options.riskBuffer ?? 0.3;
  const currency = report.scoring.currency;
  const perMonth = options.capacity
    ? monthlyHours(options.capacity, options.workingDaysPerMonth ?? 21)
    : null;
  const buckets: ReportItem[][] = specs.map(() => []);
  const unphased: string[] = [];
  const stateOf = options.stateOf ?? ((): ItemState => "open");
  const openItems = report.items.filter((i) => !CLOSED.has(stateOf(i)));
  for (const item of openItems) {
    const at = specs.findIndex((s) => !s.match?.length || s.match.some((m) => matches(item, m)));
    if (at === -1) unphased.push(item.id);
    else buckets[at]!.push(item);
  }
  const done = new Set<string>();
  const phases = specs.map((spec, index): RoadmapPhase => {
    const items = buckets[index]!;
    for (const item of items) done.add(item.id);
    const minutes = items.reduce((sum, i) => sum + i.remediationMinutes, 0);
    const hours = round2(minutes / 60);
    const monthsNeeded = perMonth ? round2(minutes / 60 / perMonth) : null;
    const windowMonths = spec.endMonth - Math.max(spec.startMonth - 1, 0);
    return {
      name: spec.name,
      startMonth: spec.startMonth,
      endMonth: spec.endMonth,
      windowMonths,
      items: items.map((i) => planItemOf(i, i.id, stateOf(i))),
      initiatives: initiativesOf(items, options),
      minutes,
      hours,
      money: moneyOf(items, riskBuffer, currency),
      readinessLevel: readinessOf({
        ...report,
        items: openItems.filter((i) => !done.has(i.id)),
      }).level,
      monthsNeeded,
      fitsWindow: monthsNeeded === null ? null : monthsNeeded <= windowMonths,
    };
  });
  return {
    phases,
    unphased,
    readinessNow: readinessOf({ ...report, items: openItems }).level,
    total: moneyOf(
      openItems.filter((i) => done.has(i.id)),
      riskBuffer,
      currency,
    ),
    monthlyDebtHours: perMonth === null ? null : round2(perMonth),
  };
}
