import type { ScoringConfig } from "../config/index.ts";
import type { Severity } from "../findings/index.ts";
import { changeOverhead, round2 } from "./scoring.ts";

/**
 * The two interest models of ADR 0009 and the plausible bounds of their assumptions. Pure: the
 * register calls these per item; the inputs come from the audit (team hours, exposure, scope).
 */

/** A low-high range of one money figure. */
export interface MoneyRange {
  low: number;
  high: number;
}

/**
 * Plausible bounds of each assumption, as factors of the figure used (ADR 0009):
 * - principal: McConnell's cone of uncertainty once the work is understood (0.67x-1.5x);
 * - overhead: Tornhill and Borg's +124% is a mean over files, half to one and a half of it;
 * - hours measured from git: activity in weeks is a proxy for time (0.8x-1.2x); assumed hours
 *   (no history) are a guess (0.5x-1.5x);
 * - likelihood: a third to three times the yearly likelihood (at most 1).
 * With these bounds the high end of the change-cost interest stays below the team's cost too:
 * 1.5 x waste(1.5 x 1.24) = 0.97 of the hours at most.
 */
export const BOUNDS = {
  principal: { low: 0.67, high: 1.5 },
  overhead: { low: 0.5, high: 1.5 },
  measuredHours: { low: 0.8, high: 1.2 },
  assumedHours: { low: 0.5, high: 1.5 },
  likelihood: { low: 1 / 3, high: 3 },
} as const;

/**
 * The part of a file's hours lost to its code health. The measured hours already include the
 * slowdown: code that takes `1 + overhead` times as long wastes `overhead / (1 + overhead)` of the
 * time spent on it (0.55 at the alert level's +124%), so interest never exceeds the hours.
 */
export function waste(overhead: number): number {
  return overhead <= 0 ? 0 : overhead / (1 + overhead);
}

export interface ChangeCostInput {
  /** The file's yearly engineering hours. */
  fileHours: number;
  measured: boolean;
  health: number;
  /** The item's share of the file's change-cost remediation time. */
  share: number;
}

export function changeCostInterest(
  input: ChangeCostInput,
  scoring: ScoringConfig,
): { interest: number; overhead: number; waste: number; range: MoneyRange } {
  const overhead = changeOverhead(input.health, scoring);
  const at = (hoursFactor: number, overheadFactor: number) =>
    round2(
      input.fileHours *
        hoursFactor *
        waste(overhead * overheadFactor) *
        scoring.hourlyCost *
        input.share,
    );
  const hours = input.measured ? BOUNDS.measuredHours : BOUNDS.assumedHours;
  return {
    interest: at(1, 1),
    overhead,
    waste: waste(overhead),
    range: { low: at(hours.low, BOUNDS.overhead.low), high: at(hours.high, BOUNDS.overhead.high) },
  };
}

/** Where vulnerable code runs, which moves the likelihood that it is exploited. */
export type Exposure = "request" | "internal" | "non-production";

/**
 * Likelihood factors by exposure: code a request reaches is what attackers reach (twice the
 * likelihood, at most 1); code outside production (tests, docs, tooling, seeds) is a quarter.
 */
export const EXPOSURE_FACTOR: Record<Exposure, number> = {
  request: 2,
  internal: 1,
  "non-production": 0.25,
};

export function expectedLoss(
  severity: Severity,
  exposure: Exposure,
  scoring: ScoringConfig,
): { interest: number; likelihood: number; baseLikelihood: number; range: MoneyRange } {
  const baseLikelihood = scoring.incidentLikelihood[severity];
  const likelihood = Math.min(1, baseLikelihood * EXPOSURE_FACTOR[exposure]);
  const at = (factor: number) => round2(scoring.incidentCost * Math.min(1, likelihood * factor));
  return {
    interest: at(1),
    likelihood: Math.round(likelihood * 10000) / 10000,
    baseLikelihood,
    range: { low: at(BOUNDS.likelihood.low), high: at(BOUNDS.likelihood.high) },
  };
}

export function principalRange(principal: number): MoneyRange {
  return {
    low: round2(principal * BOUNDS.principal.low),
    high: round2(principal * BOUNDS.principal.high),
  };
}

/**
 * Each file's yearly hours when history cannot say: `defaultChangesPerYear x hoursPerChange`,
 * scaled down so that all the files together take no more than the team's hours.
 */
export function assumedFileHours(files: number, teamHours: number, scoring: ScoringConfig): number {
  const each = scoring.defaultChangesPerYear * scoring.hoursPerChange;
  if (files <= 0 || each <= 0) return 0;
  return Math.min(each, teamHours / files);
}
