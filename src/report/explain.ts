import { scoringSchema } from "../config/index.ts";
import { CLASS_CUTS, effortScore, priorityClass } from "../register/index.ts";
import type { AuditReport, ReportItem } from "./schema.ts";

/** The defaults, parsed on first use rather than at start-up (which every command paid for). */
let parsedDefaults: ReturnType<typeof scoringSchema.parse> | undefined;
const defaults = () => (parsedDefaults ??= scoringSchema.parse({}));
const RISK_BASE: Record<string, number> = { critical: 9, high: 7, medium: 5, low: 3, info: 1 };
const EFFORT_LABELS = [
  "15 min",
  "30 min",
  "1 h",
  "2 h",
  "4 h",
  "1 day",
  "2 days",
  "1 week",
  "2 weeks",
];
const FELT_BY_USERS = new Set(["security", "performance"]);
/** ADR 0009's likelihood factors by exposure (the register's EXPOSURE_FACTOR). */
const EXPOSURE_FACTOR = { request: 2, internal: 1, "non-production": 0.25 } as const;
const EXPOSURE_WHY = {
  request: "a request reaches the code (route handler or what it imports)",
  internal: "production code no request reaches",
  "non-production": "outside production scope",
} as const;

const r1 = (v: number) => Math.round(v * 10) / 10;
const r2 = (v: number) => Math.round(v * 100) / 100;

/** Finds an item by its id (the fingerprint) or an unambiguous prefix of at least 6 characters. */
export function findItem(report: AuditReport, id: string): { item?: ReportItem; problem?: string } {
  const exact = report.items.find((i) => i.id === id);
  if (exact) return { item: exact };
  const matches = id.length >= 6 ? report.items.filter((i) => i.id.startsWith(id)) : [];
  if (matches.length === 1) return { item: matches[0]! };
  if (matches.length > 1)
    return { problem: `"${id}" matches ${matches.length} items; give more of the id` };
  return { problem: `no item "${id}" in the report (ids are the "id" column of the register)` };
}

type Scoring = AuditReport["scoring"];

/** Where a scoring constant came from: the default, the team's configuration, or (old reports) unknown. */
function source(key: string, value: unknown, fallback: unknown): string {
  if (value === undefined) return `assumed default (scoring.${key})`;
  return JSON.stringify(value) === JSON.stringify(fallback)
    ? `config default (scoring.${key})`
    : `configuration (scoring.${key})`;
}

function moneyOf(scoring: Scoring): (v: number) => string {
  return (v) =>
    `${v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${scoring.currency}`;
}

function heading(item: ReportItem): string[] {
  const lines = item.startLine
    ? `:${item.startLine}${item.endLine && item.endLine !== item.startLine ? `-${item.endLine}` : ""}`
    : "";
  const where = item.path ? `${item.path}${lines}` : "(repository)";
  const out = [
    `${item.id}  ${item.rule}  ${item.category} / ${item.severity}  ${where}${item.symbol ? `  ${item.symbol}` : ""}`,
    `  ${item.message}`,
  ];
  const evidence = Object.entries(item.evidence);
  if (evidence.length) out.push(`  evidence: ${evidence.map(([k, v]) => `${k}=${v}`).join(", ")}`);
  return out;
}

function principal(item: ReportItem, s: Scoring): string[] {
  return [
    "Principal (one-off cost of the fix)",
    `  = remediation ${item.remediationMinutes} min [rule ${item.rule}] / 60 x hourly cost ${s.hourlyCost} [${source("hourlyCost", s.hourlyCost, defaults().hourlyCost)}]`,
    `  = ${item.money.hours} h x ${s.hourlyCost} = ${moneyOf(s)(item.money.principal)}`,
    ...rangeLine(
      item,
      "principal",
      s,
      "the estimate at 0.67x-1.5x (McConnell's cone of uncertainty)",
    ),
  ];
}

/** The low-high line of a figure, when the report has ranges (ADR 0009). */
function rangeLine(
  item: ReportItem,
  figure: "principal" | "interest",
  s: Scoring,
  why: string,
): string[] {
  const range = item.money.range?.[figure];
  if (!range) return [];
  const money = moneyOf(s);
  return [`  range ${money(range.low)} - ${money(range.high)}  [${why}]`];
}

