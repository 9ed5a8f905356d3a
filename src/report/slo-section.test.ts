import { describe, expect, it } from "vitest";
import type { AuditReport } from "./schema.ts";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { viewModelOf } from "./view-model.ts";

type SloRow = NonNullable<AuditReport["slos"]>[number];

/** One SLO row as `debtlens slo debt` writes it; the fields a test cares about are overridden. */
function sloRow(overrides: Partial<SloRow> = {}): SloRow {
  return {
    slo: "checkout-availability",
    service: "checkout",
    objective: 0.999,
    window: "30d",
    at: "2026-12-01T00:00:00.000Z",
    sli: 0.9995,
    budgetRemaining: 0.5,
    burnRate: 0.5,
    budgetMinutes: 43.2,
    burnedMinutes: 21.6,
    burnRates: [
      { window: "1h", burnRate: 2 },
      { window: "6h", burnRate: 0.8 },
    ],
    ...overrides,
  };
}

describe("the view model's SLO section", () => {
  it("says why it is absent when the report has no SLOs, or an empty list", () => {
    for (const slos of [undefined, []]) {
      const data = viewModelOf(syntheticReport(1, slos ? { slos } : {}));
      expect(data.slos).toEqual({
        available: false,
        reason: expect.stringContaining("debtlens slo debt"),
      });
    }
  });

  it("keeps each SLO and route row in order, with nulls for missing data and no extra fields", () => {
    const rows = [
      sloRow(),
      sloRow({
        slo: "api-latency",
        service: "api",
        route: "GET /orders",
        objective: 0.99,
        sli: 0.97,
        budgetRemaining: -2,
        burnRate: 3,
        burnRates: [{ window: "1h", burnRate: null }],
        item: "f0000000000000abc",
      }),
      sloRow({ slo: "quiet", sli: null, budgetRemaining: null, burnRate: null, burnRates: [] }),
    ];
    const data = viewModelOf(syntheticReport(1, { slos: rows }));
    expect(data.slos).toEqual({
      available: true,
      slos: [
        {
          slo: "checkout-availability",
          service: "checkout",
          objective: 0.999,
          window: "30d",
          sli: 0.9995,
          budgetRemaining: 0.5,
          burnRates: [
            { window: "1h", burnRate: 2 },
            { window: "6h", burnRate: 0.8 },
          ],
        },
        {
          slo: "api-latency",
          service: "api",
          route: "GET /orders",
          objective: 0.99,
          window: "30d",
          sli: 0.97,
          budgetRemaining: -2,
          burnRates: [{ window: "1h", burnRate: null }],
          item: "f0000000000000abc",
        },
        {
          slo: "quiet",
          service: "checkout",
          objective: 0.999,
          window: "30d",
          sli: null,
          budgetRemaining: null,
          burnRates: [],
        },
      ],
    });
  });
});
