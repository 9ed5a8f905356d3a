// The sprint planner's timing (issue 15): an exact knapsack over 10,000 register items and 2,000
// capacity hours must take under a second. `node bench/plan.ts` runs it alone; `npm run bench`
// runs it first, before the audits. Items are generated like a real register: the rules'
// remediation minutes (fixed ones and the ones that grow with a function's or a clone's size),
// scores and priority from the register's own functions, interest shared within a file by
// minutes as the register shares it, expected losses for security items.
import { scoringSchema } from "../src/config/index.ts";
import {
  capacityOf,
  solveKnapsack,
  sprintPlan,
  type Grouping,
  type Objective,
} from "../src/plan/index.ts";
import { changeOverhead, effortScore, priorityScore } from "../src/register/index.ts";
import type { ReportItem } from "../src/report/index.ts";
import { syntheticReport } from "../test/support/synthetic.ts";

const scoring = scoringSchema.parse({});

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const FIXED_MINUTES = [15, 15, 15, 30, 30, 45, 60, 60, 90, 120, 240, 480, 960];
const SEVERITY_RISK = { critical: 9, high: 7, medium: 5, low: 3, info: 1 } as const;

function realisticItems(count: number, seed = 15): ReportItem[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const base = syntheticReport(count).items;
  // Files of 1 to 8 items each, with a change rate and a health.
  const files: Array<{ path: string; changes: number; health: number; minutes: number }> = [];
  const fileOf: number[] = [];
  for (let i = 0; i < count; i++) {
    if (files.length === 0 || next() < 0.3) {
      files.push({
        path: `src/m${files.length % 300}/f${files.length}.ts`,
        changes: 1 + Math.floor(next() * 40),
        health: 1 + next() * 9,
        minutes: 0,
      });
    }
    fileOf.push(files.length - 1);
  }
  const minutes = base.map(() => {
    const kind = next();
    if (kind < 0.2) return 30 + Math.round((80 + Math.floor(next() * 300) - 80) / 4); // long-function
    if (kind < 0.35) return 30 + 10 * Math.floor(next() * 12) + 5 * Math.floor(next() * 10); // complex
    if (kind < 0.45) return 30 * (1 + Math.floor(next() * 3)) + 10 + Math.floor(next() * 90); // clones
    return pick(FIXED_MINUTES);
  });
  minutes.forEach((m, i) => (files[fileOf[i]!]!.minutes += m));
  return base.map((item, i) => {
    const file = files[fileOf[i]!]!;
    const security = next() < 0.08;
    const severity = pick(["critical", "high", "medium", "medium", "low", "low", "info"] as const);
    const m = minutes[i]!;
    const effort = effortScore(m);
    const risk = Math.min(10, SEVERITY_RISK[severity] + (next() < 0.2 ? 1 : 0));
    const impact = 1 + Math.floor(next() * 10);
    const priority = priorityScore(impact, risk, effort, scoring);
    const interest = security
      ? scoring.incidentCost * scoring.incidentLikelihood[severity]
      : Math.round(
          file.changes *
            scoring.hoursPerChange *
            changeOverhead(file.health, scoring) *
            scoring.hourlyCost *
            (m / file.minutes) *
            100,
        ) / 100;
    return {
      ...item,
      category: security ? "security" : "quality",
      severity,
      path: file.path,
      remediationMinutes: m,
      scores: { effort, risk, impact, priority, class: item.scores.class },
      money: {
        ...item.money,
        principal: Math.round((m / 60) * scoring.hourlyCost * 100) / 100,
        interest,
        hours: m / 60,
      },
    };
  });
}

export interface PlannerTiming {
  label: string;
  ms: number;
  chosen: number;
  core: number;
  ok: boolean;
}

/** Best of `runs` for each objective and grouping; PASS when every one is under 1 s. */
export function benchPlanner(runs = 5): PlannerTiming[] {
  const items = realisticItems(10_000);
  // 100 people x 10 days x 10 h x 20% = 2,000 debt hours.
  const capacity = capacityOf({ team: 100, sprintDays: 10, hoursPerDay: 10, debtShare: 0.2 });
  const out: PlannerTiming[] = [];
  const cases: Array<[Objective, Grouping]> = [
    ["priority", "item"],
    ["interest", "item"],
    ["priority", "file"],
    ["interest", "file"],
  ];
  for (const [objective, groupBy] of cases) {
    let best = Infinity;
    let plan;
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      plan = sprintPlan(items, { capacity, objective, groupBy });
      best = Math.min(best, performance.now() - started);
    }
    out.push({
      label: `planner ${objective} by ${groupBy}`,
      ms: best,
      chosen: plan!.items.length,
      core: plan!.solver.core,
      ok: best < 1000,
    });
  }
  return out;
}

/**
 * The known worst case, timed once and not checked: every value almost proportional to its
 * minutes, so the reduction fixes little and the DP covers nearly every unit and minute.
 */
function benchPlannerWorstCase(): { ms: number; core: number; cells: number } {
  const next = random(7);
  const units = Array.from({ length: 10_000 }, () => {
    const weight = 30 + Math.floor(next() * 200);
    return { weight, value: weight * 10 + 100, risk: 5 };
  });
  const started = performance.now();
  const result = solveKnapsack(units, 120_000);
  return {
    ms: performance.now() - started,
    core: result.stats.core,
    cells: result.stats.cells,
  };
}

export function printPlannerTimings(timings: readonly PlannerTiming[]): void {
  console.log("\nsprint planner: 10,000 items, 2,000 capacity hours (best of 5)");
  for (const t of timings) {
    console.log(
      `${t.ok ? "PASS" : "FAIL"}  ${t.label.padEnd(30)} ${t.ms.toFixed(0).padStart(5)} ms  ${t.chosen} items chosen, DP core ${t.core} units`,
    );
  }
}

if (import.meta.main) {
  printPlannerTimings(benchPlanner());
  const worst = benchPlannerWorstCase();
  console.log(
    `worst case (value proportional to minutes, not a check): ${worst.ms.toFixed(0)} ms, core ${worst.core} units, ${(worst.cells / 1e6).toFixed(0)} M cells`,
  );
}
