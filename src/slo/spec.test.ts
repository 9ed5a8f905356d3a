import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSloSpecs, SloSpecError } from "./spec.ts";
import { burnWindows, calendarPeriodStart, formatDuration, parseDuration } from "./windows.ts";

const FIXTURES = join(import.meta.dirname, "fixtures", "specs");
const fixture = (name: string) => ({
  path: `specs/${name}`,
  text: readFileSync(join(FIXTURES, name), "utf8"),
});

/** The message a spec gives, or "read" when it is valid. */
function problem(text: string, path = "slo.yaml"): string {
  try {
    readSloSpecs([{ path, text }]);
    return "read";
  } catch (error) {
    if (error instanceof SloSpecError) return error.message;
    throw error;
  }
}

const OPENSLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: api-availability
spec:
  service: api
  indicator:
    metadata:
      name: api-good
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{code!~"5.."}[{{.window}}]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total[{{.window}}]))
  timeWindow:
    - duration: 28d
      isRolling: true
  objectives:
    - target: 0.995
`;

describe("readSloSpecs", () => {
  it("reads a Sloth spec: percent objective, 30-day period, labels, the SLO id service-name", () => {
    const [slo, ...rest] = readSloSpecs([fixture("sloth-checkout.yaml")]);
    expect(rest).toEqual([]);
    expect(slo).toMatchObject({
      name: "checkout-requests-availability",
      service: "checkout",
      objective: 0.999,
      window: { kind: "rolling", text: "30d", seconds: 2_592_000 },
      labels: { team: "payments" },
      priorities: ["P0", "P1", "P2", "P3"],
      format: "prometheus/v1",
      source: { file: "specs/sloth-checkout.yaml", line: 7 },
    });
    expect(slo!.indicator.kind).toBe("ratio");
    expect(slo!.route).toBeUndefined();
  });

  it("reads OpenSLO with the SLI in another document, and the route its queries select", () => {
    const [slo] = readSloSpecs([fixture("openslo-orders.yaml")]);
    expect(slo).toMatchObject({
      name: "orders-availability",
      service: "orders",
      objective: 0.999,
      window: { kind: "rolling", text: "7d", seconds: 604_800 },
      route: "/orders/:id",
      routeLabels: ["http_route", "route"],
      labels: { team: "fulfilment" },
    });
    expect(slo!.indicator).toMatchObject({ kind: "ratio", counter: true });
  });

  it("reads a threshold metric over a calendar month with an AlertPolicy condition", () => {
    const [slo] = readSloSpecs([fixture("openslo-latency.yaml")]);
    expect(slo!.indicator).toMatchObject({ kind: "threshold", op: "lte", value: 0.5 });
    expect(slo!.window).toMatchObject({
      kind: "calendar",
      text: "1M",
      calendar: { startMs: Date.UTC(2024, 0, 1), unit: "M", count: 1 },
    });
    expect(slo!.policyAlerts).toEqual([
      {
        policy: "search-slow",
        condition: "search-slow-2x",
        burnRate: 2,
        lookbackSeconds: 3600,
        alertAfterSeconds: 300,
        priority: "P2",
      },
    ]);
  });

  it("takes priorities, a route label and a cost per minute from debtlens annotations", () => {
    const text = OPENSLO.replace(
      "  name: api-availability\n",
      '  name: api-availability\n  annotations:\n    debtlens.dev/priorities: "P1,P1,P3,P3"\n    debtlens.dev/route-label: handler\n    debtlens.dev/cost-per-minute: "12.5"\n',
    ).replace("code!~", 'handler="/pay",code!~');
    const [slo] = readSloSpecs([{ path: "a.yaml", text }]);
    expect(slo).toMatchObject({
      priorities: ["P1", "P1", "P3", "P3"],
      routeLabels: ["handler", "http_route", "route"],
      route: "/pay",
      costPerMinute: 12.5,
    });
  });

  it("reads the near-miss valid specs without complaint", () => {
    expect(problem(OPENSLO)).toBe("read");
    expect(problem(OPENSLO.replace("target: 0.995", "targetPercent: 99.5"))).toBe("read");
  });

  it("names the file, line and field of a missing objective", () => {
    expect(problem(OPENSLO.replace("    - target: 0.995\n", "    - displayName: x\n"))).toBe(
      "slo.yaml:27: spec.objectives[0].target: missing objective (expected target or targetPercent)",
    );
  });

  it("refuses a target above 1 at its line", () => {
    expect(problem(OPENSLO.replace("target: 0.995", "target: 99.5"))).toBe(
      "slo.yaml:27: spec.objectives[0].target: above 1: a target is a ratio between 0 and 1 (0.999)",
    );
    expect(problem(OPENSLO.replace("target: 0.995", "target: 1"))).toMatch(
      /^slo\.yaml:27: spec\.objectives\[0\]\.target: expected a ratio above 0 and below 1/,
    );
  });

  it("refuses an unknown metric kind at the indicator's spec", () => {
    expect(problem(OPENSLO.replace("ratioMetric:", "histogramMetric:"))).toBe(
      "slo.yaml:11: spec.indicator.spec: unknown metric kind: expected ratioMetric or thresholdMetric",
    );
  });

  it("reports broken YAML at the parser's line without quoting the file", () => {
    const message = problem("version: prometheus/v1\nservice: x\nslos:\n  - name: [a, b\n");
    expect(message).toMatch(/^slo\.yaml:5: not valid YAML \(/);
    expect(message).not.toContain("name: [a");
  });

  it("refuses a Sloth objective of 100% or more, and a query without {{.window}}", () => {
    const sloth = readFileSync(join(FIXTURES, "sloth-checkout.yaml"), "utf8");
    expect(problem(sloth.replace("objective: 99.9", "objective: 100"))).toBe(
      "slo.yaml:8: slos[0].objective: expected a percentage above 0 and below 100 (100 leaves no error budget)",
    );
    expect(problem(sloth.replace("[{{.window}}]))\n        total", "[5m]))\n        total"))).toBe(
      "slo.yaml:12: slos[0].sli.events.error_query: the query needs the {{.window}} placeholder for its range",
    );
  });

  it("refuses unknown documents, dangling references and duplicate names", () => {
    expect(problem("apiVersion: v1\nkind: ConfigMap\n")).toBe(
      "slo.yaml:1: apiVersion: not an OpenSLO v1 document (apiVersion: openslo/v1) nor a Sloth spec (version: prometheus/v1)",
    );
    expect(
      problem(
        OPENSLO.replace(
          / {2}indicator:\n[\s\S]*? {2}timeWindow:/,
          "  indicatorRef: nope\n  timeWindow:",
        ),
      ),
    ).toBe("slo.yaml:7: spec.indicatorRef: names an SLI that none of the files defines");
    expect(() =>
      readSloSpecs([
        { path: "a.yaml", text: OPENSLO },
        { path: "b.yaml", text: OPENSLO },
      ]),
    ).toThrow("b.yaml:1: name: the same SLO name as the one at a.yaml:1");
  });
});

describe("windows", () => {
  it("parses and prints durations", () => {
    expect(parseDuration("30d")).toBe(2_592_000);
    expect(parseDuration("1h30m")).toBe(5400);
    expect(parseDuration("1M")).toBe(2_592_000);
    expect(parseDuration("30 days")).toBeUndefined();
    expect(formatDuration(5040)).toBe("1h24m");
    expect(formatDuration(70)).toBe("1m10s");
  });

  it("gives the workbook's table for 30 days and the same budget fractions for 7", () => {
    const short = (seconds: number) =>
      burnWindows(seconds).map((w) => [
        formatDuration(w.longSeconds),
        formatDuration(w.shortSeconds),
        w.burnRate,
      ]);
    expect(short(30 * 86_400)).toEqual([
      ["1h", "5m", 14.4],
      ["6h", "30m", 6],
      ["1d", "2h", 3],
      ["3d", "6h", 1],
    ]);
    expect(short(7 * 86_400)).toEqual([
      ["14m", "1m10s", 14.4],
      ["1h24m", "7m", 6],
      ["5h36m", "28m", 3],
      ["16h48m", "1h24m", 1],
    ]);
    // Rounded windows keep the budget fraction exact through the burn rate: 2% in 1h1m for 31 days.
    const [fast] = burnWindows(31 * 86_400);
    expect(fast!.longSeconds).toBe(3720);
    expect((fast!.burnRate * fast!.longSeconds) / (31 * 86_400)).toBeCloseTo(0.02, 6);
  });

  it("finds the start of the current calendar period", () => {
    const month = {
      kind: "calendar" as const,
      text: "1M",
      seconds: 2_592_000,
      calendar: { startMs: Date.UTC(2024, 0, 1), unit: "M" as const, count: 1 },
    };
    expect(calendarPeriodStart(month, Date.UTC(2024, 2, 15, 10))).toBe(Date.UTC(2024, 2, 1));
    expect(calendarPeriodStart(month, Date.UTC(2024, 2, 1))).toBe(Date.UTC(2024, 2, 1));
    const week = {
      ...month,
      text: "1w",
      calendar: { startMs: Date.UTC(2024, 0, 1), unit: "w" as const, count: 1 },
    };
    // 2024-01-01 is a Monday; 2024-01-17 is the Wednesday of the third week.
    expect(calendarPeriodStart(week, Date.UTC(2024, 0, 17, 12))).toBe(Date.UTC(2024, 0, 15));
  });
});
