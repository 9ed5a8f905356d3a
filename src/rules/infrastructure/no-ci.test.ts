import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { noCi } from "./no-ci.ts";
import { locations } from "../../../test/support/rule-tester.ts";
import { library, service, serverCode } from "../../../test/support/manifests.ts";

describe("infrastructure/no-ci", () => {
  it("fires on a service with no CI, at its package.json", () => {
    expect(locations(noCi, { "package.json": service(), "src/server.ts": serverCode })).toEqual([
      "package.json:1-1",
    ]);
  });
  it("fires on a library too (CI is not only for services)", () => {
    expect(
      locations(noCi, { "package.json": library(), "src/index.ts": "export const a = 1;" }),
    ).toEqual(["package.json:1-1"]);
  });
  it("fires on a monorepo at the shallowest package.json", () => {
    const files = {
      "packages/api/package.json": service(),
      "package.json": library({ private: true }),
      "packages/api/src/server.ts": serverCode,
    };
    const [finding] = runRule(noCi, files);
    expect(finding).toMatchObject({ path: "package.json", startLine: 1, endLine: 1 });
    expect(finding!.message).toContain("No CI configuration was found");
  });
  it("does not fire with a GitHub Actions workflow", () => {
    expect(
      locations(noCi, {
        "package.json": service(),
        "src/server.ts": serverCode,
        ".github/workflows/ci.yml": "on: push\njobs: {}\n",
      }),
    ).toEqual([]);
  });
  it("does not fire with a Jenkinsfile or a Bitbucket pipeline", () => {
    expect(
      locations(noCi, {
        "package.json": service(),
        "src/server.ts": serverCode,
        Jenkinsfile: "pipeline {}",
      }),
    ).toEqual([]);
    expect(
      locations(noCi, {
        "package.json": service(),
        "src/server.ts": serverCode,
        "bitbucket-pipelines.yml": "pipelines: {}",
      }),
    ).toEqual([]);
  });
  it("does not fire without source code, or when the only package.json is an example", () => {
    expect(locations(noCi, { "package.json": service(), "README.md": "# docs" })).toEqual([]);
    expect(
      locations(noCi, {
        "examples/demo/package.json": service(),
        "examples/demo/index.ts": serverCode,
      }),
    ).toEqual([]);
  });
  it("does not count a workflow file outside .github/workflows", () => {
    expect(
      locations(noCi, {
        "package.json": service(),
        "src/server.ts": serverCode,
        "docs/workflows/ci.yml": "on: push",
      }),
    ).toEqual(["package.json:1-1"]);
  });
});