/** The expected-loss model: incident cost x the likelihood of the severity, moved by exposure. */
function expectedLossLines(
  report: AuditReport,
  item: ReportItem,
  basis: Extract<ReportItem["money"]["basis"], { model: "expected-loss" }>,
): string[] {
  const s = report.scoring;
  const money = moneyOf(s);
  const likelihood = source(
    `incidentLikelihood.${item.severity}`,
    s.incidentLikelihood?.[item.severity],
    defaults().incidentLikelihood[item.severity],
  );
  const exposure =
    basis.exposure === undefined || basis.baseLikelihood === undefined
      ? ""
      : `; ${EXPOSURE_WHY[basis.exposure]}: ${basis.baseLikelihood} x ${EXPOSURE_FACTOR[basis.exposure]}, at most 1`;
  return [
    "Interest (a year): expected-loss model, ADR 0009 (this debt costs through incidents, not edits; one incident per item, however many places)",
    "  = incident cost x yearly likelihood of an incident for the item's severity and exposure",
    `  incident cost  ${basis.incidentCost}  [${source("incidentCost", basis.incidentCost, defaults().incidentCost)}]`,
    `  likelihood     ${basis.likelihood}  [${item.severity}: ${likelihood}${exposure}]`,
    `  = ${basis.incidentCost} x ${basis.likelihood} = ${money(item.money.interest)} a year`,
    ...rangeLine(item, "interest", s, "the likelihood from a third to three times, at most 1"),
  ];
}

function interest(report: AuditReport, item: ReportItem): string[] {
  const s = report.scoring;
  const money = moneyOf(s);
  const basis = item.money.basis;
  if (basis.model === "slo-burn") {
    return [
      "Interest (a year): SLO burn model, docs/slo.md (the error budget the SLO burns a year at its current pace)",
      "  = burn rate x budget minutes a year x money per minute of budget burned",
      `  burn rate              ${basis.burnRate}  [Prometheus: error ratio over the SLO's window / (1 - objective)]`,
      `  budget minutes a year  ${basis.budgetMinutesPerYear}  [(1 - objective) x 525,600]`,
      `  money per minute       ${basis.costPerMinute}  [debtlens slo debt --cost-per-minute, or the SLO's own setting]`,
      `  = ${basis.burnRate} x ${basis.budgetMinutesPerYear} x ${basis.costPerMinute} = ${money(item.money.interest)} a year`,
    ];
  }
  if (basis.model === "expected-loss") return expectedLossLines(report, item, basis);
  return changeCostLines(report, item, basis);
}

/** The change-cost model: the team's hours (ADR 0009), or the first model's changes x hours for old reports. */
function changeCostLines(
  report: AuditReport,
  item: ReportItem,
  basis: Extract<ReportItem["money"]["basis"], { model: "change-cost" }>,
): string[] {
  const s = report.scoring;
  const money = moneyOf(s);
  const healthy = s.healthyThreshold ?? defaults().healthyThreshold;
  const alert = s.alertThreshold ?? defaults().alertThreshold;
  const alertOverhead = s.alertOverhead ?? defaults().alertOverhead;
  const history = report.history;
  const past = history?.files.find((f) => f.path === item.path);
  const changes =
    basis.changesSource === "git"
      ? `git: ${past?.commits ?? "?"} commits in the window ${history?.window.since.slice(0, 10) ?? "?"} to ${history?.window.until.slice(0, 10) ?? "?"}, renames followed`
      : `assumption: no git history for this file; scoring.defaultChangesPerYear, ${source("defaultChangesPerYear", s.defaultChangesPerYear, defaults().defaultChangesPerYear)}`;
  const overhead =
    basis.health >= healthy
      ? `health ${basis.health} >= healthy threshold ${healthy}: no overhead`
      : basis.health < alert
        ? `health ${basis.health} < alert threshold ${alert}: the full alert overhead ${alertOverhead}`
        : `${alertOverhead} x (${healthy} - ${basis.health}) / (${healthy} - ${alert}), linear between healthy and alert`;
  // The basis keeps overhead and share rounded to 2 places; recompute them exactly so the product checks.
  const exactOverhead =
    basis.health >= healthy
      ? 0
      : basis.health < alert
        ? alertOverhead
        : (alertOverhead * (healthy - basis.health)) / (healthy - alert);
  const inFile = report.items.filter(
    (i) => i.path === item.path && i.money.basis.model === "change-cost",
  );
  const fileMinutes = inFile.reduce((sum, i) => sum + i.remediationMinutes, 0);
  const exactShare = fileMinutes > 0 ? item.remediationMinutes / fileMinutes : basis.share;
  const r4 = (v: number) => Math.round(v * 10000) / 10000;
  if (basis.fileHours !== undefined)
    return teamHoursLines(report, item, basis, {
      overhead,
      exactOverhead,
      exactShare,
      fileMinutes,
      items: inFile.length,
    });
  return [
    "Interest (a year): change-cost model, SPEC section 3 (Tornhill and Borg 2022)",
    "  = changes a year x hours per change x overhead of the file's code health x hourly cost x this item's share",
    `  changes a year    ${basis.changesPerYear}  [${changes}]`,
    `  hours per change  ${basis.hoursPerChange}  [${source("hoursPerChange", basis.hoursPerChange, defaults().hoursPerChange)}]`,
    `  code health       ${basis.health}  [computed from the file's maintainability findings, 1 worst to 10 best]`,
    `  overhead          ${r4(exactOverhead)}  [${overhead}; ${source("healthyThreshold", s.healthyThreshold, defaults().healthyThreshold)}, ${source("alertThreshold", s.alertThreshold, defaults().alertThreshold)}, ${source("alertOverhead", s.alertOverhead, defaults().alertOverhead)}]`,
    `  hourly cost       ${s.hourlyCost}  [${source("hourlyCost", s.hourlyCost, defaults().hourlyCost)}]`,
    `  share             ${r4(exactShare)}  [this item's ${item.remediationMinutes} remediation minutes / ${fileMinutes} minutes of the file's ${inFile.length} change-cost items]`,
    `  = ${basis.changesPerYear} x ${basis.hoursPerChange} x ${r4(exactOverhead)} x ${s.hourlyCost} x ${fileMinutes > 0 ? `${item.remediationMinutes}/${fileMinutes}` : basis.share} = ${money(item.money.interest)} a year`,
    ...rangeLine(item, "interest", s, "the bounds of the hours and the overhead"),
  ];
}

