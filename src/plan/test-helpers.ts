import { READINESS_STEPS, type AuditReport, type ReportItem } from "../report/index.ts";
import { syntheticReport } from "../../test/support/synthetic.ts";
import type { ItemState } from "../findings/index.ts";
import type { KnapsackUnit } from "./knapsack.ts";

// Reports carry no item state (the store owns it): the tests' items keep theirs here.
const STATES = new WeakMap<ReportItem, ItemState>();
/** The state `item(..., { status })` gave, as a store would answer (`open` otherwise). */
export const stateOf = (i: ReportItem): ItemState => STATES.get(i) ?? "open";

/** One register item with the fields planning reads; the rest valid and neutral. */
export function item(
  id: string,
  fields: {
    rule: string;
    severity?: ReportItem["severity"];
    class?: ReportItem["scores"]["class"];
    minutes: number;
    priority?: number;
    risk?: number;
    principal?: number;
    interest?: number;
    path?: string;
    status?: ItemState;
    message?: string;
  },
): ReportItem {
  const made = itemOf(id, fields);
  if (fields.status) STATES.set(made, fields.status);
  return made;
}

function itemOf(id: string, fields: Parameters<typeof item>[1]): ReportItem {
  const category = fields.rule.split("/")[0] as ReportItem["category"];
  return {
    id,
    fingerprint: id,
    rule: fields.rule,
    category: (category as string) === "history" ? "quality" : category,
    severity: fields.severity ?? "medium",
    message: fields.message ?? `${fields.rule} in ${fields.path ?? "the repository"}`,
    ...(fields.path ? { path: fields.path, startLine: 1, endLine: 2 } : {}),
    evidence: {},
    remediationMinutes: fields.minutes,
    scores: {
      effort: 3,
      risk: fields.risk ?? 5,
      impact: 5,
      priority: fields.priority ?? 4,
      class: fields.class ?? "later",
    },
    money: {
      principal: fields.principal ?? (fields.minutes / 60) * 90,
      interest: fields.interest ?? 0,
      hours: fields.minutes / 60,
      basis: { model: "expected-loss", incidentCost: 20000, likelihood: 0.03 },
    },
  };
}

/** A valid report around the given items, with every rule the readiness scorecard names enabled. */
export function reportOf(items: ReportItem[]): AuditReport {
  const rules = [...new Set(READINESS_STEPS.flatMap((s) => s.checks.flatMap((c) => c.rules)))]
    .filter((r) => r !== "*")
    .map((id) => ({
      id,
      category: id.split("/")[0] as ReportItem["category"],
      severity: "medium" as const,
      description: id,
      docs: `docs/rules/${id}.md`,
      enabled: true,
    }));
  return { ...syntheticReport(0), items, rules };
}

/** The textbook table over every minute, no reduction and no gcd: the reference on big inputs. */
export function referenceDp(units: KnapsackUnit[], capacity: number) {
  const value = new Float64Array(capacity + 1);
  const risk = new Float64Array(capacity + 1);
  const used = new Float64Array(capacity + 1);
  for (const u of units) {
    for (let c = capacity; c >= u.weight; c--) {
      const v = value[c - u.weight]! + u.value;
      const r = risk[c - u.weight]! + u.risk;
      const m = used[c - u.weight]! + u.weight;
      if (v > value[c]! || (v === value[c] && (r > risk[c]! || (r === risk[c] && m < used[c]!)))) {
        value[c] = v;
        risk[c] = r;
        used[c] = m;
      }
    }
  }
  return { value: value[capacity]!, risk: risk[capacity]!, weight: used[capacity]! };
}
