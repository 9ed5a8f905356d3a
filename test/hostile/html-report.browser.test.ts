import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/index.ts";
import { configSchema } from "../../src/config/index.ts";
import { formatHtml } from "../../src/report/html.ts";
import type { AuditReport } from "../../src/report/schema.ts";

/**
 * Issue 17: the HTML report of a hostile repository. File names, TODO text, symbols, notes and the
 * root carry script payloads; each payload calls `__pwn(n)` (a function the test exposes) or sets
 * `window.__pwned`. The page is opened in Debian's chromium, every chart is hovered point by point
 * so every tooltip formatter runs, every item's details are opened, and nothing may run: no call,
 * no dialog, no CSP violation (which would mean markup got through and only the CSP stopped it).
 * Then each defence alone: the escaping with the CSP removed, and the CSP against markup injected
 * on purpose.
 */
const CHROMIUM = "/usr/bin/chromium";
// Thousands of pointer moves: seconds on an idle machine, more while other suites share the cores.
const BROWSER_TIMEOUT = 180_000;

// The browser API the in-page callbacks below use: this file is type-checked for Node, without the
// DOM library, so the little it needs is declared here (module scope: nothing leaks elsewhere).
interface PageElement {
  readonly children: Iterable<PageElement>;
  readonly textContent: string | null;
  readonly attributes: Iterable<{ name: string }>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
  contains(other: PageElement): boolean;
  getBoundingClientRect(): { top: number; bottom: number; left: number; right: number };
  dispatchEvent(event: unknown): boolean;
}
declare const window: { __pwned?: unknown; __violations: string[]; __tooltips: string[][] };
declare const document: PageElement & {
  readonly scripts: { length: number };
  elementFromPoint(x: number, y: number): PageElement | null;
  addEventListener(
    type: "securitypolicyviolation",
    listener: (event: { violatedDirective: string; blockedURI: string }) => void,
  ): void;
};
declare const MouseEvent: new (type: string, init: object) => unknown;
declare function requestAnimationFrame(callback: () => void): number;

/** Names of files in the audited repository (no "/" is possible in a file name). */
const HOSTILE_FILES = [
  "<img src=x onerror=__pwn(1)>.ts",
  '"><svg onload=__pwn(2)>.ts',
  "<script>__pwn(3)<script>.ts",
  "javascript:__pwn(4).ts",
  "${__pwn(5)}{a|rich}{b}{c}{@value}.ts",
  "'-__pwn(6)-'<iframe srcdoc=x>.ts",
];
/** TODO text (a marker's message keeps its first 100 characters). */
const HOSTILE_TODOS = [
  "<img src=x onerror=__pwn(11)> <script>__pwn(12)</script>",
  '"><svg onload=__pwn(13)> [click](javascript:__pwn(14))',
  "${__pwn(15)} {a|rich text} {b} {c} `${window.__pwned=16}`",
  "<a href=javascript:__pwn(17)>x</a> <style>*{display:none}</style>",
];
const HOSTILE_SYMBOL = "<img src=x onerror=__pwn(21)>";
const HOSTILE_NOTE = "<svg onload=__pwn(22)>note</svg>";
const HOSTILE_ROOT = "<img src=x onerror=__pwn(23)>repo";

let browser: Browser;
let folder: string;
let report: AuditReport;
let html: string;

