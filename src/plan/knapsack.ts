/**
 * The exact 0/1 knapsack behind the sprint plan. Every unit has a whole-number weight (remediation
 * minutes), a whole-number value (the objective in the report's precision: priority or interest
 * in hundredths) and a whole-number risk. The answer maximises, in this order: the sum of values,
 * then the sum of risks (ties break towards riskier work), then the fewest minutes used (then
 * towards less effort). All sums are integers below 2^53, so every comparison is exact.
 *
 * Exact and fast on 10,000 units and 120,000 minutes because of steps that never change the
 * optimum:
 * 1. Units longer than the capacity are dropped; if everything left fits, everything is taken.
 * 2. A feasible value from the units around the LP's break unit, solved exactly (the core idea
 *    of Pisinger's algorithms), which the reduction must beat.
 * 3. Reduction (Dembo and Hammer 1980): with the LP relaxation's critical efficiency r, a unit
 *    whose forced inclusion (or exclusion) bounds every solution below a feasible greedy value
 *    is outside (or inside) every optimal solution, so it is fixed. Only the "core" near r is left.
 * 4. A dynamic program over the core, in units of the gcd of the core's weights (all sums are
 *    multiples of it), keeps one decision bit per unit and capacity for the reconstruction.
 */
export interface KnapsackUnit {
  weight: number;
  value: number;
  risk: number;
}

export interface KnapsackResult {
  /** Indices of the chosen units, ascending. */
  chosen: number[];
  value: number;
  risk: number;
  weight: number;
  /** How much of the work the dynamic program did, to see what the reduction saved. */
  stats: { units: number; fixedIn: number; fixedOut: number; core: number; cells: number };
}

/**
 * The decision bits of the largest table we build: 4e9 bits is 500 MB. 10,000 items over
 * 120,000 minutes with nothing reduced is 1.2e9; beyond the limit we refuse rather than run out
 * of memory, and say what makes the problem smaller.
 */
const MAX_DECISION_BITS = 4e9;

