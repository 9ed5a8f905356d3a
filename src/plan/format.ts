import { textTable } from "../shared/index.ts";
import { csvCell, markdownText, money, percent, terminalText } from "../report/index.ts";
import type { Initiative } from "./initiatives.ts";
import type { Figure, PlanMoney } from "./money.ts";
import type { SprintPlan } from "./plan.ts";
import type { Roadmap, RoadmapPhase } from "./roadmap.ts";

/** Plain-text and Markdown views of plans, initiatives and roadmaps: pure `(value) => string`. */

/** Repository text for a terminal: escape sequences and controls removed, one line, shortened. */
function oneLine(text: string, max = 80): string {
  const line = terminalText(text);
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Repository text for Markdown: inert (no links, mentions, HTML or table breaks). */
const md = (text: string) => markdownText(text);

function ratio(f: Figure): string {
  return f.value === null ? "n/a" : percent(f.value);
}

function months(f: Figure): string {
  return f.value === null ? "never" : `month ${f.value.toFixed(1)}`;
}

/** Text columns align left, figures right: a column is a figure when every cell starts with a digit or a sign. */
function table(header: string[], rows: string[][]): string[] {
  const figure = header.map(
    (_, i) => rows.length > 0 && rows.every((r) => /^([-$€£¥\d]|never$)/.test(r[i]!)),
  );
  return textTable(header, rows, (i) => figure[i]!);
}

function moneyLines(m: PlanMoney): string[] {
  const c = m.currency;
  return [
    `investment ${money(m.investment.value ?? 0, c)}, annual savings ${money(m.annualSavings.value ?? 0, c)}`,
    `ROI 1 year ${ratio(m.roi1)}, 3 years ${ratio(m.roi3)}, break-even ${months(m.breakEvenMonth)}`,
    `risk-adjusted (savings -${percent(m.riskBuffer)}): savings ${money(m.riskAdjusted.annualSavings.value ?? 0, c)}, ROI 1 year ${ratio(m.riskAdjusted.roi1)}, 3 years ${ratio(m.riskAdjusted.roi3)}, break-even ${months(m.riskAdjusted.breakEvenMonth)}`,
  ];
}

export function formatPlanTable(plan: SprintPlan): string {
  const c = plan.money.currency;
  const out = [
    `Sprint plan (${plan.objective}${plan.groupBy !== "item" ? `, by ${plan.groupBy}` : ""}): ${plan.items.length} items, ${plan.usedHours} of ${plan.capacityHours} h`,
    `capacity: ${plan.capacity.formula}`,
    "",
    ...table(
      ["item", "h", "priority", "risk", "principal", "interest/yr", "rule", "where"],
      plan.items.map((i) => [
        i.id.slice(0, 12),
        String(i.hours),
        i.priority.toFixed(2),
        String(i.risk),
        money(i.principal, c),
        money(i.interest, c),
        oneLine(i.rule, 40),
        oneLine(i.path ? `${i.path}${i.startLine ? `:${i.startLine}` : ""}` : "(repository)", 60),
      ]),
    ),
    "",
    ...moneyLines(plan.money),
  ];
  if (plan.leftOut.length) {
    out.push("", "Left out, just above the line:");
    for (const l of plan.leftOut)
      out.push(
        `  ${oneLine(l.title, 70)}  ${l.hours} h  ${plan.objective} ${l.value}: ${l.reason}`,
      );
  }
  return `${out.join("\n")}\n`;
}

export function formatPlanMarkdown(plan: SprintPlan): string {
  const c = plan.money.currency;
  const out = [
    `## Sprint plan: ${plan.items.length} items, ${plan.usedHours} of ${plan.capacityHours} h`,
    "",
    `Objective: ${plan.objective}. Capacity: ${plan.capacity.formula}.`,
    "",
    "| item | hours | priority | risk | principal | interest a year | rule | where |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ...plan.items.map(
      (i) =>
        `| \`${i.id.slice(0, 12)}\` | ${i.hours} | ${i.priority.toFixed(2)} | ${i.risk} | ${money(i.principal, c)} | ${money(i.interest, c)} | ${md(i.rule)} | ${md(i.path ?? "(repository)")} |`,
    ),
    "",
    ...moneyLines(plan.money).map((l) => `- ${l}`),
  ];
  if (plan.leftOut.length) {
    out.push("", "Left out, just above the line:", "");
    for (const l of plan.leftOut)
      out.push(`- ${md(l.title)}: ${l.hours} h, ${plan.objective} ${l.value}; ${md(l.reason)}`);
  }
  return `${out.join("\n")}\n`;
}

/** The plan as plain CSV: one row per chosen item, in the register CSV's manner. */
export function formatPlanCsv(plan: SprintPlan): string {
  const header = [
    "id",
    "unit",
    "state",
    "rule",
    "category",
    "severity",
    "path",
    "startLine",
    "message",
    "minutes",
    "hours",
    "priority",
    "risk",
    "effort",
    "principal",
    "interestPerYear",
    "currency",
  ];
  const rows = plan.items.map((i) =>
    [
      i.id,
      i.unit,
      i.state,
      i.rule,
      i.category,
      i.severity,
      i.path,
      i.startLine,
      i.message,
      i.minutes,
      i.hours,
      i.priority,
      i.risk,
      i.effort,
      i.principal,
      i.interest,
      plan.money.currency,
    ]
      .map(csvCell)
      .join(","),
  );
  return `${[header.join(","), ...rows].join("\r\n")}\r\n`;
}

