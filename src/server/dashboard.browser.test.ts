import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test/support/cli.ts";
import { openStore } from "../store/index.ts";
import { addUser, createToken } from "./access.ts";
import { startServer, type RunningServer } from "./serve.ts";

/**
 * The dashboard in Debian's chromium against a real `debtlens serve` on loopback (PGlite): sign
 * in, a CI upload through an API token with `audit --upload`, a triage decision, the trend gaining
 * a point, sign out. No request may leave the machine.
 */
const CHROMIUM = "/usr/bin/chromium";
const PASSWORD = "a long enough password for the test";
const fixture = join(import.meta.dirname, "..", "audit", "fixtures", "shop");

const cli = (args: string[]) => runCli(args);

describe("the dashboard (debtlens serve, chromium)", () => {
  let work: string;
  let shop: string;
  let token: string;
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "debtlens-dashboard-"));
    shop = join(work, "shop");
    cpSync(fixture, shop, { recursive: true });
    // a dear hour, so that repaying the shop's few items is an investment the CTO must approve
    writeFileSync(join(shop, "debtlens.config.json"), '{ "scoring": { "hourlyCost": 1500 } }\n');
    const location = { kind: "folder" as const, path: join(work, "store") };
    const store = await openStore(location);
    await addUser(store, { email: "manager@acme.test", password: PASSWORD, role: "manager" });
    await addUser(store, { email: "cto@acme.test", password: PASSWORD, role: "cto" });
    token = (await createToken(store, "shop", "default")).token;
    await store.close();
    server = await startServer({ location, host: "127.0.0.1", port: 0, logger: false });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const upload = async () => {
    const result = await cli([
      "audit",
      shop,
      "--offline",
      "--no-history",
      "-o",
      join(work, "report.json"),
      "--upload",
      server.url,
      "--token",
      token,
    ]);
    expect(result.stderr).toMatch(/uploaded snapshot \d+/);
    expect(result.code).toBe(0);
  };
  const ready = (page: Page) => page.waitForSelector("html[data-ready=true]");

  it("signs in, shows an upload, records a triage decision, gains a trend point, signs out", async () => {
    await upload();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const elsewhere: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url)) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));

    await page.goto(server.url);
    await ready(page);
    await page.fill('input[name="email"]', "manager@acme.test");
    await page.fill('input[name="password"]', "not the password");
    await page.click('button[type="submit"]');
    await expect.poll(() => page.locator('[role="alert"]').textContent()).toContain("wrong");
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');

    // the organisation's overview, then the project by its deep link
    await page.waitForSelector('[data-page="overview"] tr[data-project="shop"]');
    await page.click('tr[data-project="shop"] a');
    await page.waitForSelector('[data-page="project"] table.register tbody tr');
    expect(page.url()).toMatch(/#\/projects\/shop$/);
    expect(await page.locator("[data-trend-points]").getAttribute("data-trend-points")).toBe("1");
    expect(await page.locator('[data-chart="interest by category"] canvas').count()).toBe(1);
    // the latest snapshot's scorecard, categories and module graph, drawn by the report's components
    await page.waitForSelector('[data-section="view"] #readiness [data-step]');
    // the KPIs over the stored snapshots, each against its target
    await page.waitForSelector('[data-section="kpis"] tr[data-kpi="debtRatio"]');
    expect(
      await page.locator('[data-section="view"] [data-chart="debt by category"]').count(),
    ).toBe(1);
    const rows = page.locator("table.register tbody tr");
    const count = await rows.count();
    expect(count).toBeGreaterThan(0);

    // triage the first item: its state is saved, and the item's page shows the decision
    const first = rows.first();
    const id = (await first.getAttribute("data-item"))!;
    await first.locator('select[aria-label="state"]').selectOption("planned");
    await page.waitForSelector(`tr[data-item="${id}"][data-state="planned"]`);
    await page.reload();
    await page.waitForSelector(`tr[data-item="${id}"][data-state="planned"]`);
    // a filter lives in the URL
    await page.selectOption('select[name="state"]', "planned");
    await expect.poll(() => page.url()).toContain("state=planned");
    await expect.poll(() => rows.count()).toBe(1);
    await page.click(`tr[data-item="${id}"] a`);
    await page.waitForSelector('[data-page="item"] [data-table="state-changes"] tbody tr');
    // how its figures were computed, as debtlens explain words them
    expect(await page.locator('[data-section="explain"] pre').textContent()).toMatch(/principal/i);
    expect(await page.locator('[data-field="state"]').textContent()).toBe("planned");
    expect(
      await page.locator('[data-table="state-changes"] tbody tr').last().textContent(),
    ).toContain("manager@acme.test");

    // CI uploads another snapshot: the project's trend gains a point
    rmSync(join(shop, "src", "users"), { recursive: true });
    await upload();
    await page.goto(`${server.url}/#/projects/shop`);
    await expect
      .poll(() => page.locator("[data-trend-points]").getAttribute("data-trend-points"))
      .toBe("2");
    // two snapshots, the second fixing the users module's items: a trend on the KPI page
    await expect
      .poll(() => page.locator('[data-kpi="debtRatio"] td').last().textContent())
      .toMatch(/^(better|worse|flat) \(was /);

    // sign out: the session is gone on the server too
    await page.click("button.signout");
    await page.waitForSelector('[data-page="login"]');
    const status = await page.evaluate(async () => (await fetch("/api/v1/session")).status);
    expect(status).toBe(401);

    expect(errors).toEqual([]);
    expect(elsewhere).toEqual([]);
    await context.close();
  }, 300_000);

  const signIn = async (page: Page, email: string) => {
    await page.goto(server.url);
    await ready(page);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForSelector("button.signout");
  };

  it("a manager proposes a plan over 50,000, the CTO sees it waiting and approves it: its items are planned", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));

    await signIn(page, "manager@acme.test");
    await page.goto(`${server.url}/#/projects/shop`);
    await page.waitForSelector("table.register tbody tr");
    await page.check('input[aria-label="select every item shown"]');
    await page.fill('input[name="plan-title"]', "Repay the shop's debt");
    await page.click('[data-section="plans"] button[type="submit"]');
    const proposed = page.locator('[data-section="plans"] tr[data-plan-state="pending"]');
    await proposed.waitFor();
    const cells = await proposed.locator("td").allTextContents();
    expect(Number(cells[3]!.replace(/[^\d.]/g, ""))).toBeGreaterThan(50_000);
    expect(cells[5]).toBe("cto");
    // the author may not approve it: the server says why
    await proposed.locator('button[data-decide="approve"]').click();
    await expect
      .poll(() => page.locator('[data-section="plans"] [role="alert"]').textContent())
      .toContain("plan they created");
    await page.click("button.signout");
    await page.waitForSelector('[data-page="login"]');

    await signIn(page, "cto@acme.test");
    const waiting = page.locator('[data-section="awaiting"] tr[data-plan]');
    await waiting.waitFor();
    expect(await waiting.locator("td").first().textContent()).toBe("Repay the shop's debt");
    await waiting.locator('button[data-decide="approve"]').click();
    await page.waitForSelector('[data-section="awaiting"]', { state: "detached" });

    await page.goto(`${server.url}/#/projects/shop?state=planned`);
    await page.waitForSelector('[data-section="plans"] tr[data-plan-state="approved"]');
    const states = await page
      .locator("table.register tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-state")));
    expect(states.length).toBeGreaterThan(1);
    expect(new Set(states)).toEqual(new Set(["planned"]));
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it("serves the page from this origin under the server's content security policy", async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(await response.text()).toContain('<script src="/assets/debtlens-dashboard.js">');
  });
});
