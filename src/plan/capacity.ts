/**
 * The debt capacity of one sprint (the framework's 20% rule): team size x sprint length in
 * working days x focus hours a day x the share of the sprint reserved for debt.
 */
export interface CapacityInput {
  team: number;
  sprintDays: number;
  hoursPerDay: number;
  debtShare: number;
}

export interface Capacity extends CapacityInput {
  hours: number;
  /** Whole minutes: the knapsack's capacity (a part of a minute cannot hold any item). */
  minutes: number;
  formula: string;
}

export function capacityOf(input: CapacityInput): Capacity {
  const hours = input.team * input.sprintDays * input.hoursPerDay * input.debtShare;
  // The product of decimal inputs can land a hair under a whole minute (0.2 x 600 = 119.99...).
  const minutes = Math.floor(hours * 60 + 1e-6);
  return {
    ...input,
    hours,
    minutes,
    formula: `team ${input.team} x sprint days ${input.sprintDays} x hours per day ${input.hoursPerDay} x debt share ${input.debtShare} = ${round2(hours)} h`,
  };
}

/** Debt hours a month at the same pace: the sprint's hours a working day x working days a month. */
export function monthlyHours(capacity: CapacityInput, workingDaysPerMonth: number): number {
  return capacity.team * capacity.hoursPerDay * capacity.debtShare * workingDaysPerMonth;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
