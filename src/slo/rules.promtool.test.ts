import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { yamlModule } from "../shared/index.ts";
import { formatRuleFile, BURN_ALERT } from "./rules.ts";
import { readSloSpecs } from "./spec.ts";
import { hasTool } from "./test-helpers.ts";

const FIXTURES = join(import.meta.dirname, "fixtures", "specs");
const spec = (name: string) => ({
  path: join(FIXTURES, name),
  text: readFileSync(join(FIXTURES, name), "utf8"),
});

const dir = mkdtempSync(join(tmpdir(), "debtlens-slo-rules-"));
afterAll(() => {
  if (!process.env.SLO_KEEP) rmSync(dir, { recursive: true, force: true });
});

/**
 * The burn starts after clean traffic as long as the longest window (3 days for 30 days, 16h48m
 * for 7 days), so every window the alerts read lies inside the data and holds only clean
 * minutes before the burn: the error ratio is the hand computation's.
 */
const START_30D = 4320;
const START_7D = 1008;
const PER_MINUTE = 10_000;

/**
 * A good and a bad request counter with 10,000 requests a minute in all; `badPerMinute` of them
 * fail from minute START on. The bad counter starts high so that rate() never extrapolates it to
 * zero: the error ratio over any window inside the data is exactly bad / 10,000 x burning share.
 */
function series(labels: string, start: number, badPerMinute: number, minutes: number) {
  const good = PER_MINUTE - badPerMinute;
  // Both counters start high so that rate() never extrapolates either towards zero.
  const goodAtStart = 1_000_000_000 + PER_MINUTE * start;
  const badAtStart = 1_000_000;
  return [
    {
      series: `http_requests_total{${labels},code="200"}`,
      values: `1000000000+${PER_MINUTE}x${start} ${goodAtStart + good}+${good}x${minutes - 1}`,
    },
    {
      series: `http_requests_total{${labels},code="500"}`,
      values: `${badAtStart}+0x${start} ${badAtStart + badPerMinute}+${badPerMinute}x${minutes - 1}`,
    },
  ];
}

type Priority = "P0" | "P1" | "P2" | "P3";
const WINDOWS_30D: Record<Priority, [string, string, string, string]> = {
  P0: ["page", "1h", "5m", "14.4"],
  P1: ["page", "6h", "30m", "6"],
  P2: ["ticket", "1d", "2h", "3"],
  P3: ["ticket", "3d", "6h", "1"],
};
// burnWindows(7 days): the 30-day windows x 7/30, the same burn rates.
const WINDOWS_7D: Record<Priority, [string, string, string, string]> = {
  P0: ["page", "14m", "1m10s", "14.4"],
  P1: ["page", "1h24m", "7m", "6"],
  P2: ["ticket", "5h36m", "28m", "3"],
  P3: ["ticket", "16h48m", "1h24m", "1"],
};

interface Case {
  name: string;
  badPerMinute: number;
  /** Minutes after the burn starts -> the priorities firing then (computed by hand in the comments). */
  expect: Array<[number, Priority[]]>;
}

/** The annotations promtool wants too: taken from the generated alert of that priority (their text is not under test here). */
function annotationsOf(rules: string, priority: Priority): Record<string, string> {
  const parsed = yamlModule().parse(rules) as {
    groups: Array<{
      rules: Array<{
        alert?: string;
        labels: Record<string, string>;
        annotations: Record<string, string>;
      }>;
    }>;
  };
  const rule = parsed.groups[0]!.rules.find((r) => r.alert && r.labels.priority === priority)!;
  return rule.annotations;
}

function alertTest(
  rules: string,
  sloLabels: Record<string, string>,
  windows: Record<Priority, [string, string, string, string]>,
  start: number,
  c: Case,
  seriesLabels: string,
) {
  const last = Math.max(...c.expect.map(([minute]) => minute));
  return {
    name: c.name,
    interval: "1m",
    input_series: series(seriesLabels, start, c.badPerMinute, last + 1),
    alert_rule_test: c.expect.map(([minute, firing]) => ({
      eval_time: `${start + minute}m`,
      alertname: BURN_ALERT,
      exp_alerts: firing.map((priority) => {
        const [severity, long, short, burn] = windows[priority];
        return {
          exp_labels: {
            ...sloLabels,
            severity,
            priority,
            long_window: long,
            short_window: short,
            burn_rate: burn,
          },
          exp_annotations: annotationsOf(rules, priority),
        };
      }),
    })),
  };
}

/** Runs one promtool test file per case, at the same time (each is a few thousand evaluations). */
async function promtoolTests(name: string, rules: string, tests: unknown[]) {
  const rulesFile = join(dir, `${name}.rules.yml`);
  writeFileSync(rulesFile, rules);
  return Promise.all(
    tests.map((test, i) => {
      const testFile = join(dir, `${name}-${i}.test.yml`);
      writeFileSync(
        testFile,
        yamlModule().stringify({
          rule_files: [rulesFile],
          evaluation_interval: "1m",
          tests: [test],
        }),
      );
      return new Promise<{ status: number | null; output: string }>((done) => {
        const child = spawn("promtool", ["test", "rules", testFile]);
        let output = "";
        child.stdout.on("data", (chunk) => (output += String(chunk)));
        child.stderr.on("data", (chunk) => (output += String(chunk)));
        child.on("close", (status) => done({ status, output }));
      });
    }),
  );
}

