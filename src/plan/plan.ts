import type { ItemState } from "../findings/index.ts";
import type { ReportItem } from "../report/index.ts";
import { round2, type Capacity } from "./capacity.ts";
import { initiativeKeyOf } from "./initiatives.ts";
import { solveKnapsack, type KnapsackResult } from "./knapsack.ts";
import { moneyOf, type PlanMoney } from "./money.ts";

export type Objective = "priority" | "interest";
/** What the knapsack chooses: single items, all of a file's items together, or whole initiatives. */
export type Grouping = "item" | "file" | "initiative";
export type { ItemState };

/** Committed work, taken before anything else, in this order. */
const COMMITTED: readonly ItemState[] = ["in_progress", "planned"];
/** Never chosen: done, or decided against. */
const CLOSED: readonly ItemState[] = ["fixed", "accepted", "wont_fix", "false_positive"];

export interface PlanOptions {
  capacity: Capacity;
  objective: Objective;
  groupBy?: Grouping;
  /** Share taken off the savings for the risk-adjusted figures (default 0.3). */
  riskBuffer?: number;
  /** How many of the best units left out to show (default 10). */
  leftOut?: number;
  currency?: string;
  /** Folder depth of an initiative's module, for `groupBy: "initiative"`. */
  moduleDepth?: number;
  /**
   * An item's state, when a store knows it better than the report (the report's `status`
   * otherwise). Items in a report are all `open` today.
   */
  stateOf?: (item: ReportItem) => ItemState;
}

export interface PlanItem {
  id: string;
  rule: string;
  category: ReportItem["category"];
  severity: ReportItem["severity"];
  state: ItemState;
  path?: string;
  startLine?: number;
  message: string;
  /** The knapsack unit it was chosen with (its own id, its file or its initiative). */
  unit: string;
  minutes: number;
  hours: number;
  priority: number;
  class: ReportItem["scores"]["class"];
  impact: number;
  effort: number;
  risk: number;
  principal: number;
  interest: number;
}

export interface LeftOutUnit {
  unit: string;
  /** What it is: the rule and place of a single item, the file, or the initiative. */
  title: string;
  ids: string[];
  hours: number;
  /** The unit's objective: summed priority, or summed interest a year. */
  value: number;
  reason: string;
}

export interface SprintPlan {
  objective: Objective;
  groupBy: Grouping;
  capacity: Capacity;
  capacityHours: number;
  usedHours: number;
  /** Chosen items, committed work first, then in rank order. */
  items: PlanItem[];
  /** The best units not chosen, just above the line. */
  leftOut: LeftOutUnit[];
  money: PlanMoney;
  objectiveValue: number;
  eligible: { open: number; committed: number; closed: number };
  solver: KnapsackResult["stats"];
}

export function planItemOf(item: ReportItem, unit: string, state: ItemState): PlanItem {
  return {
    id: item.id,
    rule: item.rule,
    category: item.category,
    severity: item.severity,
    state,
    ...(item.path !== undefined ? { path: item.path } : {}),
    ...(item.startLine !== undefined ? { startLine: item.startLine } : {}),
    message: item.message,
    unit,
    minutes: item.remediationMinutes,
    hours: round2(item.remediationMinutes / 60),
    priority: item.scores.priority,
    class: item.scores.class,
    impact: item.scores.impact,
    effort: item.scores.effort,
    risk: item.scores.risk,
    principal: item.money.principal,
    interest: item.money.interest,
  };
}

function unitKey(item: ReportItem, groupBy: Grouping, moduleDepth: number): string {
  if (groupBy === "file") return item.path ?? item.id;
  if (groupBy === "initiative") return initiativeKeyOf(item, moduleDepth);
  return item.id;
}

/** The objective in hundredths, the report's precision, so that the knapsack works on integers. */
function hundredths(item: ReportItem, objective: Objective): number {
  return Math.round((objective === "priority" ? item.scores.priority : item.money.interest) * 100);
}

function titleOf(unit: string, list: readonly ReportItem[]): string {
  if (list.length > 1) return `${unit} (${list.length} items)`;
  const item = list[0]!;
  const where = item.path
    ? `${item.path}${item.startLine ? `:${item.startLine}` : ""}`
    : "(repository)";
  return `${item.rule} at ${where}`;
}

const minutesOf = (item: ReportItem) => Math.ceil(item.remediationMinutes);

/** Items by state: closed ones are only counted; committed ones ordered in progress first. */
function partition(items: readonly ReportItem[], stateOf: (item: ReportItem) => ItemState) {
  const open: ReportItem[] = [];
  const committed: ReportItem[] = [];
  let closed = 0;
  for (const item of items) {
    const state = stateOf(item);
    if (CLOSED.includes(state)) closed += 1;
    else if (COMMITTED.includes(state)) committed.push(item);
    else open.push(item);
  }
  committed.sort(
    (a, b) =>
      COMMITTED.indexOf(stateOf(a)) - COMMITTED.indexOf(stateOf(b)) ||
      b.scores.priority - a.scores.priority,
  );
  return { open, committed, closed };
}

