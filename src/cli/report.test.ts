import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test/support/cli.ts";

const fixture = join(import.meta.dirname, "..", "audit", "fixtures", "shop");

const run = (args: string[]) => runCli(args);

describe("debtlens report (a stored snapshot, with the project's trend)", () => {
  let work: string;
  let store: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "debtlens-report-cli-"));
    store = join(work, "store");
    const shop = join(work, "shop");
    cpSync(fixture, shop, { recursive: true });
    const save = (n: number) =>
      run([
        "audit",
        shop,
        "--offline",
        "--save",
        "--store",
        store,
        "-o",
        join(work, `audit-${n}.json`),
      ]);
    expect((await save(1)).code).toBe(0);
    rmSync(join(shop, "src", "users"), { recursive: true });
    expect((await save(2)).code).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("writes the latest snapshot's page with a trend of every snapshot", async () => {
    const html = join(work, "report.html");
    const result = await run(["report", "--store", store, "--project", "shop", "-o", html]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/wrote html report to .*report\.html/);
    const page = readFileSync(html, "utf8");
    const model = JSON.parse(
      /<script type="application\/json" id="debtlens-data">([^<]*)</.exec(page)![1]!,
    ) as {
      trend: Array<{ items: number }>;
    };
    const latest = JSON.parse(readFileSync(join(work, "audit-2.json"), "utf8"));
    const first = JSON.parse(readFileSync(join(work, "audit-1.json"), "utf8"));
    expect(model.trend.map((p) => p.items)).toEqual([first.summary.items, latest.summary.items]);
  });

  it("gives an earlier snapshot exactly as it was saved, in any format", async () => {
    const result = await run([
      "report",
      "--store",
      store,
      "--project",
      "shop",
      "--snapshot",
      "1",
      "-f",
      "json",
    ]);
    expect(result.code).toBe(0);
    const first = JSON.parse(readFileSync(join(work, "audit-1.json"), "utf8"));
    expect(JSON.parse(result.stdout).items.map((i: { id: string }) => i.id)).toEqual(
      first.items.map((i: { id: string }) => i.id),
    );
  });

  it("names an unknown snapshot in one line", async () => {
    const result = await run(["report", "--store", store, "--project", "shop", "--snapshot", "99"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("debtlens: project shop has no snapshot 99\n");
  });
});