/** A module in the import cycle: imports the next hostile file, carries TODOs and some code. */
function hostileModule(i: number): string {
  const next = HOSTILE_FILES[(i + 1) % HOSTILE_FILES.length]!;
  const todo = HOSTILE_TODOS[i % HOSTILE_TODOS.length]!;
  const body = Array.from({ length: 30 }, (_, k) => `  total += input * ${k + 1};`).join("\n");
  return [
    `import { step${(i + 1) % HOSTILE_FILES.length} } from ${JSON.stringify(`./${next}`)};`,
    `// TODO ${todo}`,
    `export function step${i}(input: number): number {`,
    `  let total = 0;`,
    body,
    `  return total > 1000 ? step${(i + 1) % HOSTILE_FILES.length}(input - 1) : total;`,
    `}`,
    "",
  ].join("\n");
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "debtlens-hostile-html-"));
  const root = join(folder, "app");
  cpSync(join(import.meta.dirname, "..", "..", "src", "report", "fixtures", "app"), root, {
    recursive: true,
  });
  HOSTILE_FILES.forEach((name, i) => writeFileSync(join(root, "src", name), hostileModule(i)));
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
  const audited = await runAudit({
    root,
    config: configSchema.parse({ cache: { enabled: false } }),
    offline: true,
  });
  // What no file name can carry: a symbol, a note and a root with markup (a report is data; its
  // strings reach the page the same way whatever produced them).
  report = {
    ...audited,
    root: HOSTILE_ROOT,
    notes: [...audited.notes, { code: "hostile", text: HOSTILE_NOTE }],
    items: audited.items.map((item) => ({ ...item, symbol: HOSTILE_SYMBOL })),
    rules: audited.rules.map((rule, i) =>
      i === 0 ? { ...rule, docs: "javascript:__pwn(24)" } : rule,
    ),
  };
  html = formatHtml(report);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
});

