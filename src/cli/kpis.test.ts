import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test/support/cli.ts";

const fixture = join(import.meta.dirname, "..", "audit", "fixtures", "shop");

const run = (args: string[]) => runCli(args);

describe("debtlens kpis", () => {
  let work: string;
  let shop: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "debtlens-kpis-cli-"));
    shop = join(work, "shop");
    cpSync(fixture, shop, { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("reads the trend of every stored snapshot, with targets from the configuration", async () => {
    const store = join(work, "store");
    const save = () =>
      run(["audit", shop, "--offline", "--save", "--store", store, "-o", join(work, "r.json")]);
    expect((await save()).code).toBe(0);
    rmSync(join(shop, "src", "users"), { recursive: true }); // its items are fixed by the next audit
    expect((await save()).code).toBe(0);

    const result = await run(["kpis", shop, "--store", store, "--project", "shop", "-f", "json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const kpis = JSON.parse(result.stdout) as {
      snapshots: number;
      kpis: Array<{ id: string; value: number | null; points: unknown[]; met: boolean | null }>;
      delivery?: unknown;
    };
    expect(kpis.snapshots).toBe(2);
    const byId = new Map(kpis.kpis.map((k) => [k.id, k]));
    expect(byId.get("debtRatio")!.points).toHaveLength(2);
    expect(byId.get("debtFixShare")).toMatchObject({ value: 1 });
    expect(kpis.delivery, "not a git repository: no delivery figures").toBeUndefined();
  });

  it("a bad --since is a usage error naming the flag", async () => {
    const result = await run(["kpis", shop, "--report", join(work, "r.json"), "--since", "soon"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^debtlens: .*--since/);
  });
});
