import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { noIac } from "./no-iac.ts";
import { locations } from "../../../test/support/rule-tester.ts";
import { library, service, serverCode } from "../../../test/support/manifests.ts";

describe("infrastructure/no-iac", () => {
  it("fires on an Express service with only a Dockerfile", () => {
    const [finding] = runRule(noIac, {
      "package.json": service(),
      "src/server.ts": serverCode,
      Dockerfile: "FROM node:22\nCMD node dist/server.js\n",
    });
    expect(finding).toMatchObject({ path: "package.json", startLine: 1, endLine: 1 });
    expect(finding!.message).toMatch(/^This service has no infrastructure as code/);
  });
  it("fires on a long-running process without an HTTP framework (start script runs node)", () => {
    const worker = JSON.stringify({
      name: "worker",
      private: true,
      scripts: { start: "node worker.js" },
      dependencies: { bullmq: "5" },
    });
    expect(locations(noIac, { "package.json": worker, "worker.js": "console.log(1)" })).toEqual([
      "package.json:1-1",
    ]);
  });
  it("fires at the service of a monorepo, not at the root", () => {
    const files = {
      "package.json": JSON.stringify({ private: true, workspaces: ["apps/*"] }),
      "apps/api/package.json": service(),
      "apps/api/src/server.ts": serverCode,
    };
    expect(locations(noIac, files)).toEqual(["apps/api/package.json:1-1"]);
  });
  it("does not fire with Terraform, a Helm chart or a platform file", () => {
    const base = { "package.json": service(), "src/server.ts": serverCode };
    expect(
      locations(noIac, { ...base, "infra/main.tf": 'resource "aws_ecs_service" "api" {}' }),
    ).toEqual([]);
    expect(
      locations(noIac, { ...base, "chart/Chart.yaml": "apiVersion: v2\nname: api\n" }),
    ).toEqual([]);
    expect(locations(noIac, { ...base, "fly.toml": 'app = "api"\n' })).toEqual([]);
  });
  it("does not fire with Kubernetes manifests or a CloudFormation template recognised by content, or CDK in dependencies", () => {
    const base = { "package.json": service(), "src/server.ts": serverCode };
    expect(
      locations(noIac, {
        ...base,
        "deploy/api.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n",
      }),
    ).toEqual([]);
    expect(
      locations(noIac, {
        ...base,
        "stack.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n",
      }),
    ).toEqual([]);
    expect(
      locations(noIac, {
        "package.json": service({ devDependencies: { "aws-cdk-lib": "2" } }),
        "src/server.ts": serverCode,
      }),
    ).toEqual([]);
  });
  it("does not fire on libraries, front-end apps or published packages that depend on a server framework", () => {
    expect(locations(noIac, { "package.json": library(), "src/index.ts": "export {}" })).toEqual(
      [],
    );
    const spa = JSON.stringify({
      name: "web",
      private: true,
      scripts: { start: "react-scripts start" },
      dependencies: { react: "18" },
    });
    expect(locations(noIac, { "package.json": spa, "src/App.tsx": "export {}" })).toEqual([]);
    expect(
      locations(noIac, {
        "package.json": library({ dependencies: { express: "4" } }),
        "src/index.ts": "export {}",
      }),
    ).toEqual([]);
  });
  it("near miss: a YAML file with `kind:` but no apiVersion is not a manifest", () => {
    expect(
      locations(noIac, {
        "package.json": service(),
        "src/server.ts": serverCode,
        "config/app.yaml": "kind: settings\nport: 3000\n",
      }),
    ).toEqual(["package.json:1-1"]);
  });
});
