import { round2 } from "./capacity.ts";

/** One money figure with the formula and the inputs it came from (STYLE: every figure explainable). */
export interface Figure {
  value: number | null;
  formula: string;
  inputs: Record<string, number | null>;
  /** Why the value is null (no investment, no savings). */
  note?: string;
}

export interface PlanMoney {
  currency: string;
  items: number;
  investment: Figure;
  annualSavings: Figure;
  roi1: Figure;
  roi3: Figure;
  breakEvenMonth: Figure;
  riskBuffer: number;
  riskAdjusted: { annualSavings: Figure; roi1: Figure; roi3: Figure; breakEvenMonth: Figure };
}

export interface PricedItem {
  money: { principal: number; interest: number };
}

function roi(savings: number, investment: number, years: number): Figure {
  const inputs = { annualSavings: savings, investment, years };
  const formula = "(annualSavings x years - investment) / investment";
  if (investment <= 0)
    return { value: null, formula, inputs, note: "no investment: the return is not a ratio" };
  return { value: (savings * years - investment) / investment, formula, inputs };
}

function breakEven(savings: number, investment: number): Figure {
  const inputs = { investment, annualSavings: savings };
  const formula = "investment / (annualSavings / 12)";
  if (savings <= 0)
    return { value: null, formula, inputs, note: "no savings: the investment never pays back" };
  return { value: investment / (savings / 12), formula, inputs };
}

/**
 * SPEC section 3's money for a plan or a phase: investment is the principal of its items, annual
 * savings the interest they stop costing; ROI over N years = (savings x N - investment) /
 * investment; break-even month = investment / (savings / 12). The risk-adjusted figures take
 * `riskBuffer` (default 30%) off the savings, for estimates that prove optimistic.
 */
export function moneyOf(
  items: readonly PricedItem[],
  riskBuffer: number,
  currency: string,
): PlanMoney {
  let principal = 0;
  let interest = 0;
  for (const item of items) {
    principal += item.money.principal;
    interest += item.money.interest;
  }
  const investment = round2(principal);
  const savings = round2(interest);
  const adjusted = round2(savings * (1 - riskBuffer));
  return {
    currency,
    items: items.length,
    investment: {
      value: investment,
      formula: "sum of the items' principal",
      inputs: { items: items.length },
    },
    annualSavings: {
      value: savings,
      formula: "sum of the items' interest a year",
      inputs: { items: items.length },
    },
    roi1: roi(savings, investment, 1),
    roi3: roi(savings, investment, 3),
    breakEvenMonth: breakEven(savings, investment),
    riskBuffer,
    riskAdjusted: {
      annualSavings: {
        value: adjusted,
        formula: "annualSavings x (1 - riskBuffer)",
        inputs: { annualSavings: savings, riskBuffer },
      },
      roi1: roi(adjusted, investment, 1),
      roi3: roi(adjusted, investment, 3),
      breakEvenMonth: breakEven(adjusted, investment),
    },
  };
}
