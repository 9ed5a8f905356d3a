import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KnapsackTooLargeError, solveKnapsack, type KnapsackUnit } from "./knapsack.ts";
import { referenceDp } from "./test-helpers.ts";

/** Every subset, compared by the same lexicographic order the solver documents. */
function exhaustive(units: KnapsackUnit[], capacity: number) {
  let best = { value: 0, risk: 0, weight: 0 };
  for (let mask = 0; mask < 1 << units.length; mask++) {
    let value = 0;
    let risk = 0;
    let weight = 0;
    units.forEach((u, i) => {
      if (mask & (1 << i)) {
        value += u.value;
        risk += u.risk;
        weight += u.weight;
      }
    });
    if (weight > capacity) continue;
    if (
      value > best.value ||
      (value === best.value && (risk > best.risk || (risk === best.risk && weight < best.weight)))
    )
      best = { value, risk, weight };
  }
  return best;
}

const unitArb = fc.record({
  weight: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(15, 30, 45, 60, 120)),
  value: fc.integer({ min: 0, max: 1000 }),
  risk: fc.integer({ min: 0, max: 10 }),
});

describe("solveKnapsack", () => {
  it("finds the same optimum as exhaustive search, ties included, on 600 random instances", () => {
    fc.assert(
      fc.property(
        fc.array(unitArb, { minLength: 0, maxLength: 12 }),
        fc.integer({ min: 0, max: 200 }),
        (units, capacity) => {
          const result = solveKnapsack(units, capacity);
          const best = exhaustive(units, capacity);
          expect(result.weight).toBeLessThanOrEqual(capacity);
          expect({ value: result.value, risk: result.risk, weight: result.weight }).toEqual(best);
        },
      ),
      { numRuns: 600, seed: 15 },
    );
  });

  it("agrees with exhaustive search when values tie and only risk or minutes decide", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            weight: fc.integer({ min: 1, max: 6 }),
            value: fc.constantFrom(10, 20),
            risk: fc.integer({ min: 1, max: 3 }),
          }),
          { maxLength: 12 },
        ),
        fc.integer({ min: 0, max: 20 }),
        (units, capacity) => {
          const result = solveKnapsack(units, capacity);
          expect({ value: result.value, risk: result.risk, weight: result.weight }).toEqual(
            exhaustive(units, capacity),
          );
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it("agrees with the plain DP over every minute on 40 random registers of 300 items", () => {
    // Rule-like minutes (multiples of 15 and arbitrary ones, as long-function prices them) and
    // values correlated with them, where the reduction fixes fewer units.
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            weight: fc.oneof(
              fc.constantFrom(15, 30, 45, 60, 90, 120, 240, 480),
              fc.integer({ min: 30, max: 230 }),
            ),
            extra: fc.integer({ min: 0, max: 400 }),
            risk: fc.integer({ min: 1, max: 10 }),
          }),
          { minLength: 300, maxLength: 300 },
        ),
        fc.integer({ min: 60, max: 6000 }),
        (rows, capacity) => {
          const units = rows.map((r) => ({
            weight: r.weight,
            value: r.weight * 3 + r.extra,
            risk: r.risk,
          }));
          const result = solveKnapsack(units, capacity);
          const reference = referenceDp(units, capacity);
          expect({ value: result.value, risk: result.risk, weight: result.weight }).toEqual(
            reference,
          );
        },
      ),
      { numRuns: 40, seed: 2026 },
    );
  });

  it("agrees with the plain DP where values are nearly proportional to minutes (the hard case)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 30, max: 230 }), { minLength: 400, maxLength: 400 }),
        fc.integer({ min: 1000, max: 12000 }),
        (weights, capacity) => {
          const units = weights.map((w) => ({ weight: w, value: 10 * w + 100, risk: 5 }));
          const result = solveKnapsack(units, capacity);
          expect({ value: result.value, risk: result.risk, weight: result.weight }).toEqual(
            referenceDp(units, capacity),
          );
        },
      ),
      { numRuns: 20, seed: 99 },
    );
  });

  it("is not a greedy cut: takes two units that fill the capacity over the most efficient one", () => {
    // Greedy by value per minute takes unit 0 (10 a minute), then nothing fits: 110 against 190.
    const units = [
      { weight: 11, value: 110, risk: 0 },
      { weight: 10, value: 95, risk: 0 },
      { weight: 10, value: 95, risk: 0 },
    ];
    expect(solveKnapsack(units, 20).chosen).toEqual([1, 2]);
  });

  it("breaks a tie of value by risk, then by fewer minutes", () => {
    const byRisk = [
      { weight: 30, value: 500, risk: 3 },
      { weight: 30, value: 500, risk: 7 },
    ];
    expect(solveKnapsack(byRisk, 30).chosen).toEqual([1]);
    const byMinutes = [
      { weight: 45, value: 500, risk: 5 },
      { weight: 30, value: 500, risk: 5 },
    ];
    expect(solveKnapsack(byMinutes, 60).chosen).toEqual([1]);
  });

  it("drops units longer than the capacity and takes everything when all fit", () => {
    const units = [
      { weight: 500, value: 9000, risk: 9 },
      { weight: 20, value: 10, risk: 1 },
      { weight: 30, value: 10, risk: 1 },
    ];
    expect(solveKnapsack(units, 60).chosen).toEqual([1, 2]);
  });

  it("refuses a table too large to hold instead of running out of memory", () => {
    // 40,000 units of prime minutes (gcd 1, nothing to reduce: value proportional to minutes)
    // over 200,000 minutes: 8e9 decision bits.
    const units = Array.from({ length: 40_000 }, (_, i) => {
      const weight = [101, 103, 107, 109][i % 4]!;
      return { weight, value: weight * 10, risk: 1 };
    });
    expect(() => solveKnapsack(units, 200_000)).toThrow(KnapsackTooLargeError);
  });

  it("refuses fractional weights instead of rounding them silently", () => {
    expect(() => solveKnapsack([{ weight: 1.5, value: 1, risk: 1 }], 10)).toThrow(/weight/);
  });
});
