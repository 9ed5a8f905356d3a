import { isTestOrFixtureFile } from "../shared/index.ts";
import { isPlaceholder } from "./placeholders.ts";
import { isSecretName } from "./scan.ts";

/**
 * Files that exist to hold defaults for local development or CI, meant to be copied and
 * overridden: env templates and `.env.development`, compose files (not production ones), Helm
 * charts' values, CI workflows with their service containers, dev containers, `*.example.*`.
 */
const DEFAULTS_FILE =
  /(^|\/)(\.env\.(development|dev|test|ci)|(docker-)?compose[\w.-]*\.ya?ml|\.gitlab-ci\.ya?ml|bitbucket-pipelines\.ya?ml|azure-pipelines\.ya?ml|\.travis\.ya?ml)$|(^|\/)(\.github\/workflows|\.circleci|\.devcontainer)\/|(^|\/)(charts?|helm)\/(.+\/)?values[\w.-]*\.ya?ml$|[^/]\.(example|sample|template|dist|tpl)(\.[\w]+)?$|(^|\/)[\w.-]*env\.(example|sample|template)$/i;
const PRODUCTION_NAME = /(^|[/._-])prod(uction)?([._-]|$)/i;

export function isDefaultsFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return DEFAULTS_FILE.test(path) && !PRODUCTION_NAME.test(name);
}

/** A translation catalogue: its strings are UI text, never credentials. */
const LOCALE_FILE =
  /(^|\/)(locales?|i18n|l10n|lang|langs|languages|translations?)\/(.+\/)?[^/]+\.(json|ya?ml|po|pot|properties|xliff|xlf|ftl|arb|strings)$/;
const DOCS_FILE =
  /(^|\/)(docs?|documentation|website|examples?)\/|\.(md|mdx|markdown|rst|adoc)$|(^|\/)README(\.\w+)?$/i;

/**
 * A path's scope when the audit gives none (a history blob's path): only the scopes that change
 * what a secret means are told apart.
 */
export function pathScope(path: string): string {
  if (LOCALE_FILE.test(path)) return "locale";
  if (isTestOrFixtureFile(path)) return "test";
  if (DOCS_FILE.test(path)) return "docs";
  return "production";
}

/** How a message names a place outside production code. */
export const SECRET_CONTEXT_WHERE: Readonly<Record<string, string>> = {
  test: "test code",
  docs: "the documentation",
  seed: "seed data",
  defaults: "a file of local-development defaults",
};

/** Where a value stands, for its message: a defaults file, a non-production scope, or its scope. */
export function contextOf(path: string, scope: string): string {
  return isDefaultsFile(path) ? "defaults" : scope;
}

/** A value that does not look live, outside production code: info, not a leak. */
export function quietAt(path: string, scope: string, match: { live: boolean }): boolean {
  return SECRET_CONTEXT_WHERE[contextOf(path, scope)] !== undefined && !match.live;
}

/** True when `.env` lines name a credential and give it a value that is not a placeholder. */
export function holdsCredentials(text: string): boolean {
  for (const m of text.matchAll(/^\s*(?:export\s+)?([A-Za-z_][\w.]*)\s*=\s*["']?([^\s"'#]*)/gm))
    if (isSecretName(m[1]!) && m[2] && !isPlaceholder(m[2])) return true;
  return false;
}
