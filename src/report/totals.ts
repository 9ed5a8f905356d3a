import { countedItems, summarise, type ScopeTotals } from "../register/index.ts";
import { DEFAULT_COUNTED_SCOPES, type Scope } from "../scopes/index.ts";
import type { AuditReport, ReportItem } from "./schema.ts";

/** The scopes a report's headline counts (a report written before scopes counted everything as production). */
export function countedScopes(report: Pick<AuditReport, "summary">): readonly Scope[] {
  return report.summary.scopes ?? DEFAULT_COUNTED_SCOPES;
}

/**
 * A report's summary recomputed from its items and files by the register's one `summarise`:
 * after triage takes items out, after `slo debt` adds some, or with other counted scopes.
 */
export function summaryOf(
  report: AuditReport,
  items: readonly ReportItem[] = report.items,
  counted: readonly Scope[] = countedScopes(report),
): AuditReport["summary"] {
  return {
    ...report.summary,
    ...summarise(items, report.files, report.scoring.minutesPerLine, counted),
  };
}

/** The items the headline counts (the counted scopes'): what the scorecard and gate judge too. */
export function headlineItems(report: AuditReport): ReportItem[] {
  return countedItems(report.items, countedScopes(report));
}

/** The same report counting other scopes (`--scope production,test`). */
export function withCountedScopes(report: AuditReport, counted: readonly Scope[]): AuditReport {
  return { ...report, summary: summaryOf(report, report.items, counted) };
}

/**
 * Puts each file and item of a fresh report in its scope and counts the given scopes in the
 * summary. `scopeOf` answers for audited files; an item without one (about the whole
 * repository) is production.
 */
export function withScopes(
  report: AuditReport,
  scopeOf: (path: string) => Scope,
  counted: readonly Scope[],
): AuditReport {
  const files = report.files.map((f) => ({ ...f, scope: scopeOf(f.path) }));
  const items = report.items.map((i) =>
    i.scope || !i.path ? i : { ...i, scope: scopeOf(i.path) },
  );
  const scoped = { ...report, files, items };
  return { ...scoped, summary: summaryOf(scoped, items, counted) };
}

/** The scopes the headline leaves out that hold items or files, with their totals, in scope order. */
export function otherScopes(
  report: Pick<AuditReport, "summary">,
): Array<{ scope: Scope; totals: ScopeTotals }> {
  const counted = new Set(countedScopes(report));
  return Object.entries(report.summary.byScope ?? {})
    .filter(([scope, totals]) => !counted.has(scope as Scope) && totals.items > 0)
    .map(([scope, totals]) => ({ scope: scope as Scope, totals }));
}

/** One line for any format: what the headline leaves out, scope by scope. */
export function otherScopesLine(
  report: Pick<AuditReport, "summary" | "scoring">,
  money: (value: number) => string,
): string | undefined {
  const others = otherScopes(report);
  if (others.length === 0) return undefined;
  return `not counted above (${countedScopes(report).join(", ")} only; --scope widens): ${others
    .map(
      ({ scope, totals }) =>
        `${scope} ${totals.items} items, principal ${money(totals.principal)}, interest ${money(totals.interest)}/year`,
    )
    .join("; ")}`;
}
