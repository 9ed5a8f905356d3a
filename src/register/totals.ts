import type { Category } from "../findings/index.ts";
import { DEFAULT_COUNTED_SCOPES, SCOPES, type Scope } from "../scopes/index.ts";
import { totalsOf, type RegisterTotals } from "./register.ts";
import type { PriorityClass } from "./scoring.ts";

/** What the totals need of an item: the register's items and the report's items both have it. */
export interface SummedItem {
  category: Category;
  remediationMinutes: number;
  scope?: Scope | undefined;
  scores: { class: PriorityClass };
  money: { principal: number; interest: number };
}

/** What the totals need of a file: its lines of code and scope (absent: production). */
export interface SummedFile {
  linesOfCode: number;
  scope?: Scope | undefined;
}

/** One scope's figures, shown apart from the counted ones. */
export interface ScopeTotals {
  files: number;
  linesOfCode: number;
  items: number;
  remediationMinutes: number;
  principal: number;
  interest: number;
}

export interface Summary extends RegisterTotals {
  /** Files of the counted scopes. */
  files: number;
  /** The scopes the headline figures count. */
  scopes: Scope[];
  /** Every scope's figures, counted or not (empty scopes left out). */
  byScope: Partial<Record<Scope, ScopeTotals>>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** An item's or file's scope; one without (a finding about the whole repository) is production. */
export function scopeOfEntry(entry: { scope?: Scope | undefined }): Scope {
  return entry.scope ?? "production";
}

/**
 * Every total of a register, from one place: the headline (files, lines, items, principal,
 * interest, debt ratio, rating), by category and by class over the counted scopes, and each
 * scope's figures apart. Every reporter, the scorecard, triage and the gate take their totals
 * from here, so no two formats can disagree.
 */
export function summarise(
  items: readonly SummedItem[],
  files: readonly SummedFile[],
  minutesPerLine: number,
  counted: readonly Scope[] = DEFAULT_COUNTED_SCOPES,
): Summary {
  const inScope = new Set(counted);
  const byScope: Partial<Record<Scope, ScopeTotals>> = {};
  const entry = (scope: Scope) =>
    (byScope[scope] ??= {
      files: 0,
      linesOfCode: 0,
      items: 0,
      remediationMinutes: 0,
      principal: 0,
      interest: 0,
    });
  let linesOfCode = 0;
  let fileCount = 0;
  for (const file of files) {
    const scope = scopeOfEntry(file);
    const totals = entry(scope);
    totals.files++;
    totals.linesOfCode += file.linesOfCode;
    if (inScope.has(scope)) {
      fileCount++;
      linesOfCode += file.linesOfCode;
    }
  }
  const countedItems: SummedItem[] = [];
  for (const item of items) {
    const scope = scopeOfEntry(item);
    const totals = entry(scope);
    totals.items++;
    totals.remediationMinutes += item.remediationMinutes;
    totals.principal = round2(totals.principal + item.money.principal);
    totals.interest = round2(totals.interest + item.money.interest);
    if (inScope.has(scope)) countedItems.push(item);
  }
  const ordered = Object.fromEntries(
    SCOPES.filter((s) => byScope[s]).map((s) => [s, byScope[s]!]),
  ) as Partial<Record<Scope, ScopeTotals>>;
  return {
    ...totalsOf(countedItems, linesOfCode, minutesPerLine),
    files: fileCount,
    scopes: SCOPES.filter((s) => inScope.has(s)),
    byScope: ordered,
  };
}

/** The items the headline counts: those of the counted scopes. */
export function countedItems<T extends { scope?: Scope | undefined }>(
  items: readonly T[],
  counted: readonly Scope[] = DEFAULT_COUNTED_SCOPES,
): T[] {
  const inScope = new Set(counted);
  return items.filter((i) => inScope.has(scopeOfEntry(i)));
}
