import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scope } from "../scopes/index.ts";
import { formatHtml } from "./html.ts";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { withScopes } from "./totals.ts";

/** The HTML page of a report with several scopes, in Debian's chromium (as html.browser.test.ts). */
let browser: Browser;
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "debtlens-scopes-html-"));
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
});

afterAll(async () => {
  await browser?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe("the HTML report's scopes", () => {
  it("shows the headline's total in the register by default, the other scopes apart, and every scope on request", async () => {
    const base = syntheticReport(60);
    const items = base.items.map((i) => ({
      ...i,
      money: { ...i.money, principal: i.money.principal + 0.45 },
    }));
    const scopeOf = (path: string): Scope =>
      /file-\d*[05]\.ts$/.test(path) ? "test" : /file-\d*7\.ts$/.test(path) ? "docs" : "production";
    const report = withScopes({ ...base, items }, scopeOf, ["production"]);
    const counted = report.items.filter((i) => i.scope === "production");
    const path = join(folder, "report.html");
    writeFileSync(path, formatHtml(report));
    const page = await browser.newPage();
    await page.goto(`file://${path}`);
    await page.waitForSelector("html[data-ready=true]");

    const total = page.locator("[data-register-count]");
    expect(Number(await total.getAttribute("data-register-count"))).toBe(counted.length);
    expect(Number(await total.getAttribute("data-register-principal"))).toBe(
      report.summary.principal,
    );
    expect(Number(await total.getAttribute("data-register-interest"))).toBe(
      report.summary.interest,
    );
    expect(await page.locator('[data-other-scopes] [data-scope="test"]').textContent()).toContain(
      `test ${report.summary.byScope!.test!.items} items`,
    );
    await page.selectOption('select[name="scope"]', "*");
    expect(Number(await total.getAttribute("data-register-count"))).toBe(report.items.length);
    await page.selectOption('select[name="scope"]', "docs");
    expect(Number(await total.getAttribute("data-register-principal"))).toBe(
      report.summary.byScope!.docs!.principal,
    );
    await page.close();
  });
});
