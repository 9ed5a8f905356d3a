import { ASSUMED_TEAM_SIZE, DEFAULT_HOURS_PER_YEAR, type ScoringConfig } from "../config/index.ts";
import { CATEGORIES, type Category, type Finding } from "../findings/index.ts";
import {
  assumedFileHours,
  changeCostInterest,
  expectedLoss,
  principalRange,
  type Exposure,
  type MoneyRange,
} from "./interest.ts";
import {
  capBySeverity,
  codeHealth,
  debtRating,
  effortScore,
  impactScore,
  priorityClass,
  priorityScore,
  riskScore,
  round2,
  type PriorityClass,
  type RiskBumps,
} from "./scoring.ts";
import { groupFindings } from "./group.ts";

/** How an item's interest was computed: every input with its value, so the figure can be defended. */
export type InterestBasis =
  | {
      model: "change-cost";
      changesPerYear: number;
      changesSource: "assumed" | "git";
      hoursPerChange: number;
      health: number;
      overhead: number;
      share: number;
      /** The file's yearly engineering hours: the team's hours x its share of the changed lines (or assumed). */
      fileHours: number;
      /** The team's yearly hours that bound every file's. */
      teamHours: number;
      /** Part of the file's hours lost to its health: overhead / (1 + overhead). */
      waste: number;
    }
  | {
      model: "expected-loss";
      incidentCost: number;
      likelihood: number;
      /** The severity's likelihood before exposure moved it. */
      baseLikelihood: number;
      exposure: Exposure;
    };

export interface DebtItem extends Finding {
  id: string;
  scores: { effort: number; risk: number; impact: number; priority: number; class: PriorityClass };
  money: {
    principal: number;
    interest: number;
    hours: number;
    basis: InterestBasis;
    /** Low-high bounds of each figure from the plausible bounds of its assumptions (ADR 0009). */
    range: { principal: MoneyRange; interest: MoneyRange };
  };
}

export interface FileHealth {
  path: string;
  linesOfCode: number;
  health: number;
  findings: number;
}

export interface CategoryTotals {
  items: number;
  minutes: number;
  principal: number;
  interest: number;
}

export interface RegisterTotals {
  items: number;
  linesOfCode: number;
  remediationMinutes: number;
  principal: number;
  interest: number;
  debtRatio: number;
  rating: "A" | "B" | "C" | "D" | "E";
  byCategory: Record<Category, CategoryTotals>;
  byClass: Record<PriorityClass, number>;
  /** Sums of the items' low and high bounds (items without bounds count their figure at both ends). */
  range: { principal: MoneyRange; interest: MoneyRange };
}

export interface Register {
  items: DebtItem[];
  files: FileHealth[];
  totals: RegisterTotals;
}

export interface RegisterInput {
  findings: readonly Finding[];
  files: ReadonlyArray<{ path: string; linesOfCode: number; language?: string }>;
  scoring: ScoringConfig;
  /** Per-file change rate from git history; absent files use `scoring.defaultChangesPerYear`. */
  changesPerYear?: ReadonlyMap<string, number>;
  riskBumps?: ReadonlyMap<string, Partial<RiskBumps>>;
  fanIn?: ReadonlyMap<string, number>;
  /**
   * The team's yearly engineering hours (measured from history, or `team.size` x hours per
   * engineer-year) and, with history, each file's share of them by changed lines. Absent: an
   * assumed team of `ASSUMED_TEAM_SIZE`. The change-cost interest never exceeds these hours' cost.
   */
  team?: { hours: number; files?: ReadonlyMap<string, number> };
  /** Files whose code a request reaches (from a route handler): their vulnerabilities are likelier exploited. */
  exposed?: ReadonlySet<string>;
}

/** Scope of a finding's file when the scopes feature gives one (`production` when absent). */
function scopeOf(finding: Finding): string {
  const scope = (finding as { scope?: unknown }).scope;
  return typeof scope === "string" ? scope : "production";
}

/** Where a security or infrastructure item's code runs; a grouped item is exposed if any place is. */
function exposureOf(finding: Finding, exposed: ReadonlySet<string> | undefined): Exposure {
  if (scopeOf(finding) !== "production") return "non-production";
  if (finding.category !== "security" || !exposed) return "internal";
  const paths = finding.places?.map((p) => p.path) ?? (finding.path ? [finding.path] : []);
  return paths.some((p) => exposed.has(p)) ? "request" : "internal";
}

