import { DOCS_BASE_URL, ruleDocsUrl } from "./links.ts";
import type { AuditReport } from "./schema.ts";

export interface CsvOptions {
  docsBaseUrl?: string;
}

const COLUMNS = [
  "rank",
  "id",
  "priority",
  "class",
  "category",
  "rule",
  "severity",
  "scope",
  "path",
  "startLine",
  "endLine",
  "symbol",
  "message",
  "impact",
  "effort",
  "risk",
  "remediationMinutes",
  "principal",
  "interestPerYear",
  "principalLow",
  "principalHigh",
  "interestLow",
  "interestHigh",
  "currency",
  "docs",
] as const;

/**
 * A spreadsheet opens a cell that starts with = + - @ (or a tab or carriage return) as a formula
 * (OWASP "CSV injection"): a leading apostrophe keeps such text inert. Numbers we write are numbers
 * and are never prefixed.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The register as RFC 4180 CSV: a header, one row per item in rank order, CRLF line ends. */
export function formatCsv(report: AuditReport, options: CsvOptions = {}): string {
  const base = options.docsBaseUrl ?? DOCS_BASE_URL;
  const docs = new Map(report.rules.map((r) => [r.id, ruleDocsUrl(report, r.id, base)]));
  const rows: string[] = [COLUMNS.join(",")];
  report.items.forEach((item, i) => {
    const values: Record<(typeof COLUMNS)[number], string | number | undefined> = {
      rank: i + 1,
      id: item.id,
      priority: item.scores.priority,
      class: item.scores.class,
      category: item.category,
      rule: item.rule,
      severity: item.severity,
      scope: item.scope ?? "production",
      path: item.path,
      startLine: item.startLine,
      endLine: item.endLine,
      symbol: item.symbol,
      message: item.message,
      impact: item.scores.impact,
      effort: item.scores.effort,
      risk: item.scores.risk,
      remediationMinutes: item.remediationMinutes,
      principal: item.money.principal,
      interestPerYear: item.money.interest,
      principalLow: item.money.range?.principal.low,
      principalHigh: item.money.range?.principal.high,
      interestLow: item.money.range?.interest.low,
      interestHigh: item.money.range?.interest.high,
      currency: report.scoring.currency,
      docs: docs.get(item.rule) ?? ruleDocsUrl(report, item.rule, base),
    };
    rows.push(COLUMNS.map((c) => csvCell(values[c])).join(","));
  });
  return `${rows.join("\r\n")}\r\n`;
}
