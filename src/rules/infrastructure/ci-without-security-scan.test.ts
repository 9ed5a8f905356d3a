import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { ciWithoutSecurityScan } from "./ci-without-security-scan.ts";
import { locations } from "../../../test/support/rule-tester.ts";
import { library, service, serverCode } from "../../../test/support/manifests.ts";

const base = { "package.json": service(), "src/server.ts": serverCode };
const gha = (run: string) =>
  `on: pull_request\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ${run}\n`;

describe("infrastructure/ci-without-security-scan", () => {
  it("fires on a workflow that tests but never scans", () => {
    const [finding] = runRule(ciWithoutSecurityScan, {
      ...base,
      ".github/workflows/ci.yml": gha("npm test"),
    });
    expect(finding).toMatchObject({ path: ".github/workflows/ci.yml", startLine: 1, endLine: 1 });
    expect(finding!.message).toMatch(
      /^GitHub Actions is configured but nothing scans for vulnerabilities/,
    );
  });
  it("fires on a library's CircleCI config as well", () => {
    expect(
      locations(ciWithoutSecurityScan, {
        "package.json": library(),
        "src/index.ts": "export {}",
        ".circleci/config.yml": "jobs:\n  t:\n    steps:\n      - run: npm test\n",
      }),
    ).toEqual([".circleci/config.yml:1-1"]);
  });
  it("fires when the audit is only commented out, or allowed to be skipped by name only", () => {
    expect(
      locations(ciWithoutSecurityScan, {
        ...base,
        "azure-pipelines.yml":
          "steps:\n  # - script: npm audit\n  - script: npm test\n    displayName: npm audit later\n",
      }),
    ).toEqual(["azure-pipelines.yml:1-1"]);
  });
  it("does not fire with npm audit, osv-scanner or a CodeQL action", () => {
    expect(
      locations(ciWithoutSecurityScan, {
        ...base,
        ".github/workflows/ci.yml": gha("npm audit --audit-level=high"),
      }),
    ).toEqual([]);
    expect(
      locations(ciWithoutSecurityScan, {
        ...base,
        "bitbucket-pipelines.yml":
          "pipelines:\n  default:\n    - step:\n        script:\n          - osv-scanner --lockfile package-lock.json\n",
      }),
    ).toEqual([]);
    expect(
      locations(ciWithoutSecurityScan, {
        ...base,
        ".github/workflows/codeql.yml":
          "jobs:\n  a:\n    steps:\n      - uses: github/codeql-action/analyze@v3\n",
      }),
    ).toEqual([]);
  });
  it("does not fire with a Dependabot or Renovate configuration", () => {
    expect(
      locations(ciWithoutSecurityScan, {
        ...base,
        ".github/workflows/ci.yml": gha("npm test"),
        ".github/dependabot.yml": "version: 2\n",
      }),
    ).toEqual([]);
    expect(
      locations(ciWithoutSecurityScan, {
        "package.json": service({ renovate: { extends: ["config:base"] } }),
        "src/a.ts": serverCode,
        ".gitlab-ci.yml": "test:\n  script: npm test\n",
      }),
    ).toEqual([]);
  });
  it("does not fire when a package script called from CI audits, nor with a GitLab security template", () => {
    const pkg = service({ scripts: { start: "node s.js", "check:deps": "audit-ci --high" } });
    expect(
      locations(ciWithoutSecurityScan, {
        "package.json": pkg,
        "src/a.ts": serverCode,
        ".github/workflows/ci.yml": gha("npm run check:deps"),
      }),
    ).toEqual([]);
    expect(
      locations(ciWithoutSecurityScan, {
        ...base,
        ".gitlab-ci.yml":
          "include:\n  - template: Jobs/Dependency-Scanning.gitlab-ci.yml\ntest:\n  script: npm test\n",
      }),
    ).toEqual([]);
  });
});
