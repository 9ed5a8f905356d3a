import {
  formatCsv,
  formatHtml,
  formatJson,
  formatMarkdown,
  formatSarif,
  formatTable,
  type AuditReport,
  type TrendView,
} from "../report/index.ts";

export const FORMATS = ["table", "json", "sarif", "markdown", "html", "csv"] as const;
export type Format = (typeof FORMATS)[number];

const FORMAT_BY_EXTENSION: Record<string, Format> = {
  ".json": "json",
  ".sarif": "sarif",
  ".md": "markdown",
  ".html": "html",
  ".htm": "html",
  ".csv": "csv",
};

/** The format a file name asks for (`report.html`), else the table. */
export function formatForOutput(output: string): Format {
  const match = /\.[a-z]+$/i.exec(output);
  return (match && FORMAT_BY_EXTENSION[match[0].toLowerCase()]) ?? "table";
}

/** A report in one format (audit and report commands); the HTML page takes the store's trend. */
export function render(
  report: AuditReport,
  format: Format,
  docsBaseUrl: string | undefined,
  extras: { trend?: readonly TrendView[] } = {},
): string {
  // Rule links in reports that leave the machine point at `reports.docsBaseUrl` when set.
  const links = docsBaseUrl ? { docsBaseUrl } : {};
  if (format === "json") return formatJson(report);
  if (format === "sarif") return formatSarif(report, links);
  if (format === "markdown") return formatMarkdown(report, links);
  if (format === "html") return formatHtml(report, { ...links, ...extras });
  if (format === "csv") return formatCsv(report, links);
  return formatTable(report, {
    color: false,
    top: 20,
    width: process.stdout.columns ?? Number.POSITIVE_INFINITY,
  });
}