function explainFigure(name: string, f: Figure, unit: (v: number) => string): string[] {
  const inputs = Object.entries(f.inputs)
    .map(([k, v]) => `${k} ${v === null ? "n/a" : v}`)
    .join(", ");
  return [
    `${name} = ${f.value === null ? `n/a (${f.note})` : unit(f.value)}`,
    `  = ${f.formula}`,
    `  inputs: ${inputs}`,
  ];
}

/** Every money figure of a plan (or phase) with its formula and inputs (`debtlens plan --explain`). */
export function explainMoney(m: PlanMoney): string {
  const c = (v: number) => `${v.toFixed(2)} ${m.currency}`;
  const r = (v: number) => `${v.toFixed(4)} (${percent(v)})`;
  const mo = (v: number) => `${v.toFixed(2)} months`;
  return `${[
    ...explainFigure("investment", m.investment, c),
    ...explainFigure("annual savings", m.annualSavings, c),
    ...explainFigure("ROI over 1 year", m.roi1, r),
    ...explainFigure("ROI over 3 years", m.roi3, r),
    ...explainFigure("break-even", m.breakEvenMonth, mo),
    `risk buffer = ${m.riskBuffer} (plan.riskBuffer)`,
    ...explainFigure("risk-adjusted annual savings", m.riskAdjusted.annualSavings, c),
    ...explainFigure("risk-adjusted ROI over 1 year", m.riskAdjusted.roi1, r),
    ...explainFigure("risk-adjusted ROI over 3 years", m.riskAdjusted.roi3, r),
    ...explainFigure("risk-adjusted break-even", m.riskAdjusted.breakEvenMonth, mo),
  ].join("\n")}\n`;
}

export function formatInitiativesTable(
  initiatives: readonly Initiative[],
  currency: string,
): string {
  const rows = initiatives.map((i) => [
    oneLine(i.title, 70),
    String(i.items.length),
    String(i.hours),
    money(i.principal, currency),
    money(i.interest, currency),
    i.paybackMonths === null ? "never" : i.paybackMonths.toFixed(1),
    oneLine(i.owners.join(" ") || "-", 40),
    i.approver,
  ]);
  return `${table(
    ["initiative", "items", "h", "principal", "saves/yr", "payback mo", "owner", "approver"],
    rows,
  ).join("\n")}\n`;
}

export function formatInitiativesMarkdown(
  initiatives: readonly Initiative[],
  currency: string,
): string {
  return `${[
    "| initiative | items | hours | principal | saves a year | payback (months) | owner | approver |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ...initiatives.map(
      (i) =>
        `| ${md(i.title)} | ${i.items.length} | ${i.hours} | ${money(i.principal, currency)} | ${money(i.interest, currency)} | ${i.paybackMonths === null ? "never" : i.paybackMonths.toFixed(1)} | ${md(i.owners.join(" ") || "-")} | ${i.approver} |`,
    ),
  ].join("\n")}\n`;
}

function phaseLines(p: RoadmapPhase, currency: string, markdown: boolean): string[] {
  const bullet = markdown ? "- " : "  ";
  const sub = markdown ? "  - " : "    - ";
  const months =
    p.monthsNeeded === null
      ? "? (give --team and --sprint-days)"
      : `${p.monthsNeeded} months of ${p.windowMonths}${p.fitsWindow ? "" : " (over its window)"}`;
  const out = [
    "",
    `${markdown ? "### " : ""}${p.name} (months ${p.startMonth}-${p.endMonth}): ${p.items.length} items, ${p.initiatives.length} initiatives, ${p.hours} h`,
    `${bullet}needs ${months}; readiness level after it: ${p.readinessLevel}`,
    ...moneyLines(p.money).map((l) => `${bullet}${l}`),
    ...p.initiatives
      .slice(0, 10)
      .map(
        (i) =>
          `${sub}${markdown ? md(i.title) : oneLine(i.title, 90)}: ${i.items.length} items, ${money(i.principal, currency)}, saves ${money(i.interest, currency)} a year, ${i.approver}`,
      ),
  ];
  if (p.initiatives.length > 10) out.push(`${sub}… ${p.initiatives.length - 10} more`);
  return out;
}

export function formatRoadmapTable(roadmap: Roadmap, markdown = false): string {
  const capacity =
    roadmap.monthlyDebtHours === null
      ? ""
      : `; debt capacity ${roadmap.monthlyDebtHours} h a month`;
  const out: string[] = [
    ...(markdown ? ["## Roadmap", ""] : ["Roadmap"]),
    `readiness level now: ${roadmap.readinessNow}${capacity}`,
    ...roadmap.phases.flatMap((p) => phaseLines(p, roadmap.total.currency, markdown)),
  ];
  if (roadmap.unphased.length) out.push("", `${roadmap.unphased.length} items in no phase`);
  out.push("", `${markdown ? "**Total**: " : "total: "}${moneyLines(roadmap.total).join("; ")}`);
  return `${out.join("\n")}\n`;
}
