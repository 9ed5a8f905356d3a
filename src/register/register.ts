import type { ScoringConfig } from "../config/index.ts";
import { CATEGORIES, type Category, type Finding } from "../findings/index.ts";
import {
  changeOverhead,
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
    }
  | { model: "expected-loss"; incidentCost: number; likelihood: number };

export interface DebtItem extends Finding {
  id: string;
  scores: { effort: number; risk: number; impact: number; priority: number; class: PriorityClass };
  money: { principal: number; interest: number; hours: number; basis: InterestBasis };
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
}

/** Security and infrastructure debt costs through incidents, not through slower edits. */
const INCIDENT_CATEGORIES = new Set<Category>(["security", "infrastructure"]);

function pricesByChangeCost(finding: Finding): boolean {
  return finding.path !== undefined && !INCIDENT_CATEGORIES.has(finding.category);
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

  // One item per problem; code health above counts each place's finding in its own file.
  const items: DebtItem[] = groupFindings(input.findings).map((finding) => {
    const hours = finding.remediationMinutes / 60;
    const principal = round2(hours * scoring.hourlyCost);
    let interest: number;
    let basis: InterestBasis;
    if (pricesByChangeCost(finding)) {
      const path = finding.path!;
      const fileHealth = health.get(path) ?? 10;
      const overhead = changeOverhead(fileHealth, scoring);
      const known = input.changesPerYear?.get(path);
      const changesPerYear = known ?? scoring.defaultChangesPerYear;
      const share =
        finding.remediationMinutes / (minutesInFile.get(path) || finding.remediationMinutes || 1);
      interest = round2(
        changesPerYear * scoring.hoursPerChange * overhead * scoring.hourlyCost * share,
      );
      basis = {
        model: "change-cost",
        changesPerYear,
        changesSource: known === undefined ? "assumed" : "git",
        hoursPerChange: scoring.hoursPerChange,
        health: fileHealth,
        overhead: round2(overhead),
        share: round2(share),
      };
    } else {
      const likelihood = scoring.incidentLikelihood[finding.severity];
      interest = round2(scoring.incidentCost * likelihood);
      basis = { model: "expected-loss", incidentCost: scoring.incidentCost, likelihood };
    }
    const bumps = finding.path ? input.riskBumps?.get(finding.path) : undefined;
    const effort = effortScore(finding.remediationMinutes);
    const risk = riskScore(finding.severity, {
      hotspot: !!bumps?.hotspot,
      untested: !!bumps?.untested,
      silo: !!bumps?.silo,
    });
    const impact = impactScore(
      interest,
      finding.category,
      finding.path ? (input.fanIn?.get(finding.path) ?? 0) : 0,
    );
    const priority = priorityScore(impact, risk, effort, scoring);
    return {
      ...finding,
      id: finding.fingerprint,
      scores: { effort, risk, impact, priority, class: priorityClass(priority) },
      money: { principal, interest, hours: round2(hours), basis },
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
  money: { principal: number; interest: number };
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
  };
}
