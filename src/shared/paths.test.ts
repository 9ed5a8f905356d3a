import { describe, expect, it } from "vitest";
import {
  dirOf,
  dirPrefixOf,
  isAnyLockfile,
  isLockfile,
  isTestFile,
  isTestOrFixtureFile,
} from "./paths.ts";

describe("isTestFile", () => {
  it.each([
    "src/users.test.ts",
    "src/users.spec.js",
    "src/users.test.mts",
    "checkout.e2e.ts",
    "bench/parse.bench.ts",
    "test/helpers.ts",
    "tests/helpers.js",
    "src/__tests__/users.tsx",
    "src/__mocks__/fs.ts",
    "spec/users.ts",
    "e2e/login.ts",
  ])("%s is a test", (path) => expect(isTestFile(path)).toBe(true));

  it.each([
    "src/users.ts",
    "src/testing.ts",
    "src/latest/users.ts",
    "src/contest/entry.ts",
    "src/users.test.json",
    "src/specs.ts",
    "fixtures/app.ts",
  ])("%s is not", (path) => expect(isTestFile(path)).toBe(false));
});

describe("isTestOrFixtureFile", () => {
  it.each([
    "src/users.test.ts",
    "fixtures/keys.json",
    "src/__fixtures__/a.ts",
    "testdata/cert.pem",
    "cypress/e2e/login.cy.ts",
    "src/Button.stories.tsx",
    "mocks/api.ts",
    "config/app.test.yml",
  ])("%s is a test or fixture", (path) => expect(isTestOrFixtureFile(path)).toBe(true));

  it.each(["src/config.ts", "src/fixture.ts", "src/mockery/a.ts", ".env.production"])(
    "%s is not",
    (path) => expect(isTestOrFixtureFile(path)).toBe(false),
  );

  it("answers yes for every test file", () => {
    for (const path of ["a/test/b.ts", "a.spec.ts", "e2e/x.ts", "__tests__/a.ts"])
      expect(isTestFile(path) && isTestOrFixtureFile(path)).toBe(true);
  });
});

describe("lockfiles", () => {
  it.each([
    "package-lock.json",
    "npm-shrinkwrap.json",
    "pnpm-lock.yaml",
    "yarn.lock",
    "packages/api/yarn.lock",
  ])("%s is a lockfile debtlens reads", (path) => {
    expect(isLockfile(path)).toBe(true);
    expect(isAnyLockfile(path)).toBe(true);
  });

  it.each(["bun.lock", "apps/web/bun.lockb"])("%s is a lockfile debtlens does not read", (path) => {
    expect(isLockfile(path)).toBe(false);
    expect(isAnyLockfile(path)).toBe(true);
  });

  it.each([
    "package.json",
    "my-package-lock.json",
    "yarn.lock.bak",
    "pnpm-lock.yml",
    "Cargo.lock",
    "docs/yarn.lock.md",
    "bun.locked",
  ])("%s is not a lockfile", (path) => {
    expect(isLockfile(path)).toBe(false);
    expect(isAnyLockfile(path)).toBe(false);
  });
});

describe("dirOf and dirPrefixOf", () => {
  it("dirOf is the folder without a trailing slash, empty at the root", () => {
    expect(dirOf("src/a/b.ts")).toBe("src/a");
    expect(dirOf("src/b.ts")).toBe("src");
    expect(dirOf("b.ts")).toBe("");
  });

  it("dirPrefixOf keeps the slash, so a sibling folder sharing the name's start is not inside", () => {
    expect(dirPrefixOf("src/a/package.json")).toBe("src/a/");
    expect(dirPrefixOf("package.json")).toBe("");
    expect("src/ab/x.ts".startsWith(dirPrefixOf("src/a/package.json"))).toBe(false);
    expect("src/ab/x.ts".startsWith(dirOf("src/a/package.json"))).toBe(true);
    expect("src/a/x.ts".startsWith(dirPrefixOf("src/a/package.json"))).toBe(true);
    expect("anything.ts".startsWith(dirPrefixOf("package.json"))).toBe(true);
  });
});
