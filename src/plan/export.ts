import { PRIORITY_CLASSES } from "../findings/index.ts";
import { csvCell, terminalText } from "../report/index.ts";
import type { Initiative } from "./initiatives.ts";
import type { PlanItem, SprintPlan } from "./plan.ts";

/**
 * Plans and initiatives as CSV files that Jira's and Linear's importers read. Every text cell
 * comes from the audited (hostile) repository: `csvCell` quotes it (RFC 4180) and neutralises
 * formula injection (a leading = + - @ gets an apostrophe).
 */
export interface Ticket {
  summary: string;
  description: string;
  minutes: number;
  labels: string[];
  class: PlanItem["class"];
}

/** Jira's summary field holds at most 255 characters; one line only. */
function summaryText(text: string): string {
  const line = terminalText(text.split(/\r?\n/)[0]!).trim();
  return line.length > 255 ? `${line.slice(0, 254)}…` : line;
}

/** Labels may not contain spaces in Jira; Linear accepts the same. */
function label(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "");
}

function itemLine(item: PlanItem): string {
  const where = item.path
    ? `${item.path}${item.startLine ? `:${item.startLine}` : ""}`
    : "(repository)";
  // One line per item, without the controls or escape sequences the repository may hold.
  return terminalText(
    `- ${item.rule} at ${where}: ${item.message.split(/\r?\n/)[0]} (id ${item.id}, ${item.hours} h)`,
  );
}

export function ticketsOfPlan(plan: SprintPlan): Ticket[] {
  const units = new Map<string, PlanItem[]>();
  for (const item of plan.items) {
    const list = units.get(item.unit);
    if (list) list.push(item);
    else units.set(item.unit, [item]);
  }
  return [...units.entries()].map(([unit, items]) => {
    const first = items[0]!;
    const best = Math.min(...items.map((i) => PRIORITY_CLASSES.indexOf(i.class)));
    return {
      summary: summaryText(
        items.length === 1 ? first.message : `Fix ${items.length} debt items in ${unit}`,
      ),
      description: [
        `debtlens sprint plan (${plan.objective}); principal ${items.reduce((s, i) => s + i.principal, 0).toFixed(2)}, interest a year ${items.reduce((s, i) => s + i.interest, 0).toFixed(2)} ${plan.money.currency}.`,
        ...items.map(itemLine),
      ].join("\n"),
      minutes: items.reduce((s, i) => s + i.minutes, 0),
      labels: ["debtlens", ...new Set(items.map((i) => i.category))].map(label),
      class: PRIORITY_CLASSES[best]!,
    };
  });
}

export function ticketsOfInitiatives(
  initiatives: readonly Initiative[],
  itemsById: ReadonlyMap<string, PlanItem>,
  currency: string,
): Ticket[] {
  return initiatives.map((initiative) => ({
    summary: summaryText(initiative.title),
    description: [
      `debtlens initiative ${initiative.id}: principal ${initiative.principal.toFixed(2)} ${currency}, interest saved a year ${initiative.interest.toFixed(2)} ${currency}, payback ${initiative.paybackMonths ?? "never"} months; approval: ${initiative.approver}${initiative.owners.length ? `; owners ${initiative.owners.join(" ")}` : ""}.`,
      ...initiative.items.map((id) => {
        const item = itemsById.get(id);
        return item ? itemLine(item) : `- ${id}`;
      }),
    ].join("\n"),
    minutes: initiative.minutes,
    labels: ["debtlens", initiative.family, ...initiative.categories].map(label),
    class: initiative.class,
  }));
}

/**
 * Jira's CSV importer: `Issue Type,Summary,Description,Original Estimate,Labels`. The estimate is
 * in seconds, as Jira imports it; a multi-value field takes one column per value under the same
 * header, so the file has as many `Labels` columns as the longest label list.
 */
export function jiraCsv(tickets: readonly Ticket[], issueType = "Task"): string {
  const labelColumns = Math.max(1, ...tickets.map((t) => t.labels.length));
  const header = ["Issue Type", "Summary", "Description", "Original Estimate"];
  for (let i = 0; i < labelColumns; i++) header.push("Labels");
  const rows = [header.join(",")];
  for (const t of tickets) {
    const cells = [
      csvCell(issueType),
      csvCell(t.summary),
      csvCell(t.description),
      csvCell(Math.round(t.minutes * 60)),
    ];
    for (let i = 0; i < labelColumns; i++) cells.push(csvCell(t.labels[i]));
    rows.push(cells.join(","));
  }
  return `${rows.join("\r\n")}\r\n`;
}

const LINEAR_PRIORITY: Record<PlanItem["class"], string> = {
  "fix-now": "Urgent",
  next: "High",
  later: "Medium",
  backlog: "Low",
};

/**
 * Linear's CSV importer: `Title,Description,Estimate,Labels,Priority`. Estimate is whole hours
 * rounded up (Linear estimates are whole points; map them to your team's scale), labels are
 * comma-separated in one cell, priority is Linear's name (Urgent, High, Medium, Low).
 */
export function linearCsv(tickets: readonly Ticket[]): string {
  const rows = ["Title,Description,Estimate,Labels,Priority"];
  for (const t of tickets) {
    rows.push(
      [
        csvCell(t.summary),
        csvCell(t.description),
        csvCell(Math.ceil(t.minutes / 60)),
        csvCell(t.labels.join(",")),
        csvCell(LINEAR_PRIORITY[t.class]),
      ].join(","),
    );
  }
  return `${rows.join("\r\n")}\r\n`;
}
