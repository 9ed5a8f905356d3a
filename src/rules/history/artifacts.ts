import { isAnyLockfile } from "../../shared/index.ts";

/**
 * Files that change together or stay with one author because a tool writes them, not because of
 * a design: translation catalogues (every string added to the code lands in each locale at once),
 * lockfiles, generated code, test snapshots, and third-party code copied in. Co-changes and authorship of these say nothing
 * about module boundaries or who knows the code, so the history rules leave them out.
 */
const LOCALE_FOLDER =
  /(^|\/)(locales?|i18n|l10n|intl|lang|langs|languages|translations?|messages)\/(.+\/)?[^/]+\.(json|ya?ml|po|pot|xlf|xliff|properties|arb|ftl|strings|resx|toml)$/i;
/** Code in a locale folder is a catalogue only when named after a locale (`locales/pt-BR.ts`). */
const LOCALE_MODULE =
  /(^|\/)(locales?|i18n|l10n|intl|lang|langs|languages|translations?)\/(.+\/)?[a-z]{2,3}([-_][A-Za-z]{2,4})?\.[cm]?[jt]s$/;
const CATALOGUE_FILE = /\.(po|pot|mo|xlf|xliff|arb|ftl|strings|resx)$/i;
/**
 * `en.json`, `pt-BR.json`, `zh_Hant.yml`: a file named after a common locale (a list, since
 * `ci.yml` or `db.json` are two letters too).
 */
const LOCALE_NAMED =
  /(^|\/)(ar|bg|ca|cs|da|de|el|en|es|et|fa|fi|fr|he|hi|hr|hu|id|it|ja|ko|lt|lv|nb|nl|no|pl|pt|ro|ru|sk|sl|sr|sv|th|tr|uk|vi|zh)([-_][A-Z]{2}|[-_][A-Z][a-z]{3})?\.(json|ya?ml)$/;
const GENERATED =
  /(^|\/)(__generated__|generated|\.generated)\/|\.(generated|gen)\.[cm]?[jt]sx?$|\.pb\.[cm]?[jt]s$|_pb\.[cm]?[jt]s$|(^|\/)(schema\.graphql|graphql\.schema\.json|routeTree\.gen\.ts|next-env\.d\.ts)$/;
const SNAPSHOT = /(^|\/)__snapshots__\/|\.snap$/;
/** Third-party code copied in (discovery skips the usual vendor folders; these slip through). */
const VENDORED = /(^|\/)(vendors?|third[-_]party)\//;

export type ArtifactKind = "locale" | "lockfile" | "generated" | "snapshot" | "vendored";

/** Which kind of tool-written file a path is, or undefined for a file people write. */
export function artifactKind(path: string): ArtifactKind | undefined {
  if (isAnyLockfile(path)) return "lockfile";
  if (SNAPSHOT.test(path)) return "snapshot";
  if (GENERATED.test(path)) return "generated";
  if (VENDORED.test(path)) return "vendored";
  if (
    LOCALE_FOLDER.test(path) ||
    LOCALE_MODULE.test(path) ||
    CATALOGUE_FILE.test(path) ||
    LOCALE_NAMED.test(path)
  )
    return "locale";
  return undefined;
}
