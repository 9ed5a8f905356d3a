import pc from "picocolors";
import type { AuditReport, ReportItem } from "./schema.ts";
import { byClassText, classLabel } from "./class-labels.ts";
import { money, percent } from "./money.ts";
import { headlineItems, otherScopesLine } from "./totals.ts";
import { terminalText } from "./untrusted.ts";

export interface TableOptions {
  color: boolean;
  /** How many items the ranked table shows. */
  top: number;
  width: number;
}

function pad(text: string, width: number, right = false): string {
  const visible = text.length > width ? `${text.slice(0, Math.max(1, width - 1))}…` : text;
  return right ? visible.padStart(width) : visible.padEnd(width);
}

/**
 * The ranked register for a terminal: headline, totals by category, top items, notes, skips.
 * Every string from the audited repository goes through terminalText, on a TTY or not: the table
 * also lands in CI logs and files read with `less -R`, where escape sequences and line breaks in a
 * file name would recolour, hide or forge lines just the same.
 */
export function formatTable(report: AuditReport, options: TableOptions): string {
  const c = pc.createColors(options.color);
  const { summary, scoring } = report;
  const cur = scoring.currency;
  const out: string[] = [];
  const classColor = (cls: string, text: string) =>
    cls === "fix-now"
      ? c.red(c.bold(text))
      : cls === "next"
        ? c.red(text)
        : cls === "later"
          ? c.yellow(text)
          : c.dim(text);

  out.push(c.bold(`debtlens audit of ${terminalText(report.root)}`));
  out.push(
    `${summary.files} files, ${summary.linesOfCode.toLocaleString("en-US")} lines of code, ${summary.items} debt items · ` +
      `principal ${c.bold(money(summary.principal, cur))} · interest ${c.bold(money(summary.interest, cur))}/year · ` +
      `debt ratio ${percent(summary.debtRatio)} (rating ${c.bold(summary.rating)})`,
  );
  out.push(`by priority: ${byClassText(summary.byClass, classColor)}`);
  out.push("");
  out.push(
    c.bold(
      `${pad("category", 16)}${pad("items", 8, true)}${pad("principal", 14, true)}${pad("interest/yr", 14, true)}`,
    ),
  );
  for (const [name, totals] of Object.entries(summary.byCategory)) {
    if (totals.items === 0) continue;
    out.push(
      `${pad(terminalText(name), 16)}${pad(String(totals.items), 8, true)}${pad(money(totals.principal, cur), 14, true)}${pad(money(totals.interest, cur), 14, true)}`,
    );
  }
  const others = otherScopesLine(report, (v) => money(v, cur));
  if (others) out.push(c.dim(others));
  out.push("");
  const counted = headlineItems(report);
  const shown = counted.slice(0, options.top);
  if (shown.length === 0) {
    out.push(c.green("No debt items found."));
  } else {
    out.push(c.bold(`Top ${shown.length} of ${counted.length} items, ranked by priority`));
    const messageWidth = Math.max(30, options.width - 8 - 9 - 30 - 12 - 12 - 6);
    out.push(
      c.dim(
        `${pad("prio", 6)}${pad("class", 9)}${pad("where", 30)}${pad("principal", 12, true)}${pad("interest", 12, true)}  ${pad("what", messageWidth)}`,
      ),
    );
    for (const item of shown) out.push(formatRow(item, cur, messageWidth, classColor));
  }
  if (report.notes.length) {
    out.push("");
    for (const note of report.notes) out.push(c.dim(`note: ${terminalText(note)}`));
  }
  const skipCounts = Object.entries(report.skipped.counts);
  if (skipCounts.length) {
    out.push(
      c.dim(
        `skipped: ${skipCounts.map(([reason, n]) => `${n} ${terminalText(reason)}`).join(", ")} (details in --format json)`,
      ),
    );
  }
  if (report.errors.length) {
    out.push(
      c.yellow(
        `${report.errors.length} analyzer error(s): ${report.errors
          .slice(0, 3)
          .map((e) => terminalText(`${e.path} [${e.rule}] ${e.message}`))
          .join("; ")}`,
      ),
    );
  }
  return `${out.join("\n")}\n`;
}

function formatRow(
  item: ReportItem,
  currency: string,
  messageWidth: number,
  classColor: (cls: string, text: string) => string,
): string {
  const where = item.path
    ? `${terminalText(item.path)}${item.startLine ? `:${item.startLine}` : ""}`
    : "(repository)";
  const shortWhere = where.length > 29 ? `…${where.slice(where.length - 28)}` : where;
  const what = terminalText(`${item.rule.split("/")[1]}: ${item.message}`);
  return (
    pad(item.scores.priority.toFixed(1), 6) +
    classColor(item.scores.class, pad(classLabel(item.scores.class), 9)) +
    pad(shortWhere, 30) +
    pad(money(item.money.principal, currency), 12, true) +
    pad(money(item.money.interest, currency), 12, true) +
    "  " +
    pad(what, messageWidth)
  );
}
