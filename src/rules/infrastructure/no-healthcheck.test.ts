import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { noHealthcheck } from "./no-healthcheck.ts";
import { locations } from "../../../test/support/rule-tester.ts";
import { library, service, serverCode } from "../../../test/support/manifests.ts";

describe("infrastructure/no-healthcheck", () => {
  it("fires on an Express service without a probe route, at its first route", () => {
    const [finding, ...rest] = runRule(noHealthcheck, {
      "package.json": service(),
      "src/server.ts": serverCode,
    });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ path: "src/server.ts", startLine: 3, endLine: 3 });
    expect(finding!.message).toMatch(
      /^This Express service declares 1 route\(s\) but no health or readiness endpoint/,
    );
  });
  it("fires on a Fastify service whose routes are spread over files, at the first file", () => {
    const files = {
      "package.json": service({ dependencies: { fastify: "5" } }),
      "src/routes/orders.ts":
        'import Fastify from "fastify";\nconst app = Fastify();\n\napp.get("/orders", async () => []);\napp.post("/orders", async () => ({}));\n',
      "src/routes/users.ts":
        'import Fastify from "fastify";\nconst app = Fastify();\napp.get("/users", async () => []);\n',
    };
    const [finding] = runRule(noHealthcheck, files);
    expect(finding).toMatchObject({ path: "src/routes/orders.ts", startLine: 4, endLine: 4 });
    expect(finding!.message).toContain("declares 3 route(s)");
  });
  it("fires on a Nest controller service with a /status-like route under another name", () => {
    const nest =
      'import { Controller, Get } from "@nestjs/common";\n@Controller("users")\nexport class UsersController {\n  @Get("statuses")\n  list() { return []; }\n}\n';
    expect(
      locations(noHealthcheck, {
        "package.json": service({ dependencies: { "@nestjs/core": "10", "@nestjs/common": "10" } }),
        "src/users.controller.ts": nest,
      }),
    ).toEqual(["src/users.controller.ts:4-4"]);
  });
  it("does not fire with a /healthz route, a mounted /health router, or a Nest health controller", () => {
    const base = { "package.json": service() };
    expect(
      locations(noHealthcheck, {
        ...base,
        "src/server.ts": serverCode + 'app.get("/healthz", (req, res) => res.send("ok"));\n',
      }),
    ).toEqual([]);
    expect(
      locations(noHealthcheck, {
        ...base,
        "src/server.ts": serverCode + 'app.use("/api/health", healthRouter);\n',
      }),
    ).toEqual([]);
    const nest =
      'import { Controller, Get } from "@nestjs/common";\n@Controller("health")\nexport class HealthController {\n  @Get()\n  check() { return "ok"; }\n}\n';
    expect(
      locations(noHealthcheck, {
        "package.json": service({ dependencies: { "@nestjs/core": "10" } }),
        "src/users.ts": serverCode,
        "src/health.controller.ts": nest,
      }),
    ).toEqual([]);
  });
  it("does not fire with a health library, a Kubernetes probe or a Docker HEALTHCHECK", () => {
    expect(
      locations(noHealthcheck, {
        "package.json": service({ dependencies: { express: "4", "@godaddy/terminus": "4" } }),
        "src/server.ts": serverCode,
      }),
    ).toEqual([]);
    expect(
      locations(noHealthcheck, {
        "package.json": service(),
        "src/server.ts": serverCode,
        "k8s/deploy.yaml":
          "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - readinessProbe:\n            httpGet: { path: /, port: 3000 }\n",
      }),
    ).toEqual([]);
    expect(
      locations(noHealthcheck, {
        "package.json": service(),
        "src/server.ts": serverCode,
        Dockerfile: "FROM node:22\nHEALTHCHECK CMD curl -f http://localhost:3000/ || exit 1\n",
      }),
    ).toEqual([]);
  });
  it("does not fire on a library, on HEALTHCHECK NONE's near miss is still firing, and ignores test servers", () => {
    expect(
      locations(noHealthcheck, {
        "package.json": library({ dependencies: { express: "4" } }),
        "src/server.ts": serverCode,
      }),
    ).toEqual([]);
    expect(
      locations(noHealthcheck, {
        "package.json": service(),
        "src/server.ts": serverCode,
        Dockerfile: "FROM node:22\nHEALTHCHECK NONE\n",
      }),
    ).toEqual(["src/server.ts:3-3"]);
    expect(
      locations(noHealthcheck, { "package.json": service(), "test/server.test.ts": serverCode }),
    ).toEqual([]);
  });
});