/** Security and infrastructure debt costs through incidents, not through slower edits. */
const INCIDENT_CATEGORIES = new Set<Category>(["security", "infrastructure"]);

function pricesByChangeCost(finding: Finding): boolean {
  return finding.path !== undefined && !INCIDENT_CATEGORIES.has(finding.category);
}

/** What pricing one finding needs of the whole register. */
interface Pricing {
  scoring: ScoringConfig;
  health: ReadonlyMap<string, number>;
  minutesInFile: ReadonlyMap<string, number>;
  teamHours: number;
  assumedHours: number;
  /** Each file's yearly hours from history (absent without it). */
  measuredHours?: ReadonlyMap<string, number>;
  changesPerYear?: ReadonlyMap<string, number>;
  exposed?: ReadonlySet<string>;
}

/** One finding's interest by the change-cost or the expected-loss model (ADR 0009), with its range and basis. */
function priceInterest(
  finding: Finding,
  p: Pricing,
): { interest: number; interestRange: MoneyRange; basis: InterestBasis; exposure?: Exposure } {
  const { scoring, measuredHours } = p;
  if (pricesByChangeCost(finding)) {
    const path = finding.path!;
    const fileHealth = p.health.get(path) ?? 10;
    const known = p.changesPerYear?.get(path);
    const changesPerYear = known ?? (measuredHours ? 0 : scoring.defaultChangesPerYear);
    // With history, a file that did not change in the window took none of the team's time.
    const fileHours = measuredHours ? (measuredHours.get(path) ?? 0) : p.assumedHours;
    const share =
      finding.remediationMinutes / (p.minutesInFile.get(path) || finding.remediationMinutes || 1);
    const priced = changeCostInterest(
      { fileHours, measured: !!measuredHours, health: fileHealth, share },
      scoring,
    );
    return {
      interest: priced.interest,
      interestRange: priced.range,
      basis: {
        model: "change-cost",
        changesPerYear,
        changesSource: measuredHours ? "git" : "assumed",
        hoursPerChange: changesPerYear > 0 ? round2(fileHours / changesPerYear) : 0,
        health: fileHealth,
        overhead: round2(priced.overhead),
        share: round2(share),
        fileHours: round2(fileHours),
        teamHours: round2(p.teamHours),
        waste: Math.round(priced.waste * 10000) / 10000,
      },
    };
  }
  const exposure = exposureOf(finding, p.exposed);
  const loss = expectedLoss(finding.severity, exposure, scoring);
  return {
    interest: loss.interest,
    interestRange: loss.range,
    exposure,
    basis: {
      model: "expected-loss",
      incidentCost: scoring.incidentCost,
      likelihood: loss.likelihood,
      baseLikelihood: loss.baseLikelihood,
      exposure,
    },
  };
}

/**
 * Turns findings into the priced, ranked debt register of SPEC section 3: code health per file,
 * principal and interest per item, Effort/Risk/Impact/Priority, totals and the SonarQube debt
 * ratio and rating. Pure: the same input gives the same register.
 */
