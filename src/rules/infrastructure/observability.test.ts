import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { noErrorTracking } from "./no-error-tracking.ts";
import { noMetrics } from "./no-metrics.ts";
import { noTracing } from "./no-tracing.ts";
import { locations } from "../../../test/support/rule-tester.ts";
import { library, service, serverCode } from "../../../test/support/manifests.ts";

const base = { "package.json": service(), "src/server.ts": serverCode };

describe("infrastructure/no-metrics", () => {
  it("fires on a service without metrics, at its package.json", () => {
    const [finding] = runRule(noMetrics, base);
    expect(finding).toMatchObject({ path: "package.json", startLine: 1, endLine: 1 });
    expect(finding!.message).toMatch(/^This service uses no metrics library/);
  });
  it("fires at the first service of a monorepo, listing every service", () => {
    const files = {
      "apps/a/package.json": service(),
      "apps/b/package.json": service(),
      "apps/a/s.ts": serverCode,
    };
    const [finding] = runRule(noMetrics, files);
    expect(finding).toMatchObject({ path: "apps/a/package.json", startLine: 1, endLine: 1 });
    expect(finding!.places).toEqual([
      { path: "apps/a/package.json", startLine: 1, endLine: 1 },
      { path: "apps/b/package.json", startLine: 1, endLine: 1 },
    ]);
  });
  it("fires when only a tracing-only library is present", () => {
    expect(
      locations(noMetrics, {
        ...base,
        "package.json": service({ dependencies: { express: "4", "aws-xray-sdk": "3" } }),
      }),
    ).toEqual(["package.json:1-1"]);
  });
  it("does not fire with prom-client, hot-shots, or dd-trace loaded from a Dockerfile", () => {
    expect(
      locations(noMetrics, {
        ...base,
        "package.json": service({ dependencies: { express: "4", "prom-client": "15" } }),
      }),
    ).toEqual([]);
    expect(
      locations(noMetrics, {
        ...base,
        "package.json": service({ dependencies: { express: "4", "hot-shots": "10" } }),
      }),
    ).toEqual([]);
    expect(
      locations(noMetrics, {
        ...base,
        Dockerfile: "FROM node:22\nENV NODE_OPTIONS=--require dd-trace/init\n",
      }),
    ).toEqual([]);
  });
  it("does not fire on libraries or on a repository without code", () => {
    expect(locations(noMetrics, { "package.json": library(), "src/a.ts": "export {}" })).toEqual(
      [],
    );
    expect(locations(noMetrics, { "package.json": service() })).toEqual([]);
  });
});

describe("infrastructure/no-tracing", () => {
  it("fires on a service with metrics but no tracing, and when Sentry is the only tool", () => {
    expect(
      locations(noTracing, {
        ...base,
        "package.json": service({ dependencies: { express: "4", "prom-client": "15" } }),
      }),
    ).toEqual(["package.json:1-1"]);
    expect(
      locations(noTracing, {
        ...base,
        "package.json": service({ dependencies: { express: "4", "@sentry/node": "8" } }),
      }),
    ).toEqual(["package.json:1-1"]);
    expect(
      locations(noTracing, {
        ...base,
        "k8s/d.yaml": "metadata:\n  annotations:\n    prometheus.io/scrape: 'true'\n",
      }),
    ).toEqual(["package.json:1-1"]);
  });
  it("does not fire with the OpenTelemetry SDK, an OTel operator annotation, or a --require in the start script", () => {
    expect(
      locations(noTracing, {
        ...base,
        "package.json": service({
          dependencies: { express: "4", "@opentelemetry/sdk-node": "0.52" },
        }),
      }),
    ).toEqual([]);
    expect(
      locations(noTracing, {
        ...base,
        "k8s/d.yaml":
          "metadata:\n  annotations:\n    instrumentation.opentelemetry.io/inject-nodejs: 'true'\n",
      }),
    ).toEqual([]);
    expect(
      locations(noTracing, {
        ...base,
        "package.json": service({ scripts: { start: "node -r newrelic dist/server.js" } }),
      }),
    ).toEqual([]);
  });
});

describe("infrastructure/no-error-tracking", () => {
  it("fires on a service without an error tracker, even with OpenTelemetry or prom-client", () => {
    expect(locations(noErrorTracking, base)).toEqual(["package.json:1-1"]);
    expect(
      locations(noErrorTracking, {
        ...base,
        "package.json": service({
          dependencies: { express: "4", "@opentelemetry/sdk-node": "0.52" },
        }),
      }),
    ).toEqual(["package.json:1-1"]);
    expect(
      locations(noErrorTracking, {
        ...base,
        "package.json": service({ dependencies: { express: "4", "prom-client": "15" } }),
      }),
    ).toEqual(["package.json:1-1"]);
  });
  it("does not fire with Sentry (in a sub-package), Bugsnag, or Rollbar", () => {
    expect(
      locations(noErrorTracking, {
        ...base,
        "packages/obs/package.json": JSON.stringify({
          name: "obs",
          dependencies: { "@sentry/node": "8" },
        }),
      }),
    ).toEqual([]);
    expect(
      locations(noErrorTracking, {
        ...base,
        "package.json": service({ dependencies: { express: "4", "@bugsnag/js": "7" } }),
      }),
    ).toEqual([]);
    expect(
      locations(noErrorTracking, {
        ...base,
        "package.json": service({ dependencies: { express: "4", rollbar: "2" } }),
      }),
    ).toEqual([]);
  });
});
