import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { ciWithoutTests } from "./ci-without-tests.ts";
import { locations } from "../../../test/support/rule-tester.ts";
import { service, serverCode } from "../../../test/support/manifests.ts";

const workflow = (steps: string) => `name: CI
on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
${steps}`;

describe("infrastructure/ci-without-tests", () => {
  it("fires on a workflow that only builds", () => {
    const files = {
      "package.json": service(),
      "src/server.ts": serverCode,
      ".github/workflows/ci.yml": workflow("      - run: npm run build\n"),
    };
    const [finding, ...rest] = runRule(ciWithoutTests, files);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ path: ".github/workflows/ci.yml", startLine: 1, endLine: 1 });
    expect(finding!.message).toMatch(
      /^GitHub Actions is configured \(1 file\(s\)\) but no job runs the tests/,
    );
  });
  it("fires when the test command is only in a comment or a step name", () => {
    const steps =
      "      # - run: npm test\n      - name: npm test later\n        run: echo skipped\n";
    expect(
      locations(ciWithoutTests, {
        "package.json": service(),
        "src/a.ts": serverCode,
        ".github/workflows/ci.yml": workflow(steps),
      }),
    ).toEqual([".github/workflows/ci.yml:1-1"]);
  });
  it("fires on a GitLab pipeline that deploys without tests, and on a Jenkinsfile whose test line is commented out", () => {
    const gitlab =
      "stages: [build, deploy]\nbuild:\n  script:\n    - npm ci\n    - npm run build\ndeploy:\n  script: ./deploy.sh\n";
    expect(
      locations(ciWithoutTests, {
        "package.json": service(),
        "src/a.ts": serverCode,
        ".gitlab-ci.yml": gitlab,
      }),
    ).toEqual([".gitlab-ci.yml:1-1"]);
    const jenkins =
      "pipeline {\n  stages {\n    stage('build') { steps { sh 'npm ci' } }\n    // stage('test') { steps { sh 'npm test' } }\n  }\n}\n";
    expect(
      locations(ciWithoutTests, {
        "package.json": service(),
        "src/a.ts": serverCode,
        Jenkinsfile: jenkins,
      }),
    ).toEqual(["Jenkinsfile:1-1"]);
  });
  it("does not fire when a step runs npm test or vitest", () => {
    expect(
      locations(ciWithoutTests, {
        "package.json": service(),
        "src/a.ts": serverCode,
        ".github/workflows/ci.yml": workflow("      - run: npm test\n"),
      }),
    ).toEqual([]);
    expect(
      locations(ciWithoutTests, {
        "package.json": service(),
        "src/a.ts": serverCode,
        ".circleci/config.yml":
          "jobs:\n  test:\n    steps:\n      - run: npx vitest run --coverage\n",
      }),
    ).toEqual([]);
  });
  it("does not fire when a package script called by CI runs the tests (followed through two scripts)", () => {
    const pkg = service({
      scripts: {
        start: "node s.js",
        ci: "npm run lint && npm run test:unit",
        "test:unit": "jest --ci",
        lint: "eslint .",
      },
    });
    expect(
      locations(ciWithoutTests, {
        "package.json": pkg,
        "src/a.ts": serverCode,
        ".github/workflows/ci.yml": workflow("      - run: npm run ci\n"),
      }),
    ).toEqual([]);
  });
  it("does not fire when another CI file runs the tests, nor without any CI (no-ci covers that)", () => {
    const files = {
      "package.json": service(),
      "src/a.ts": serverCode,
      ".github/workflows/release.yml": workflow("      - run: npm publish\n"),
      ".github/workflows/test.yml": workflow("      - run: pnpm --filter api test\n"),
    };
    expect(locations(ciWithoutTests, files)).toEqual([]);
    expect(
      locations(ciWithoutTests, { "package.json": service(), "src/a.ts": serverCode }),
    ).toEqual([]);
  });
  it("near miss: a script named like a test but running the build does not count", () => {
    const pkg = service({ scripts: { start: "node s.js", testing: "tsc -p ." } });
    expect(
      locations(ciWithoutTests, {
        "package.json": pkg,
        "src/a.ts": serverCode,
        ".github/workflows/ci.yml": workflow("      - run: npm run testing\n"),
      }),
    ).toEqual([".github/workflows/ci.yml:1-1"]);
  });
});
