/**
 * The path conventions that put a file in a scope, tried in order: the first match wins. Paths
 * are repository-relative with `/`. Each pattern is one linear regular expression, so that a
 * path costs a handful of native searches (no per-file work grows with the repository).
 */
import type { Scope } from "./scope.ts";

const CODE = String.raw`[cm]?[jt]sx?`;

export const PATH_CONVENTIONS: ReadonlyArray<{ scope: Scope; pattern: RegExp; why: string }> = [
  {
    scope: "generated",
    pattern: new RegExp(
      String.raw`(^|/)(__generated__|generated|\.generated)/|\.(generated|gen|pb)\.${CODE}$|_pb\.${CODE}$`,
    ),
    why: "a generated/ folder or a .generated. file",
  },
  {
    scope: "vendored",
    pattern: /(^|\/)(vendor|vendors|third_party|third-party|3rdparty|external_libs)\//,
    why: "a vendor/ or third_party/ folder",
  },
  {
    scope: "test",
    pattern: new RegExp(
      String.raw`(^|/)(__tests__|__mocks__|__fixtures__|__snapshots__|tests?|specs?|e2e|integration-tests|cypress|playwright|fixtures?|testdata|test-data|mocks?|stories|\.storybook)/` +
        String.raw`|\.(test|spec|e2e|cy|bench|stories|story|fixture|mock)\.[\w]+$` +
        String.raw`|(^|/)(setupTests|test-setup|vitest\.setup|jest\.setup)\.${CODE}$`,
    ),
    why: "a test, fixture, mock or story folder or file name",
  },
  {
    scope: "locale",
    pattern:
      /(^|\/)(locales?|i18n|l10n|lang|langs|languages|translations?)\/(.+\/)?[^/]+\.(json|ya?ml|po|pot|properties|xliff|xlf|ftl|arb|strings)$/,
    why: "a translation catalogue under locales/, i18n/ or lang/",
  },
  {
    scope: "seed",
    pattern: new RegExp(
      String.raw`(^|/)(seeds?|seeders?|seed-data|demo-data|sample-data)/|(^|/)(prisma/)?seed(s|er|-data|_data)?\.${CODE}$`,
    ),
    why: "a seeds/ folder or a seed script",
  },
  {
    scope: "docs",
    pattern:
      /(^|\/)(docs?|documentation|website|examples?)\/|\.(md|mdx|markdown|rst|adoc)$|(^|\/)(README|CHANGELOG|CONTRIBUTING)(\.\w+)?$/i,
    why: "a docs/, website/ or examples/ folder or a Markdown page",
  },
  {
    scope: "tooling",
    pattern: new RegExp(
      String.raw`(^|/)(scripts|tools|tooling|\.github|\.circleci|\.husky|\.changeset|\.devcontainer|\.vscode|\.yarn)/` +
        String.raw`|(^|/)[^/]+\.config\.${CODE}$` +
        String.raw`|(^|/)(\.eslintrc|\.prettierrc|\.babelrc|\.lintstagedrc|\.commitlintrc)[^/]*$` +
        String.raw`|(^|/)(Gruntfile|Gulpfile|gulpfile|gruntfile|webpack\.[^/]+|rollup\.[^/]+)\.${CODE}$` +
        String.raw`|(^|/)(\.gitlab-ci\.ya?ml|Jenkinsfile|azure-pipelines\.ya?ml|\.travis\.ya?ml)$`,
    ),
    why: "a scripts/ or CI folder, or a build tool's configuration file",
  },
];

/** The scope path conventions give a file, production when none matches. */
export function scopeByConvention(path: string): Scope {
  for (const { scope, pattern } of PATH_CONVENTIONS) if (pattern.test(path)) return scope;
  return "production";
}