export class KnapsackTooLargeError extends Error {
  constructor(units: number, width: number) {
    super(
      `the exact plan needs a table of ${units} items x ${width} capacity steps, too large to hold; plan a smaller capacity, or group items (--group-by-file, --units initiative)`,
    );
    this.name = "KnapsackTooLargeError";
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function assertWhole(unit: KnapsackUnit, index: number): void {
  for (const key of ["weight", "value", "risk"] as const) {
    const v = unit[key];
    if (!Number.isSafeInteger(v) || v < 0)
      throw new RangeError(`knapsack unit ${index}: ${key} must be a whole number >= 0, got ${v}`);
  }
}

/** Lexicographic comparison of (value, risk, -weight): positive when a is better. */
function better(av: number, ar: number, aw: number, bv: number, br: number, bw: number): boolean {
  if (av !== bv) return av > bv;
  if (ar !== br) return ar > br;
  return aw < bw;
}

export function solveKnapsack(units: readonly KnapsackUnit[], capacity: number): KnapsackResult {
  units.forEach(assertWhole);
  const cap = Math.max(0, Math.floor(capacity));
  const taken = new Uint8Array(units.length);
  const stats = { units: units.length, fixedIn: 0, fixedOut: 0, core: 0, cells: 0 };
  // Free units cost nothing and never hurt the objective: take them. Units worth nothing (no
  // value, no risk) only use minutes: never take them. Units over the capacity can never fit.
  const candidates: number[] = [];
  units.forEach((u, i) => {
    if (u.weight === 0) taken[i] = 1;
    else if (u.weight <= cap && (u.value > 0 || u.risk > 0)) candidates.push(i);
  });
  if (takeAllIfTheyFit(units, candidates, cap, taken)) return finish(units, taken, stats);
  const { core, residual } = reduce(units, candidates, cap, taken, stats);
  if (!takeAllIfTheyFit(units, core, residual, taken))
    dynamicProgram(units, core, residual, taken, stats);
  return finish(units, taken, stats);
}

function takeAllIfTheyFit(
  units: readonly KnapsackUnit[],
  indices: readonly number[],
  capacity: number,
  taken: Uint8Array,
): boolean {
  let total = 0;
  for (const i of indices) total += units[i]!.weight;
  if (total > capacity) return false;
  for (const i of indices) taken[i] = 1;
  return true;
}

/**
 * Dembo-Hammer reduction. Greedy by value per minute gives the break unit (efficiency r), the LP
 * bound and a feasible value `lower`. A solution that flips unit j from the LP's choice is worth
 * at most lpBound - |v_j - r w_j|; when that is below `lower`, no optimal solution flips j, so j
 * is fixed. Values are integers: a bound below lower - 0.5 is below lower with room for the
 * rounding error of the floating-point bound. Returns the core left to decide, ascending.
 */
function reduce(
  units: readonly KnapsackUnit[],
  candidates: readonly number[],
  capacity: number,
  taken: Uint8Array,
  stats: KnapsackResult["stats"],
): { core: number[]; residual: number } {
  // Division, not cross products: those can pass 2^53 with interest in cents over many items.
  const order = [...candidates].sort(
    (a, b) => units[b]!.value / units[b]!.weight - units[a]!.value / units[a]!.weight || a - b,
  );
  let room = capacity;
  let lower = 0;
  let breakAt = -1;
  let lpBound = 0;
  order.forEach((index, k) => {
    const u = units[index]!;
    if (breakAt === -1 && u.weight > room) {
      breakAt = k;
      lpBound = lower + room * (u.value / u.weight);
    }
    // Past the break, the greedy fill goes on with whatever still fits: a better lower bound.
    if (u.weight <= room) {
      room -= u.weight;
      lower += u.value;
    }
  });
  lower = Math.max(lower, coreLowerBound(units, order, breakAt, capacity));
  const breakUnit = units[order[breakAt]!]!;
  const ratio = breakUnit.value / breakUnit.weight;
  const core: number[] = [];
  let residual = capacity;
  order.forEach((index, k) => {
    const u = units[index]!;
    const bound = lpBound - Math.abs(u.value - ratio * u.weight);
    if (k === breakAt || bound >= lower - 0.5) core.push(index);
    else if (k < breakAt) {
      taken[index] = 1;
      residual -= u.weight;
      stats.fixedIn += 1;
    } else stats.fixedOut += 1;
  });
  core.sort((a, b) => a - b);
  stats.core = core.length;
  return { core, residual };
}

/** Units around the break solved exactly for a lower bound: at most this many table cells. */
const CORE_BOUND_CELLS = 2e7;

/**
 * A better feasible value than the greedy one, as Pisinger's core algorithms find it: take every
 * unit before a window around the break unit (they fit, being before it), and the best
 * combination of the window's units in the room left. When values are nearly proportional to
 * minutes the greedy value trails the LP bound by more than any unit's |v - r w|, so nothing
 * could be fixed; this value is usually within one of the optimum, and most units are fixed.
 */
function coreLowerBound(
  units: readonly KnapsackUnit[],
  order: readonly number[],
  breakAt: number,
  capacity: number,
): number {
  const half = Math.max(10, Math.min(50, Math.floor(CORE_BOUND_CELLS / (capacity + 1) / 2)));
  const from = Math.max(0, breakAt - half);
  let room = capacity;
  let value = 0;
  for (let k = 0; k < from; k++) {
    room -= units[order[k]!]!.weight;
    value += units[order[k]!]!.value;
  }
  const window = order.slice(from, breakAt + half);
  let step = 0;
  for (const i of window) step = gcd(step, units[i]!.weight);
  const width = Math.floor(room / step);
  if (window.length * (width + 1) > 2 * CORE_BOUND_CELLS) return 0;
  const best = new Float64Array(width + 1);
  for (const i of window) {
    const w = units[i]!.weight / step;
    const v = units[i]!.value;
    for (let c = width; c >= w; c--) if (best[c - w]! + v > best[c]!) best[c] = best[c - w]! + v;
  }
  return value + best[width]!;
}

/**
 * The table over the core: in steps of the gcd of its minutes, the best (value, risk, -minutes)
 * for every capacity, one decision bit per unit and step, then the walk back from the full
 * capacity to the chosen units.
 */
function dynamicProgram(
  units: readonly KnapsackUnit[],
  core: readonly number[],
  capacity: number,
  taken: Uint8Array,
  stats: KnapsackResult["stats"],
): void {
  let unit = 0;
  for (const i of core) unit = gcd(unit, units[i]!.weight);
  const width = Math.floor(capacity / unit);
  const n = core.length;
  const stride = width + 1;
  if (n * stride > MAX_DECISION_BITS) throw new KnapsackTooLargeError(n, stride);
  const value = new Float64Array(stride);
  const risk = new Float64Array(stride);
  const used = new Float64Array(stride);
  const decisions = new Uint32Array(Math.ceil((n * stride) / 32));
  for (let k = 0; k < n; k++) {
    const u = units[core[k]!]!;
    const w = u.weight / unit;
    const base = k * stride;
    for (let c = width; c >= w; c--) {
      const v = value[c - w]! + u.value;
      const r = risk[c - w]! + u.risk;
      const m = used[c - w]! + u.weight;
      if (better(v, r, m, value[c]!, risk[c]!, used[c]!)) {
        value[c] = v;
        risk[c] = r;
        used[c] = m;
        const bit = base + c;
        decisions[bit >>> 5]! |= 1 << (bit & 31);
      }
    }
  }
  stats.cells = n * stride;
  let c = width;
  for (let k = n - 1; k >= 0; k--) {
    const bit = k * stride + c;
    if (decisions[bit >>> 5]! & (1 << (bit & 31))) {
      taken[core[k]!] = 1;
      c -= units[core[k]!]!.weight / unit;
    }
  }
}

function finish(
  units: readonly KnapsackUnit[],
  taken: Uint8Array,
  stats: KnapsackResult["stats"],
): KnapsackResult {
  const chosen: number[] = [];
  let value = 0;
  let risk = 0;
  let weight = 0;
  taken.forEach((t, i) => {
    if (!t) return;
    chosen.push(i);
    value += units[i]!.value;
    risk += units[i]!.risk;
    weight += units[i]!.weight;
  });
  return { chosen, value, risk, weight, stats };
}