/** What the change-cost lines share: the overhead's text and the exact figures behind the rounded basis. */
interface FileFigures {
  overhead: string;
  exactOverhead: number;
  exactShare: number;
  fileMinutes: number;
  items: number;
}

/** ADR 0009's change cost: the file's share of the team's hours, the part its health wastes. */
function teamHoursLines(
  report: AuditReport,
  item: ReportItem,
  basis: Extract<ReportItem["money"]["basis"], { model: "change-cost" }>,
  file: FileFigures,
): string[] {
  const s = report.scoring;
  const money = moneyOf(s);
  const r4 = (v: number) => Math.round(v * 10000) / 10000;
  const { overhead, exactOverhead, exactShare, fileMinutes } = file;
  const team = report.team;
  const hoursWhy =
    basis.changesSource === "git"
      ? `git: the team's ${basis.teamHours ?? "?"} hours a year${team ? ` (${team.source === "configured" ? "team.size" : "measured"} ${team.engineers} engineers x ${team.hoursPerYear} h)` : ""} x this file's share of the lines changed in the window`
      : `assumption: no git history; scoring.defaultChangesPerYear x scoring.hoursPerChange, within the team's ${basis.teamHours ?? "?"} hours`;
  const lost = exactOverhead / (1 + exactOverhead);
  return [
    "Interest (a year): change-cost model, ADR 0009 (Tornhill and Borg 2022; bounded by the team's time)",
    "  = the file's yearly hours x the part of them its code health wastes, overhead / (1 + overhead) x hourly cost x this item's share",
    `  file hours        ${basis.fileHours}  [${hoursWhy}]`,
    `  code health       ${basis.health}  [computed from the file's maintainability findings, 1 worst to 10 best]`,
    `  overhead          ${r4(exactOverhead)}  [${overhead}; ${source("healthyThreshold", s.healthyThreshold, defaults().healthyThreshold)}, ${source("alertThreshold", s.alertThreshold, defaults().alertThreshold)}, ${source("alertOverhead", s.alertOverhead, defaults().alertOverhead)}]`,
    `  wasted part       ${r4(lost)}  [the measured hours include the slowdown: ${r4(exactOverhead)} / (1 + ${r4(exactOverhead)})]`,
    `  hourly cost       ${s.hourlyCost}  [${source("hourlyCost", s.hourlyCost, defaults().hourlyCost)}]`,
    `  share             ${r4(exactShare)}  [this item's ${item.remediationMinutes} remediation minutes / ${fileMinutes} minutes of the file's ${file.items} change-cost items]`,
    `  = ${basis.fileHours} x ${r4(lost)} x ${s.hourlyCost} x ${fileMinutes > 0 ? `${item.remediationMinutes}/${fileMinutes}` : basis.share} = ${money(item.money.interest)} a year`,
    ...rangeLine(
      item,
      "interest",
      s,
      `hours at ${basis.changesSource === "git" ? "0.8x-1.2x" : "0.5x-1.5x"}, overhead at 0.5x-1.5x`,
    ),
  ];
}