export function buildRegister(input: RegisterInput): Register {
  const { scoring } = input;
  const byFile = new Map<string, Finding[]>();
  for (const finding of input.findings) {
    if (!finding.path || INCIDENT_CATEGORIES.has(finding.category)) continue;
    const list = byFile.get(finding.path);
    if (list) list.push(finding);
    else byFile.set(finding.path, [finding]);
  }
  const health = new Map<string, number>();
  for (const [path, findings] of byFile)
    health.set(path, codeHealth(findings.map((f) => f.severity)));
  const minutesInFile = new Map<string, number>();
  for (const [path, findings] of byFile)
    minutesInFile.set(
      path,
      findings.filter(pricesByChangeCost).reduce((s, f) => s + f.remediationMinutes, 0),
    );

  const teamHours = input.team?.hours ?? ASSUMED_TEAM_SIZE * DEFAULT_HOURS_PER_YEAR;
  const pricedPaths = new Set(input.files.filter((f) => f.language).map((f) => f.path));
  for (const path of byFile.keys()) pricedPaths.add(path);
  const assumedHours = assumedFileHours(pricedPaths.size, teamHours, scoring);
  const pricing: Pricing = {
    scoring,
    health,
    minutesInFile,
    teamHours,
    assumedHours,
    ...(input.team?.files ? { measuredHours: input.team.files } : {}),
    ...(input.changesPerYear ? { changesPerYear: input.changesPerYear } : {}),
    ...(input.exposed ? { exposed: input.exposed } : {}),
  };

  // One item per problem; code health above counts each place's finding in its own file.
  const items: DebtItem[] = groupFindings(input.findings).map((finding) => {
    const hours = finding.remediationMinutes / 60;
    const principal = round2(hours * scoring.hourlyCost);
    const { interest, interestRange, basis, exposure } = priceInterest(finding, pricing);
    const bumps = finding.path ? input.riskBumps?.get(finding.path) : undefined;
    const effort = effortScore(finding.remediationMinutes);
    const risk = riskScore(finding.severity, {
      hotspot: !!bumps?.hotspot,
      untested: !!bumps?.untested,
      silo: !!bumps?.silo,
      exposed: exposure === "request",
    });
    const impact = impactScore(
      interest,
      finding.category,
      finding.path ? (input.fanIn?.get(finding.path) ?? 0) : 0,
    );
    const priority = capBySeverity(
      priorityScore(impact, risk, effort, scoring),
      finding.severity,
      scoring.preset,
    );
    return {
      ...finding,
      id: finding.fingerprint,
      scores: { effort, risk, impact, priority, class: priorityClass(priority, scoring.preset) },
      money: {
        principal,
        interest,
        hours: round2(hours),
        basis,
        range: { principal: principalRange(principal), interest: interestRange },
      },
    };
  });
  items.sort(
    (a, b) =>
      b.scores.priority - a.scores.priority ||
      b.money.interest - a.money.interest ||
      a.id.localeCompare(b.id),
  );

  const findingsPerFile = new Map<string, number>();
  for (const f of input.findings)
    if (f.path) findingsPerFile.set(f.path, (findingsPerFile.get(f.path) ?? 0) + 1);
  const files: FileHealth[] = input.files
    .filter((f) => f.language)
    .map((f) => ({
      path: f.path,
      linesOfCode: f.linesOfCode,
      health: health.get(f.path) ?? 10,
      findings: findingsPerFile.get(f.path) ?? 0,
    }));

  const linesOfCode = input.files.reduce((sum, f) => sum + (f.language ? f.linesOfCode : 0), 0);
  return { items, files, totals: totalsOf(items, linesOfCode, scoring.minutesPerLine) };
}

/** What totals need of an item: the register's items and the report's items both have it. */
interface TotalledItem {
  category: Category;
  remediationMinutes: number;
  scores: { class: PriorityClass };
  money: {
    principal: number;
    interest: number;
    range?: { principal: MoneyRange; interest: MoneyRange } | undefined;
  };
}

/**
 * Totals by category and class, principal, interest, debt ratio and rating of a list of items:
 * the register's figures, and the same figures again when triage takes items out of a report.
 */
export function totalsOf(
  items: readonly TotalledItem[],
  linesOfCode: number,
  minutesPerLine: number,
): RegisterTotals {
  const byCategory = Object.fromEntries(
    CATEGORIES.map((c) => [c, { items: 0, minutes: 0, principal: 0, interest: 0 }]),
  ) as Record<Category, CategoryTotals>;
  const byClass: Record<PriorityClass, number> = { "fix-now": 0, next: 0, later: 0, backlog: 0 };
  let minutes = 0;
  for (const item of items) {
    const totals = byCategory[item.category];
    totals.items++;
    totals.minutes += item.remediationMinutes;
    totals.principal = round2(totals.principal + item.money.principal);
    totals.interest = round2(totals.interest + item.money.interest);
    byClass[item.scores.class]++;
    minutes += item.remediationMinutes;
  }
  const range = {
    principal: { low: 0, high: 0 },
    interest: { low: 0, high: 0 },
  };
  for (const { money } of items) {
    range.principal.low += money.range?.principal.low ?? money.principal;
    range.principal.high += money.range?.principal.high ?? money.principal;
    range.interest.low += money.range?.interest.low ?? money.interest;
    range.interest.high += money.range?.interest.high ?? money.interest;
  }
  for (const r of [range.principal, range.interest]) {
    r.low = round2(r.low);
    r.high = round2(r.high);
  }
  const debtRatio = linesOfCode === 0 ? 0 : minutes / (linesOfCode * minutesPerLine);
  return {
    items: items.length,
    linesOfCode,
    remediationMinutes: minutes,
    principal: round2(items.reduce((s, i) => s + i.money.principal, 0)),
    interest: round2(items.reduce((s, i) => s + i.money.interest, 0)),
    debtRatio: Math.round(debtRatio * 10000) / 10000,
    rating: debtRating(debtRatio),
    byCategory,
    byClass,
    range,
  };
}
