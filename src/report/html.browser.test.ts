import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../audit/index.ts";
import { configSchema } from "../config/index.ts";
import { formatHtml } from "./html.ts";
import type { AuditReport } from "./schema.ts";

/**
 * The HTML report in a real browser: Debian's chromium (installed by .ci/run), opened from a
 * file:// URL with the network cut off, as someone opens a report they were sent.
 */
const CHROMIUM = "/usr/bin/chromium";
// The docs' screenshot is refreshed on request (UPDATE_SCREENSHOT=1 npm test), so that a test
// run leaves the work tree clean; otherwise the screenshot goes to a temporary folder.
const SCREENSHOT = process.env.UPDATE_SCREENSHOT
  ? join(import.meta.dirname, "..", "..", "docs", "images", "html-report.png")
  : join(tmpdir(), `debtlens-html-report-${process.pid}.png`);

let browser: Browser;
let folder: string;
let report: AuditReport;
let htmlPath: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "debtlens-html-"));
  const root = join(folder, "app");
  cpSync(join(import.meta.dirname, "fixtures", "app"), root, { recursive: true });
  // a git repository of its own, so that the report has history (the hotspot map) as well as the graph
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: root,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@example.com",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@example.com",
      },
    });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-qm", "fixture");
  report = await runAudit({
    root,
    config: configSchema.parse({ cache: { enabled: false } }),
    offline: true,
  });
  htmlPath = join(folder, "report.html");
  writeFileSync(htmlPath, formatHtml(report));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
});

afterAll(async () => {
  await browser?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** How many distinct colours a canvas has: a blank canvas has one (or none). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: "2d"): {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  } | null;
}
const canvasColours = (canvas: CanvasLike) => {
  const context = canvas.getContext("2d")!;
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  const colours = new Set<number>();
  for (let i = 0; i < data.length && colours.size < 50; i += 16)
    colours.add((data[i]! << 24) | (data[i + 1]! << 16) | (data[i + 2]! << 8) | data[i + 3]!);
  return colours.size;
};

describe("the HTML report in headless Chromium", () => {
  it("opens offline, draws every chart, filters the register and is screenshotted for the docs", async () => {
    expect(report.history, "the fixture has git history").toBeDefined();
    expect(report.graph?.cycles.length, "the fixture has an import cycle").toBe(1);
    const context = await browser.newContext({
      offline: true,
      viewport: { width: 1280, height: 1000 },
    });
    const requests: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`${String(e)} ${e.stack ?? ""}`.slice(0, 600)));
    page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
    await page.goto(`file://${htmlPath}`);
    await page.waitForSelector("html[data-ready=true]");

    // every chart the data allows, and each one drew something
    const charts = await page
      .locator("[data-chart]")
      .evaluateAll((elements) => elements.map((e) => e.getAttribute("data-chart")));
    expect(charts).toEqual(["debt by category", "scoring matrix", "hotspot map", "module graph"]);
    for (const label of charts) {
      const colours = await page
        .locator(`[data-chart="${label}"] canvas`)
        .first()
        .evaluate(canvasColours as unknown as (element: unknown) => number);
      expect(colours, `${label} is not blank`).toBeGreaterThan(3);
    }
    expect(await page.locator("[data-absent]").count()).toBe(0);

    // headline and scorecard
    await expect.poll(() => page.locator('[data-figure="principal"]').textContent()).toContain("$");
    expect(await page.locator('[data-check="no-import-cycles"]').getAttribute("class")).toContain(
      "status-fail",
    );

    // the register: every item, then filtered by rule, by path, and sorted
    const rows = page.locator("table.register tbody tr");
    expect(await rows.count()).toBe(report.items.length);
    // the location column keeps room for a file name: squeezed by long messages it used to break
    // a path after every character
    const whereWidths = await page
      .locator("table.register td.where")
      .evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().width));
    expect(Math.min(...whereWidths)).toBeGreaterThan(120);
    await page.selectOption('select[name="rule"]', "quality/complex-function");
    const complex = report.items.filter((i) => i.rule === "quality/complex-function");
    expect(await rows.count()).toBe(complex.length);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-rule")))).toEqual(
      complex.map(() => "quality/complex-function"),
    );
    await page.selectOption('select[name="rule"]', "");
    await page.fill('input[name="path"]', "orders/");
    const inOrders = report.items.filter((i) => i.path?.includes("orders/"));
    expect(inOrders.length).toBeGreaterThan(0);
    expect(
      new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-item")))),
    ).toEqual(new Set(inOrders.map((i) => i.id)));
    await page.fill('input[name="path"]', "");
    await page.click('button[data-sort="pr"]');
    const byPrincipal = [...report.items].sort((a, b) => b.money.principal - a.money.principal);
    expect(await rows.first().getAttribute("data-item")).toBe(byPrincipal[0]!.id);

    // the scorecard's failing check shows the items behind it
    await page.click('[data-check="no-import-cycles"] button');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-rule")))).toEqual([
      "architecture/import-cycle",
    ]);
    await page.click("button.chip");

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  });

  it("says why instead of drawing when history and the graph are absent", async () => {
    const bare = { ...report, history: undefined, graph: undefined };
    const path = join(folder, "bare.html");
    writeFileSync(path, formatHtml(bare as AuditReport));
    const page = await browser.newPage();
    await page.goto(`file://${path}`);
    await page.waitForSelector("html[data-ready=true]");
    expect(await page.locator('[data-absent="hotspots"]').textContent()).toContain(
      "No git history",
    );
    expect(await page.locator('[data-absent="graph"]').textContent()).toContain("No module graph");
    expect(await page.locator("[data-chart]").count()).toBe(2);
    await page.close();
  });

  it("draws the project's trend when the page is made from the store's snapshots", async () => {
    const trend = [0, 1, 2].map((n) => ({
      date: `2026-0${n + 1}-01T00:00:00.000Z`,
      commit: `c${n}`,
      items: 10 + n,
      principal: 1000 * (n + 1),
      interest: 300 * (n + 1),
      debtRatio: 0.05 + n / 100,
    }));
    const path = join(folder, "trend.html");
    writeFileSync(path, formatHtml(report, { trend }));
    const page = await browser.newPage();
    await page.goto(`file://${path}`);
    await page.waitForSelector("html[data-ready=true]");
    expect(await page.locator("#trend h2").textContent()).toBe("Trend over 3 snapshots");
    const colours = await page
      .locator('[data-chart="trend"] canvas')
      .first()
      .evaluate(canvasColours as unknown as (element: unknown) => number);
    expect(colours).toBeGreaterThan(3);
    // without a trend there is no such section
    expect(await page.locator('a[href="#trend"]').count()).toBe(1);
    await page.close();
  });
});
