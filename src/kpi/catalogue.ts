import type { KpiId } from "../config/index.ts";

/** What a KPI is: its label, its unit, which way is good, and the target a team starts from. */
export interface KpiDefinition {
  id: KpiId;
  label: string;
  unit: "ratio" | "money" | "count" | "score" | "per-week" | "days" | "years";
  /** `max`: the value must stay at or under the target; `min`: at or over it. */
  direction: "max" | "min";
  /** Undefined: no target unless the configuration sets one (money depends on the company). */
  target?: number;
  source: "report" | "git" | "store";
}

/**
 * Default targets: the framework's healthy zone (debt ratio 5% = rating A; code health 8 of 10),
 * no import cycles or vulnerable packages, and DORA's "high performer" band (a release at least
 * weekly, a lead time under a week).
 */
export const KPIS: readonly KpiDefinition[] = [
  {
    id: "debtRatio",
    label: "debt ratio",
    unit: "ratio",
    direction: "max",
    target: 0.05,
    source: "report",
  },
  { id: "principal", label: "principal", unit: "money", direction: "max", source: "report" },
  { id: "interest", label: "interest a year", unit: "money", direction: "max", source: "report" },
  {
    id: "meanHealth",
    label: "mean code health",
    unit: "score",
    direction: "min",
    target: 8,
    source: "report",
  },
  {
    id: "coverage",
    label: "line coverage",
    unit: "ratio",
    direction: "min",
    target: 0.8,
    source: "report",
  },
  { id: "hotspots", label: "hotspots", unit: "count", direction: "max", source: "report" },
  {
    id: "cycles",
    label: "import cycles",
    unit: "count",
    direction: "max",
    target: 0,
    source: "report",
  },
  {
    id: "vulnerablePackages",
    label: "vulnerable packages",
    unit: "count",
    direction: "max",
    target: 0,
    source: "report",
  },
  { id: "libyears", label: "libyears behind", unit: "years", direction: "max", source: "report" },
  {
    id: "deploymentsPerWeek",
    label: "deployments a week",
    unit: "per-week",
    direction: "min",
    target: 1,
    source: "git",
  },
  {
    id: "leadTimeDays",
    label: "lead time for changes",
    unit: "days",
    direction: "max",
    target: 7,
    source: "git",
  },
  {
    id: "debtFixShare",
    label: "audited commits that fixed debt",
    unit: "ratio",
    direction: "min",
    target: 0.2,
    source: "store",
  },
];
