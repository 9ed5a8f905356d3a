import type { AuditReport } from "./schema.ts";

/**
 * Where rule pages are published. Reports leave the machine (SARIF in code scanning, Markdown in a
 * pull request), so a link must be absolute; the docs live in the repository under `docs/rules/`.
 * Every reporter takes `docsBaseUrl` to point at a fork or an internal mirror instead.
 */
export const DOCS_BASE_URL = "https://github.com/debtlens/debtlens/blob/main/";

/** The absolute address of a rule's page, from the report's `rules[].docs` path. */
export function ruleDocsUrl(
  report: AuditReport,
  ruleId: string,
  base: string = DOCS_BASE_URL,
): string {
  const path = report.rules.find((r) => r.id === ruleId)?.docs ?? `docs/rules/${ruleId}.md`;
  return new URL(path, base.endsWith("/") ? base : `${base}/`).href;
}