function groupInto(
  items: readonly ReportItem[],
  keyOf: (item: ReportItem) => string,
): Map<string, ReportItem[]> {
  const groups = new Map<string, ReportItem[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** A knapsack unit: minutes, objective and risk summed in whole numbers (hundredths). */
function unitOf(list: readonly ReportItem[], objective: Objective) {
  let weight = 0;
  let value = 0;
  let risk = 0;
  for (const item of list) {
    weight += minutesOf(item);
    value += hundredths(item, objective);
    risk += Math.round(item.scores.risk * 100);
  }
  return { weight, value, risk };
}

/**
 * The sprint plan: committed work (in progress, then planned) first while it fits, then the exact
 * 0/1 knapsack over the open items (or their files or initiatives as units) within the hours left,
 * maximising the sum of priority scores or of avoided interest; ties by risk, then fewer minutes.
 */
export function sprintPlan(items: readonly ReportItem[], options: PlanOptions): SprintPlan {
  const groupBy = options.groupBy ?? "item";
  const stateOf = options.stateOf ?? ((): ItemState => "open");
  const { open, committed, closed } = partition(items, stateOf);
  const chosen: PlanItem[] = [];
  const leftOut: LeftOutUnit[] = [];
  const valueOf = (list: readonly ReportItem[]) =>
    round2(list.reduce((sum, i) => sum + hundredths(i, options.objective), 0) / 100);
  let room = options.capacity.minutes;
  for (const item of committed) {
    const state = stateOf(item);
    if (minutesOf(item) <= room) {
      room -= minutesOf(item);
      chosen.push(planItemOf(item, item.id, state));
      continue;
    }
    leftOut.push({
      unit: item.id,
      title: titleOf(item.id, [item]),
      ids: [item.id],
      hours: round2(item.remediationMinutes / 60),
      value: valueOf([item]),
      reason: `${state.replace("_", " ")}, but the earlier committed work leaves ${round2(room / 60)} h`,
    });
  }

  const groups = groupInto(open, (item) => unitKey(item, groupBy, options.moduleDepth ?? 0));
  const keys = [...groups.keys()];
  const units = keys.map((key) => unitOf(groups.get(key)!, options.objective));
  const result = solveKnapsack(units, room);
  const pickedItems = result.chosen.flatMap((index) =>
    groups.get(keys[index]!)!.map((item) => planItemOf(item, keys[index]!, stateOf(item))),
  );
  pickedItems.sort((a, b) => b.priority - a.priority || b.interest - a.interest);
  chosen.push(...pickedItems);
  const used = chosen.reduce((sum, i) => sum + Math.ceil(i.minutes), 0);

  const picked = new Set(result.chosen);
  const rest = keys
    .map((key, index) => ({ key, list: groups.get(key)!, unit: units[index]!, index }))
    .filter(({ index }) => !picked.has(index))
    .sort(
      (a, b) =>
        b.unit.value - a.unit.value || b.unit.risk - a.unit.risk || a.unit.weight - b.unit.weight,
    )
    .slice(0, Math.max(0, (options.leftOut ?? 10) - leftOut.length));
  for (const { key, list, unit } of rest)
    leftOut.push(leftOutOf(key, list, unit, room, options.capacity.minutes - used));
  const sourceOf = new Map(items.map((i) => [i.id, i]));
  const chosenItems = chosen.map((i) => sourceOf.get(i.id)!);
  return {
    objective: options.objective,
    groupBy,
    capacity: options.capacity,
    capacityHours: round2(options.capacity.hours),
    usedHours: round2(used / 60),
    items: chosen,
    leftOut,
    money: moneyOf(chosenItems, options.riskBuffer ?? 0.3, options.currency ?? "USD"),
    objectiveValue: valueOf(chosenItems),
    eligible: { open: open.length, committed: committed.length, closed },
    solver: result.stats,
  };
}

/** A unit not chosen and why: longer than the open capacity, or more than the time left. */
function leftOutOf(
  key: string,
  list: readonly ReportItem[],
  unit: { weight: number; value: number },
  room: number,
  left: number,
): LeftOutUnit {
  const hours = round2(unit.weight / 60);
  return {
    unit: key,
    title: titleOf(key, list),
    ids: list.map((i) => i.id),
    hours,
    value: round2(unit.value / 100),
    reason:
      unit.weight > room
        ? `needs ${hours} h, more than the ${round2(room / 60)} h of debt capacity open to new work`
        : `needs ${hours} h; ${round2(left / 60)} h are left after the chosen work, which is worth more`,
  };
}
