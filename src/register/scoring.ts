import type { ScoringConfig } from "../config/index.ts";
import type { Category, PriorityClass, Severity } from "../findings/index.ts";

export type { PriorityClass };

/** Minutes at which each Effort step ends (SPEC section 3): 15 min = 1 ... 2 weeks = 9, more = 10. */
const EFFORT_STEPS = [15, 30, 60, 120, 240, 480, 960, 2400, 4800];

export function effortScore(minutes: number): number {
  const index = EFFORT_STEPS.findIndex((limit) => minutes <= limit);
  return index < 0 ? 10 : index + 1;
}

const RISK_BASE: Record<Severity, number> = { critical: 9, high: 7, medium: 5, low: 3, info: 1 };

export interface RiskBumps {
  hotspot: boolean;
  untested: boolean;
  silo: boolean;
  /** A security item in code that a request reaches (ADR 0009): exposure is risk, not only cost. */
  exposed?: boolean;
}

export function riskScore(severity: Severity, bumps: RiskBumps): number {
  return Math.min(
    10,
    RISK_BASE[severity] +
      Number(bumps.hotspot) +
      Number(bumps.untested) +
      Number(bumps.silo) +
      Number(!!bumps.exposed),
  );
}

/** Categories whose debt users feel directly: their Impact is raised by one. */
const FELT_BY_USERS = new Set<Category>(["security", "performance"]);

/**
 * Impact from annual interest on a log scale (10 a year = 1.6, 100 = 3.1, 1,000 = 5, 10,000 = 7,
 * 100,000 = 9), plus one for categories users feel and one for a wide blast radius (a module that
 * many others import).
 */
export function impactScore(interest: number, category: Category, fanIn: number): number {
  const base = 1 + 2 * Math.log10(1 + Math.max(0, interest) / 10);
  const raised = base + (FELT_BY_USERS.has(category) ? 1 : 0) + (fanIn >= 10 ? 1 : 0);
  return round1(Math.min(10, Math.max(1, raised)));
}

export function priorityScore(
  impact: number,
  risk: number,
  effort: number,
  scoring: ScoringConfig,
): number {
  const { weights } = scoring;
  // The framework's 1/E term spans only 0.02-0.2; `balanced` spans 0.2-2 so cheap fixes rise.
  const effortTerm =
    scoring.preset === "balanced" ? weights.effort * (11 - effort) : weights.effort * (1 / effort);
  return round2(impact * weights.impact + risk * weights.risk + effortTerm);
}

/**
 * Where each class above the lowest starts, by preset: the seed's 8/6/4 for `framework`. The
 * `balanced` effort term adds up to 1.8 more for a cheap fix, so its third class starts at 5: a
 * quick low-severity item (a TODO, an unused export) stays in the lowest class and a gate that
 * allows no new third-class items does not fail on it.
 */
export const CLASS_CUTS = {
  framework: [8, 6, 4],
  balanced: [8, 6, 5],
} as const satisfies Record<ScoringConfig["preset"], readonly number[]>;

export function priorityClass(
  priority: number,
  preset: ScoringConfig["preset"] = "balanced",
): PriorityClass {
  const [top, second, third] = CLASS_CUTS[preset];
  if (priority >= top) return "fix-now";
  if (priority >= second) return "next";
  if (priority >= third) return "later";
  return "backlog";
}

/**
 * The priority a severity may reach: a low item stops just under the second class and an info
 * item under the third, however cheap and wherever it is. Without it a five-minute low advisory in
 * a hotspot ranked among the "next" items (on outline, 3 of the top 20 were such advisories).
 */
export function capBySeverity(
  priority: number,
  severity: Severity,
  preset: ScoringConfig["preset"] = "balanced",
): number {
  const [, second, third] = CLASS_CUTS[preset];
  if (severity === "low") return Math.min(priority, round2(second - 0.01));
  if (severity === "info") return Math.min(priority, round2(third - 0.01));
  return priority;
}

/** Extra development time that code of this health costs on every change (Tornhill and Borg 2022). */
export function changeOverhead(health: number, scoring: ScoringConfig): number {
  if (health >= scoring.healthyThreshold) return 0;
  if (health < scoring.alertThreshold) return scoring.alertOverhead;
  return (
    (scoring.alertOverhead * (scoring.healthyThreshold - health)) /
    (scoring.healthyThreshold - scoring.alertThreshold)
  );
}

const HEALTH_PENALTY: Record<Severity, number> = {
  critical: 4,
  high: 2,
  medium: 1,
  low: 0.5,
  info: 0.1,
};

/**
 * Code health 1-10 from a file's maintainability findings: 10 minus 9 x (1 - e^(-penalty/6)),
 * where each finding adds its severity's penalty. One medium finding gives 8.6, four high ones
 * 3.4: the score falls fast at first and never below 1, as CodeScene's does.
 */
export function codeHealth(severities: readonly Severity[]): number {
  const penalty = severities.reduce((sum, s) => sum + HEALTH_PENALTY[s], 0);
  return round1(Math.max(1, 10 - 9 * (1 - Math.exp(-penalty / 6))));
}

export function debtRating(ratio: number): "A" | "B" | "C" | "D" | "E" {
  if (ratio <= 0.05) return "A";
  if (ratio <= 0.1) return "B";
  if (ratio <= 0.2) return "C";
  if (ratio <= 0.5) return "D";
  return "E";
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