afterAll(async () => {
  await browser?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

interface Watch {
  page: Page;
  /** Payloads that ran: the numbers passed to __pwn, and window.__pwned. */
  ran: () => Promise<unknown[]>;
  dialogs: string[];
  /** Console messages about the Content-Security-Policy, and securitypolicyviolation events. */
  violations: () => Promise<string[]>;
  errors: string[];
}

/** Opens `text` as a file with everything a payload could do watched. */
async function open(name: string, text: string): Promise<Watch> {
  const path = join(folder, name);
  writeFileSync(path, text);
  const context = await browser.newContext({
    offline: true,
    viewport: { width: 1280, height: 1000 },
  });
  const page = await context.newPage();
  const calls: unknown[] = [];
  const dialogs: string[] = [];
  const cspMessages: string[] = [];
  const errors: string[] = [];
  await page.exposeFunction("__pwn", (n: unknown) => void calls.push(n));
  // init scripts are injected by the browser's debugging protocol, outside the page's CSP
  await page.addInitScript(() => {
    window.__violations = [];
    window.__tooltips = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspMessages.push(m.text());
    else if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`file://${path}`);
  return {
    page,
    dialogs,
    errors,
    ran: async () => {
      const pwned = await page.evaluate(() => window.__pwned);
      return pwned === undefined ? [...calls] : [...calls, `window.__pwned=${String(pwned)}`];
    },
    violations: async () => [...cspMessages, ...(await page.evaluate(() => window.__violations))],
  };
}

/**
 * Hovers every chart over a grid of points fine enough to land on each bar, cell, node and
 * rectangle, so each tooltip formatter runs on each data point, then opens every item's details.
 * Returns the tooltips seen. The pointer moves are dispatched in the page, a few thousand of them:
 * one round trip through the debugging protocol per point took minutes. A few real mouse moves
 * come first, so the charts are known to answer real input as well.
 */
// Grid steps in pixels: bars and heatmap cells are large; the treemap's smallest hostile file is
// some 30 pixels a side; the module graph's nodes are 12 pixels across (a step of 8 always lands
// within 6 pixels of a centre).
const STEP: Record<string, number> = {
  "debt by category": 24,
  "scoring matrix": 16,
  "hotspot map": 14,
  "module graph": 8,
};

async function exercise(page: Page): Promise<string[][]> {
  await page.waitForSelector("html[data-ready=true]");
  const charts = await page
    .locator("[data-chart]")
    .evaluateAll((elements) => elements.map((e) => e.getAttribute("data-chart")!));
  expect(charts).toEqual(["debt by category", "scoring matrix", "hotspot map", "module graph"]);
  for (const label of charts) {
    const chart = page.locator(`[data-chart="${label}"]`);
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    for (let k = 1; k < 4; k += 1)
      await page.mouse.move(box.x + (box.width * k) / 4, box.y + box.height / 2, { steps: 3 });
    await chart.evaluate(async (element, step) => {
      const seen = window.__tooltips;
      const keys = new Set(seen.map((s) => s.join("\n")));
      const label = element.getAttribute("data-chart")!;
      let last: PageElement | null = null;
      const record = () => {
        const tip = element.querySelector(".tip");
        if (!tip || tip === last) return;
        last = tip;
        const key = [label, ...[...tip.children].map((c) => c.textContent ?? "")];
        if (!keys.has(key.join("\n"))) {
          keys.add(key.join("\n"));
          seen.push(key);
        }
      };
      const rect = element.getBoundingClientRect();
      for (let y = rect.top + 2; y < rect.bottom; y += step) {
        for (let x = rect.left + 2; x < rect.right; x += step) {
          const target = document.elementFromPoint(x, y);
          if (!target || !element.contains(target)) continue;
          target.dispatchEvent(
            new MouseEvent("mousemove", { clientX: x, clientY: y, bubbles: true, view: window }),
          );
          record();
        }
        await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
        record();
      }
    }, STEP[label] ?? 8);
    await page.mouse.move(0, 0);
  }
  const details = page.locator("button[data-details]");
  const count = await details.count();
  for (let i = 0; i < count; i += 1) {
    await details.nth(i).click();
    await expect.poll(() => page.locator("tr.details").count()).toBe(1);
  }
  return page.evaluate(() => window.__tooltips);
}

/** What must hold on any page built from the hostile report: nothing ran and nothing was injected. */
async function expectInert(watch: Watch): Promise<void> {
  expect(await watch.ran()).toEqual([]);
  expect(watch.dialogs).toEqual([]);
  const injected = await watch.page.evaluate(() => ({
    scripts: document.scripts.length,
    imgs: document.querySelectorAll("img").length,
    svgs: document.querySelectorAll("svg").length,
    iframes: document.querySelectorAll("iframe").length,
    styles: document.querySelectorAll("style").length,
    handlers: [...document.querySelectorAll("*")]
      .flatMap((e) => [...e.attributes].map((a) => a.name))
      .filter((name) => name.startsWith("on")),
    hrefs: [...document.querySelectorAll("a[href]")]
      .map((a) => a.getAttribute("href")!)
      .filter((href) => !/^(https?:|#)/.test(href)),
  }));
  expect(injected).toEqual({
    scripts: 2,
    imgs: 0,
    svgs: 0,
    iframes: 0,
    styles: 1,
    handlers: [],
    hrefs: [],
  });
}

describe("the HTML report of a hostile repository", () => {
  it("finds the hostile files and TODOs (the payloads really reach the page's data)", () => {
    const paths = new Set(report.files.map((f) => f.path));
    for (const name of HOSTILE_FILES) expect(paths, name).toContain(`src/${name}`);
    const cycle = report.graph?.cycles[0]?.files ?? [];
    expect(cycle).toEqual(expect.arrayContaining(HOSTILE_FILES.map((n) => `src/${n}`)));
    const messages = report.items.map((i) => i.message).join("\n");
    for (const todo of HOSTILE_TODOS) expect(messages).toContain(todo.slice(0, 40));
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<svg onload");
  });

  it("has a CSP that allows its one script by hash and no inline script or handler", () => {
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    expect(meta).not.toBeNull();
    const directives = new Map(
      meta![1]!.split(";").map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values] as const;
      }),
    );
    expect(directives.get("default-src")).toEqual(["'none'"]);
    const scriptSrc = directives.get("script-src")!;
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(directives.get("base-uri")).toEqual(["'none'"]);
    // the hash is the SHA-256 of the inline script exactly as the page holds it
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    const hash = createHash("sha256").update(scripts[0]!, "utf8").digest("base64");
    expect(scriptSrc).toEqual([`'sha256-${hash}'`]);
  });

  it(
    "runs nothing while every chart is hovered and every item opened, and shows the names as text",
    async () => {
      const watch = await open("hostile.html", html);
      const { page } = watch;
      const tooltips = await exercise(page);

      // every chart's tooltip formatter ran, and each hostile file's name came out as it is written
      const byChart = (label: string) => tooltips.filter((t) => t[0] === label).map((t) => t[1]);
      expect(byChart("debt by category").length).toBeGreaterThan(0);
      expect(byChart("scoring matrix").length).toBeGreaterThan(0);
      for (const name of HOSTILE_FILES) {
        expect(byChart("hotspot map"), name).toContain(`src/${name}`);
        expect(byChart("module graph"), name).toContain(`src/${name}`);
      }

      // the register, the details, the header and the notes show the payloads as text
      expect(await page.locator("h1 .root").textContent()).toBe(HOSTILE_ROOT);
      expect(await page.title()).toBe(`debtlens · ${HOSTILE_ROOT}`);
      expect(await page.locator(".notes li").last().textContent()).toBe(HOSTILE_NOTE);
      const whereCells = await page.locator("td.where").allTextContents();
      for (const name of HOSTILE_FILES)
        expect(
          whereCells.some((w) => w.startsWith(`src/${name}`)),
          name,
        ).toBe(true);
      const rowText = (await page.locator("table.register tbody").textContent()) ?? "";
      for (const todo of HOSTILE_TODOS) expect(rowText).toContain(todo.slice(0, 40));
      await page.locator("button[data-details]").first().click();
      expect(await page.locator("tr.details .symbol").textContent()).toBe(HOSTILE_SYMBOL);
      const firstItem = report.items[0]!;
      expect(await page.locator("tr.details .message").textContent()).toBe(firstItem.message);
      // the rule whose docs path was javascript: links under the docs base instead
      const ruleLinks = await page.locator("a.rule").evaluateAll((as) => as.map((a) => a.href));
      expect(ruleLinks.every((href) => href.startsWith("https://"))).toBe(true);

      await expectInert(watch);
      expect(await watch.violations()).toEqual([]);
      expect(watch.errors).toEqual([]);
      await page.context().close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "escaping alone keeps it inert: the same page without its CSP runs nothing either",
    async () => {
      const withoutCsp = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, "");
      expect(withoutCsp).not.toContain("Content-Security-Policy");
      const watch = await open("hostile-no-csp.html", withoutCsp);
      await exercise(watch.page);
      await expectInert(watch);
      expect(watch.errors).toEqual([]);
      await watch.page.context().close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "draws the page when the report's currency is not one Intl knows (it used to stay blank)",
    async () => {
      const odd = formatHtml({
        ...report,
        scoring: { ...report.scoring, currency: "<b>EURO</b>" },
      });
      const watch = await open("odd-currency.html", odd);
      await watch.page.waitForSelector("html[data-ready=true]");
      expect(await watch.page.locator('[data-figure="principal"]').textContent()).toMatch(
        /^¤[\d,]+$/,
      );
      expect(await watch.page.locator("table.register tbody tr").count()).toBe(report.items.length);
      expect(watch.errors).toEqual([]);
      await watch.page.context().close();
    },
    BROWSER_TIMEOUT,
  );

  it(
    "the CSP alone stops markup that slipped through: handlers, scripts and javascript: links",
    async () => {
      // a near miss the other way round: the same markup in a page without the CSP does run
      const injection =
        '<img src=x onerror="__pwn(101)"><script>__pwn(102)</script>' +
        '<a id="js" href="javascript:__pwn(103)">x</a><svg onload="__pwn(104)"></svg>';
      const injected = html.replace("<body>", `<body>${injection}`);
      const blocked = await open("injected.html", injected);
      await blocked.page.waitForSelector("html[data-ready=true]");
      await blocked.page.click("#js");
      await blocked.page.waitForTimeout(200);
      expect(await blocked.ran()).toEqual([]);
      const violations = await blocked.violations();
      expect(violations.length).toBeGreaterThanOrEqual(3);
      expect(violations.join("\n")).toMatch(/script-src/);
      await blocked.page.context().close();

      const open_ = await open(
        "injected-no-csp.html",
        injected.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, ""),
      );
      await open_.page.waitForSelector("html[data-ready=true]");
      await open_.page.click("#js");
      await expect.poll(async () => (await open_.ran()).length).toBe(4);
      await open_.page.context().close();
    },
    BROWSER_TIMEOUT,
  );
});
