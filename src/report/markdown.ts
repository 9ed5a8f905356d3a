import { DOCS_BASE_URL, ruleDocsUrl } from "./links.ts";
import type { AuditReport, ReportItem } from "./schema.ts";
import { byClassText, classLabel } from "./class-labels.ts";
import { money, percent } from "./money.ts";
import { headlineItems, otherScopesLine } from "./totals.ts";
import { markdownCode, markdownText } from "./untrusted.ts";

/** GitHub rejects a comment over 65,536 characters; the reporter stays below this with room to spare. */
export const MARKDOWN_LIMIT = 65_536;
const BUDGET = 60_000;

/** What `debtlens gate` found, for the "what this change adds and removes" section. */
export interface ChangeSummary {
  base: string;
  passed: boolean;
  /** One sentence per threshold crossed (empty when passed). */
  reasons: string[];
  added: ReportItem[];
  fixed: ReportItem[];
  unchanged: number;
  /** Items whose code moved to another file unchanged: not counted as new. */
  moved: number;
  addedPrincipal: number;
  addedInterest: number;
  fixedPrincipal: number;
  fixedInterest: number;
}

export interface MarkdownOptions {
  docsBaseUrl?: string;
  /** How many items the top table lists (default 20). */
  top?: number;
  change?: ChangeSummary;
  /** Defaults to 60,000 characters, under GitHub's comment limit. */
  maxChars?: number;
}

/**
 * Text from the audited repository is hostile here: a TODO such as `![x](https://evil/x.png)
 * @org/team [click](javascript:alert(1))` would show an image, a link and notify a team in the
 * pull request. Prose goes through markdownText (syntax escaped, HTML as entities, mentions
 * broken by a zero-width joiner); paths and refs sit in code spans (markdownCode).
 */
const cell = markdownText;

function where(item: ReportItem): string {
  if (!item.path) return "(repository)";
  return markdownCode(`${item.path}${item.startLine ? `:${item.startLine}` : ""}`, 120);
}

/** A link destination: nothing in it (a space, a bracket, a pipe) can end it or the table cell early. */
function destination(url: string): string {
  return url.replace(/[\s<>()|]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** Appends lines while they fit; reports whether everything went in. */
class Budget {
  readonly lines: string[] = [];
  private used = 0;
  private readonly limit: number;
  constructor(limit: number) {
    this.limit = limit;
  }
  add(line: string): boolean {
    if (this.used + line.length + 1 > this.limit) return false;
    this.lines.push(line);
    this.used += line.length + 1;
    return true;
  }
  remaining(): number {
    return this.limit - this.used;
  }
}

function itemTable(
  out: Budget,
  items: readonly ReportItem[],
  report: AuditReport,
  base: string,
  reserve: number,
): number {
  const cur = report.scoring.currency;
  const header = [
    "| # | class | where | what | principal | interest/yr |",
    "|---:|---|---|---|---:|---:|",
  ];
  if (out.remaining() < reserve + 400) return 0;
  for (const line of header) out.add(line);
  let shown = 0;
  for (const item of items) {
    const link = ruleDocsUrl(report, item.rule, base);
    const row = `| ${shown + 1} | ${classLabel(item.scores.class)} | ${where(item)} | [${cell(item.rule, 80)}](${destination(link)}): ${cell(item.message)} | ${money(item.money.principal, cur)} | ${money(item.money.interest, cur)}${item.money.range ? ` (${money(item.money.range.interest.low, cur)}-${money(item.money.range.interest.high, cur)})` : ""} |`;
    if (out.remaining() - row.length < reserve) break;
    out.add(row);
    shown += 1;
  }
  return shown;
}

/**
 * A pull-request comment: the verdict of the gate when there is one, the headline, what the change
 * adds and removes, and the top of the register. However large the audit, the text stays under
 * GitHub's limit: lists are cut where the budget ends and say how many rows were left out.
 */
export function formatMarkdown(report: AuditReport, options: MarkdownOptions = {}): string {
  const base = options.docsBaseUrl ?? DOCS_BASE_URL;
  const limit = Math.min(options.maxChars ?? BUDGET, MARKDOWN_LIMIT - 1);
  const out = new Budget(limit);
  const { summary } = report;
  const cur = report.scoring.currency;
  const change = options.change;
  const reserve = 600; // room for the closing lines of every section that follows

  if (change) {
    out.add(
      change.passed
        ? `### ✅ debtlens gate passed against ${markdownCode(change.base, 80)}`
        : `### ❌ debtlens gate failed against ${markdownCode(change.base, 80)}`,
    );
    for (const reason of change.reasons.slice(0, 20)) out.add(`- ${cell(reason, 400)}`);
  } else {
    out.add(`### debtlens audit of ${markdownCode(report.root, 80)}`);
  }
  out.add("");
  out.add(
    `**${summary.items}** debt items · principal **${money(summary.principal, cur)}** · interest **${money(summary.interest, cur)}/year** · ` +
      `debt ratio **${percent(summary.debtRatio)}** (rating **${summary.rating}**) · ` +
      byClassText(summary.byClass),
  );
  if (summary.range)
    out.add(
      `\n<sub>ranges from the bounds of the assumptions (ADR 0009): principal ${money(summary.range.principal.low, cur)}-${money(summary.range.principal.high, cur)} · interest ${money(summary.range.interest.low, cur)}-${money(summary.range.interest.high, cur)}/year</sub>`,
    );
  const others = otherScopesLine(report, (v) => money(v, cur));
  if (others) out.add(`\n<sub>${cell(others, 1000)}</sub>`);
  out.add("");

  if (change) {
    out.add(`#### This change`);
    out.add(
      `- adds **${change.added.length}** items (principal ${money(change.addedPrincipal, cur)}, interest ${money(change.addedInterest, cur)}/year)`,
    );
    out.add(
      `- fixes **${change.fixed.length}** items (principal ${money(change.fixedPrincipal, cur)}, interest ${money(change.fixedInterest, cur)}/year)`,
    );
    out.add(
      `- leaves ${change.unchanged} items unchanged${change.moved ? ` (${change.moved} moved with their code)` : ""}`,
    );
    out.add("");
    if (change.added.length) {
      out.add(`<details open><summary>New items</summary>`);
      out.add("");
      const shown = itemTable(out, change.added, report, base, reserve);
      if (shown < change.added.length)
        out.add(
          `\n… and ${change.added.length - shown} more new items (see the SARIF or JSON report).`,
        );
      out.add(`</details>`);
      out.add("");
    }
    if (change.fixed.length) {
      out.add(`<details><summary>Fixed items</summary>`);
      out.add("");
      const shown = itemTable(out, change.fixed, report, base, reserve);
      if (shown < change.fixed.length)
        out.add(`\n… and ${change.fixed.length - shown} more fixed items.`);
      out.add(`</details>`);
      out.add("");
    }
  }

  const counted = headlineItems(report);
  const top = counted.slice(0, options.top ?? 20);
  if (top.length) {
    out.add(`#### Top ${top.length} of ${counted.length} items by priority`);
    out.add("");
    const shown = itemTable(out, top, report, base, 200);
    if (shown < top.length)
      out.add(`\n… ${top.length - shown} more left out to stay under GitHub's comment limit.`);
  } else {
    out.add("No debt items found.");
  }
  out.add("");
  out.add(
    `<sub>debtlens ${cell(report.tool.version, 40)} · ${report.summary.files} files, ${report.summary.linesOfCode} lines of code</sub>`,
  );
  return `${out.lines.join("\n")}\n`;
}
