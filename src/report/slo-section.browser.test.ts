import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatHtml } from "./html.ts";
import type { AuditReport } from "./schema.ts";
import { syntheticReport } from "../../test/support/synthetic.ts";

/**
 * The HTML report's SLO section in Debian's chromium, opened offline from a file:// URL. The SLO
 * names are hostile, as everything in a report is: they must show as text and run nothing.
 */
const CHROMIUM = "/usr/bin/chromium";
const HOSTILE = "<img src=x onerror=window.__pwned=1>";
const TEMPLATE = "{b} {c} {@x}";

type SloRow = NonNullable<AuditReport["slos"]>[number];
const row = (overrides: Partial<SloRow>): SloRow => ({
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
});

const SLOS: SloRow[] = [
  row({ slo: HOSTILE, service: `<script>window.__pwned=2</script>` }),
  row({
    slo: TEMPLATE,
    service: "api",
    route: "GET /orders/<b>x</b>",
    objective: 0.99,
    sli: 0.97,
    budgetRemaining: -2,
    burnRate: 3,
    burnRates: [{ window: "1h", burnRate: 3 }],
  }),
];

let browser: Browser;
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "debtlens-slo-html-"));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
});

afterAll(async () => {
  await browser?.close();
  rmSync(folder, { recursive: true, force: true });
});

async function open(report: AuditReport, name: string) {
  const path = join(folder, name);
  writeFileSync(path, formatHtml(report));
  const context = await browser.newContext({
    offline: true,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
  await page.goto(`file://${path}`);
  await page.waitForSelector("html[data-ready=true]");
  return { page, errors, close: () => context.close() };
}

describe("the HTML report's SLO section in headless Chromium", () => {
  it("shows each SLO's name as text, draws the budget chart, marks an overspent budget and runs nothing", async () => {
    const { page, errors, close } = await open(syntheticReport(3, { slos: SLOS }), "slos.html");
    const section = page.locator("section#slos");
    expect(await section.count()).toBe(1);
    expect(await page.locator('nav a[href="#slos"]').count()).toBe(1);

    const rows = section.locator("tbody tr");
    expect(await rows.count()).toBe(2);
    const firstCells = await rows.evaluateAll((trs) =>
      trs.map(
        (tr) => (tr as unknown as { cells: Array<{ textContent: string }> }).cells[0]!.textContent,
      ),
    );
    expect(firstCells).toEqual([HOSTILE, `${TEMPLATE} GET /orders/<b>x</b>`]);
    expect(await rows.nth(0).locator("td").nth(1).textContent()).toBe(
      "<script>window.__pwned=2</script>",
    );
    // the objective, SLI, budget and burn rates as the reader reads them
    expect(await rows.nth(1).locator("td").allTextContents()).toEqual([
      `${TEMPLATE} GET /orders/<b>x</b>`,
      "api",
      "99% / 30d",
      "97%",
      "-200%",
      "3.00×",
      "no data",
    ]);
    expect(await section.locator("[data-overspent]").count()).toBe(1);
    expect(await rows.nth(1).locator("[data-overspent]").count()).toBe(1);

    // the chart: a canvas inside the section that drew something (red, green and the axes)
    const canvas = section.locator('[data-chart="slo budgets"] canvas');
    expect(await canvas.count()).toBe(1);
    const colours = await canvas.evaluate((element) => {
      const c = element as unknown as {
        width: number;
        height: number;
        getContext(kind: "2d"): { getImageData(...a: number[]): { data: Uint8ClampedArray } };
      };
      const { data } = c.getContext("2d")!.getImageData(0, 0, c.width, c.height);
      const seen = new Set<number>();
      for (let i = 0; i < data.length && seen.size < 50; i += 16)
        seen.add((data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!);
      return seen.size;
    });
    expect(colours).toBeGreaterThan(3);

    // the hostile strings made no element and ran no script, even with the tooltip open
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 4, { steps: 3 });
    // the first SLO's bar is on top (the chart reads in table order), the second below it
    await expect.poll(() => page.locator(".tip-title").allTextContents()).toEqual([HOSTILE]);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.65, { steps: 3 });
    await expect
      .poll(() => page.locator(".tip-title").allTextContents())
      .toEqual([`${TEMPLATE} GET /orders/<b>x</b>`]);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(
      await page.locator("section#slos img, section#slos script, section#slos b").count(),
    ).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });

  it("has no SLO section, chart or nav link when the report has no SLOs", async () => {
    const { page, errors, close } = await open(syntheticReport(3), "no-slos.html");
    expect(await page.locator("section#slos").count()).toBe(0);
    expect(await page.locator('nav a[href="#slos"]').count()).toBe(0);
    expect(await page.locator('[data-chart="slo budgets"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });
});
