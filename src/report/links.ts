import { InputError } from "../shared/index.ts";
import type { AuditReport } from "./schema.ts";
import { isWebUrl } from "./untrusted.ts";

/**
 * Where rule pages are published. Reports leave the machine (SARIF in code scanning, Markdown in a
 * pull request), so a link must be absolute; the docs live in the repository under `docs/rules/`.
 * Every reporter takes `docsBaseUrl` to point at a fork or an internal mirror instead.
 */
export const DOCS_BASE_URL = "https://github.com/debtlens/debtlens/blob/main/";

/**
 * The docs base as a folder URL. Readers click these links, so only http: and https: pass: the
 * configuration checks `reports.docsBaseUrl` already, this guards callers of the reporters too.
 */
function docsRoot(base: string): URL {
  const folder = base.endsWith("/") ? base : `${base}/`;
  if (!isWebUrl(folder))
    throw new InputError(
      "reports.docs-base-url",
      "reports.docsBaseUrl: expected an http: or https: URL",
    );
  return new URL(folder);
}

/**
 * The absolute address of a rule's page, from the report's `rules[].docs` path. The link always
 * stays under the base: a docs path that resolves elsewhere (an absolute URL, `//host/...`, a
 * `javascript:` address in a report read from disk) gives way to `docs/rules/<id>.md`, and an id
 * that climbs out (`../..`) to the rules index.
 */
export function ruleDocsUrl(
  report: AuditReport,
  ruleId: string,
  base: string = DOCS_BASE_URL,
): string {
  const root = docsRoot(base).href;
  const path = report.rules.find((r) => r.id === ruleId)?.docs;
  for (const candidate of [
    path,
    `docs/rules/${ruleId.split("/").map(encodeURIComponent).join("/")}.md`,
  ]) {
    const url = candidate === undefined ? undefined : URL.parse(candidate, root);
    if (url?.href.startsWith(root)) return url.href;
  }
  return new URL("docs/rules/README.md", root).href;
}
