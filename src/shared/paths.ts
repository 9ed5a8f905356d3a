/**
 * One answer to each question asked of a repository-relative path (always `/`-separated, no
 * leading `./`): is it a test, is it a lockfile, which folder holds it. Rules, the graph and the
 * dependency audit ask here so that they agree.
 */

/**
 * Test code: a file under a test folder (`test/`, `tests/`, `__tests__/`, `__mocks__/`, `spec/`,
 * `e2e/`) or named as a test (`.test.ts`, `.spec.js`, `.e2e.ts`, `.bench.ts`). It runs under a
 * test runner, not in production.
 */
const TEST_FILE =
  /(^|\/)(__tests__|__mocks__|tests?|spec|e2e)\/|\.(test|spec|e2e|bench)\.[cm]?[jt]sx?$/;

export function isTestFile(path: string): boolean {
  return TEST_FILE.test(path);
}

/**
 * Wider than `isTestFile`: also fixtures, mocks, test data, Cypress and Storybook files, in any
 * language. Where a fake credential or a sample value is expected rather than a real one.
 */
const TEST_OR_FIXTURE_FILE =
  /(^|\/)(test|tests|__tests__|spec|specs|__mocks__|__fixtures__|fixtures?|testdata|e2e|cypress|mocks?)\/|\.(test|spec|stories|fixture)\.[\w]+$/;

export function isTestOrFixtureFile(path: string): boolean {
  return TEST_OR_FIXTURE_FILE.test(path);
}

/** The lockfiles whose dependency graph debtlens reads: npm (and its shrinkwrap), pnpm, yarn. */
const LOCKFILE = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|yarn\.lock)$/;

export function isLockfile(path: string): boolean {
  return LOCKFILE.test(path);
}

/**
 * Any package manager's lockfile: `isLockfile`'s plus bun's (`bun.lock`, the binary
 * `bun.lockb`), which debtlens does not parse. Machine-written: never a place a person puts code
 * or a secret.
 */
const BUN_LOCKFILE = /(^|\/)bun\.lockb?$/;

export function isAnyLockfile(path: string): boolean {
  return LOCKFILE.test(path) || BUN_LOCKFILE.test(path);
}

/** The folder holding a file, without a trailing slash: `src/a/b.ts` -> `src/a`, `b.ts` -> `""`. */
export function dirOf(path: string): string {
  const at = path.lastIndexOf("/");
  return at < 0 ? "" : path.slice(0, at);
}

/**
 * The folder holding a file as a prefix of the paths inside it, with its trailing slash:
 * `src/a/b.ts` -> `src/a/`, `b.ts` -> `""` (every path starts with it). For
 * `other.startsWith(dirPrefixOf(path))`, where `dirOf` would also match `src/ab/`.
 */
export function dirPrefixOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/") + 1);
}