function riskLine(report: AuditReport, item: ReportItem): string {
  const base = RISK_BASE[item.severity] ?? 1;
  const known = report.history ? "git: no" : "no history";
  const hotspot = !!item.path && !!report.history?.hotspots.some((h) => h.path === item.path);
  const silo =
    !!item.path &&
    report.items.some(
      (i) => i.rule === "history/knowledge-silo" && i.places?.some((p) => p.path === item.path),
    );
  const untested =
    !!item.path &&
    report.items.some(
      (i) => i.rule === "quality/untested-module" && (i.path === undefined || i.path === item.path),
    );
  const untestedSource = untested ? "quality/untested-module" : "no untested-module item";
  // debtlens slo debt: the handler of a route whose SLO burns its budget (the reason names the SLO).
  const sloBump = item.evidence.sloRiskBump;
  const slo = typeof sloBump === "string" ? `; SLO ${sloBump.replace(/^\+1: /, "+1 (")})` : "";
  const basis = item.money.basis;
  const exposed =
    basis.model === "expected-loss" && basis.exposure === "request"
      ? "; exposed +1 (a request reaches the code)"
      : "";
  return `  Risk R = ${item.scores.risk}  [severity ${item.severity} ${base}; hotspot +${Number(hotspot)} (${hotspot ? "git: history/hotspot" : known}); knowledge silo +${Number(silo)} (${silo ? "git: history/knowledge-silo" : known}); untested +${Number(untested)} (${untestedSource})${exposed}${slo}; at most 10]`;
}

/** The class cut-offs of a preset, as "critical >= 8, high >= 6, medium >= 5, else low". */
function classCuts(preset: Scoring["preset"]): string {
  const cuts = CLASS_CUTS[preset];
  const names = [10, cuts[1], cuts[2]].map((p) => priorityClass(p, preset));
  return `${names.map((name, i) => `${name} >= ${cuts[i]}`).join(", ")}, else ${priorityClass(0, preset)}`;
}

function scores(report: AuditReport, item: ReportItem): string[] {
  const s = report.scoring;
  const { effort, impact, risk, priority } = item.scores;
  const step = effortScore(item.remediationMinutes);
  const logPart = 1 + 2 * Math.log10(1 + Math.max(0, item.money.interest) / 10);
  const felt = FELT_BY_USERS.has(item.category) ? 1 : 0;
  const fan = r1(Math.min(10, Math.max(1, logPart + felt))) === impact ? 0 : 1;
  const w = s.weights ?? defaults().weights;
  const balanced = s.preset === "balanced";
  const effortTerm = balanced ? `${w.effort} x (11 - E)` : `${w.effort} x (1 / E)`;
  const effortValue = balanced ? w.effort * (11 - effort) : w.effort * (1 / effort);
  return [
    "Scores (1-10)",
    `  Effort E = ${effort}  [${item.remediationMinutes} min on the log scale 15 min = 1, 30 min = 2, ... 2 weeks = 9, more = 10: up to ${EFFORT_LABELS[step - 1] ?? "more than 2 weeks"}]`,
    riskLine(report, item),
    `  Impact I = ${impact}  [1 + 2 x log10(1 + interest ${item.money.interest} / 10) = ${r2(logPart)}; felt by users (security, performance) +${felt}; wide blast radius (fan-in >= 10) +${fan}; within 1-10]`,
    `  Priority = ${w.impact} x I + ${w.risk} x R + ${effortTerm}  [preset ${s.preset}; weights ${source("weights", s.weights, defaults().weights)}]`,
    `           = ${w.impact} x ${impact} + ${w.risk} x ${risk} + ${r2(effortValue)} = ${priority}: ${priorityClass(priority, s.preset)} (${classCuts(s.preset)})`,
  ];
}

/**
 * `debtlens explain`: every figure of one item with its formula and each input's value and source
 * (config default, configuration, git, assumption, or the item's rule), so that the figure can be
 * checked by hand and defended. Pure: report in, text out.
 */
export function explainItem(report: AuditReport, item: ReportItem): string {
  const sections = [
    heading(item),
    principal(item, report.scoring),
    interest(report, item),
    scores(report, item),
  ];
  return `${sections.map((lines) => lines.join("\n")).join("\n\n")}\n`;
}