describe.skipIf(!hasTool("promtool"))("generated rules under promtool", () => {
  const sloth = formatRuleFile(readSloSpecs([spec("sloth-checkout.yaml")]));
  const openslo = formatRuleFile(readSloSpecs([spec("openslo-orders.yaml")]));

  it("pass promtool check rules", () => {
    for (const [name, text] of [
      ["check-sloth", sloth],
      ["check-openslo", openslo],
      [
        "check-all",
        formatRuleFile(
          readSloSpecs(
            ["sloth-checkout.yaml", "openslo-orders.yaml", "openslo-latency.yaml"].map(spec),
          ),
        ),
      ],
    ] as const) {
      const file = join(dir, `${name}.yml`);
      writeFileSync(file, text);
      const run = spawnSync("promtool", ["check", "rules", file], { encoding: "utf8" });
      expect(run.stdout + run.stderr).toContain("SUCCESS");
      expect(run.status).toBe(0);
    }
  });

  // 99.9% over 30 days: budget 0.001. Error ratio over a window of L minutes, x minutes into a
  // burn of share e, is e x min(x, L) / L. Fast burn e = 2.5% (25x): P0 when 0.025x/60 > 0.0144,
  // x > 34.56 -> 35; P1 0.025x/360 > 0.006, x > 86.4 -> 87; P2 0.025x/1440 > 0.003 and P3
  // 0.025x/4320 > 0.001, x > 172.8 -> 173 (short windows are above their thresholds by then).
  // Slow burn e = 0.65% (6.5x): never P0 (0.0065 < 0.0144); P1 x > 332.3 -> 333; P2 and P3
  // x > 664.6 -> 665. No burn e = 0.05% (0.5x): nothing, ever.
  // Cost: each 30-day case makes promtool evaluate about 4,500 one-minute steps, each reading up
  // to 3 days of samples (about 15 s alone on this machine, 150 s during the whole suite on 2
  // busy cores): hence the long timeout.
  it("fire exactly when the workbook says for a 30-day SLO (fast, slow and no burn)", async () => {
    const labels = {
      team: "payments",
      slo: "checkout-requests-availability",
      service: "checkout",
    };
    const cases: Case[] = [
      {
        name: "30d fast burn",
        badPerMinute: 250,
        expect: [
          [34, []],
          [35, ["P0"]],
          [86, ["P0"]],
          [87, ["P0", "P1"]],
          [172, ["P0", "P1"]],
          [173, ["P0", "P1", "P2", "P3"]],
        ],
      },
      {
        name: "30d slow burn",
        badPerMinute: 65,
        expect: [
          [60, []],
          [332, []],
          [333, ["P1"]],
          [664, ["P1"]],
          [665, ["P1", "P2", "P3"]],
        ],
      },
      {
        name: "30d no burn",
        badPerMinute: 5,
        expect: [
          [5, []],
          [60, []],
          [200, []],
        ],
      },
    ];
    const runs = await promtoolTests(
      "30d",
      sloth,
      cases.map((c) => alertTest(sloth, labels, WINDOWS_30D, START_30D, c, 'job="checkout"')),
    );
    for (const run of runs) {
      expect(run.output).toContain("SUCCESS");
      expect(run.status).toBe(0);
    }
  }, 600_000);

  // 99.9% over 7 days: windows 14m/70s 14.4x, 84m/7m 6x, 336m/28m 3x, 1008m/84m 1x. Fast burn
  // e = 2.5%: P0 0.025x/14 > 0.0144, x > 8.06 -> 9; P1 0.025x/84 > 0.006, x > 20.16 -> 21;
  // P2 0.025x/336 > 0.003 and P3 0.025x/1008 > 0.001, x > 40.32 -> 41. Slow e = 0.65%: P1
  // 0.0065x/84 > 0.006, x > 77.5 -> 78; P2 and P3 x > 155.1 -> 156. No burn: nothing.
  it("fire exactly at the scaled times for a 7-day SLO, labelled with its route", async () => {
    const labels = {
      team: "fulfilment",
      slo: "orders-availability",
      service: "orders",
      route: "/orders/:id",
    };
    const cases: Case[] = [
      {
        name: "7d fast burn",
        badPerMinute: 250,
        expect: [
          [8, []],
          [9, ["P0"]],
          [20, ["P0"]],
          [21, ["P0", "P1"]],
          [40, ["P0", "P1"]],
          [41, ["P0", "P1", "P2", "P3"]],
        ],
      },
      {
        name: "7d slow burn",
        badPerMinute: 65,
        expect: [
          [30, []],
          [77, []],
          [78, ["P1"]],
          [155, ["P1"]],
          [156, ["P1", "P2", "P3"]],
        ],
      },
      {
        name: "7d no burn",
        badPerMinute: 5,
        expect: [
          [10, []],
          [100, []],
          [300, []],
        ],
      },
    ];
    const runs = await promtoolTests(
      "7d",
      openslo,
      cases.map((c) =>
        alertTest(
          openslo,
          labels,
          WINDOWS_7D,
          START_7D,
          c,
          'job="orders",http_route="/orders/:id"',
        ),
      ),
    );
    for (const run of runs) {
      expect(run.output).toContain("SUCCESS");
      expect(run.status).toBe(0);
    }
  }, 300_000);

  it("fail promtool's test when an alert is expected a minute early (the suite can fail)", async () => {
    const labels = {
      team: "fulfilment",
      slo: "orders-availability",
      service: "orders",
      route: "/orders/:id",
    };
    const wrong: Case = {
      name: "7d fast burn, a minute early",
      badPerMinute: 250,
      expect: [[8, ["P0"]]],
    };
    const [run] = await promtoolTests("wrong", openslo, [
      alertTest(
        openslo,
        labels,
        WINDOWS_7D,
        START_7D,
        wrong,
        'job="orders",http_route="/orders/:id"',
      ),
    ]);
    expect(run!.status).not.toBe(0);
  });
});
