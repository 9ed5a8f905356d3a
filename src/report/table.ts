import pc from "picocolors";
import type { AuditReport, ReportItem } from "./schema.ts";
import { byClassText, classLabel } from "./class-labels.ts";
import { noteText } from "./notes.ts";
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
  const range = summary.range;
  if (range)
    out.push(
      c.dim(
        `ranges (ADR 0009): principal ${money(range.principal.low, cur)}-${money(range.principal.high, cur)} · interest ${money(range.interest.low, cur)}-${money(range.interest.high, cur)}/year`,
      ),
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
    const widths = columnWidths(shown, options.width);
    out.push(
      c.dim(
        `${pad("prio", 6)}${pad("class", 9)}${pad("where", widths.where)}${pad("principal", 12, true)}${pad("interest", 12, true)}  ${pad("what", widths.what)}`,
      ),
    );
    for (const item of shown) out.push(formatRow(item, cur, widths, classColor));
  }
  if (report.notes.length) {
    out.push("");
    for (const note of report.notes) out.push(c.dim(`note: ${terminalText(noteText(note))}`));
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

const whereOf = (item: ReportItem) =>
  item.path
    ? `${terminalText(item.path)}${item.startLine ? `:${item.startLine}` : ""}`
    : "(repository)";
const whatOf = (item: ReportItem) => terminalText(`${item.rule.split("/")[1]}: ${item.message}`);

/** Columns before "where" and between the amounts: prio 6, class 9, two amounts of 12, a gap of 2. */
const FIXED_WIDTH = 6 + 9 + 12 + 12 + 2;

/**
 * The location and message columns take what the shown rows need when the terminal is wide
 * enough, so nothing is cut; on a narrow one the location gets up to 40% (its end, the file
 * name, is what stays) and the message the rest.
 */
function columnWidths(
  items: readonly ReportItem[],
  width: number,
): { where: number; what: number } {
  const where = Math.max(6, ...items.map((i) => whereOf(i).length + 1));
  const what = Math.max(4, ...items.map((i) => whatOf(i).length));
  const available = width - FIXED_WIDTH;
  if (where + what <= available) return { where, what };
  const shared = Math.min(where, Math.max(30, Math.floor(available * 0.4)));
  return { where: shared, what: Math.max(30, available - shared) };
}

function formatRow(
  item: ReportItem,
  currency: string,
  widths: { where: number; what: number },
  classColor: (cls: string, text: string) => string,
): string {
  const where = whereOf(item);
  const shortWhere =
    where.length > widths.where - 1 ? `…${where.slice(where.length - widths.where + 2)}` : where;
  return (
    pad(item.scores.priority.toFixed(1), 6) +
    classColor(item.scores.class, pad(classLabel(item.scores.class), 9)) +
    pad(shortWhere, widths.where) +
    pad(money(item.money.principal, currency), 12, true) +
    pad(money(item.money.interest, currency), 12, true) +
    "  " +
    pad(whatOf(item), widths.what).trimEnd()
  );
}
