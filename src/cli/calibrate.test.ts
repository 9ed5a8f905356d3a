import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitRepo } from "../history/test/git-repo.ts";
import { runCli } from "../../test/support/cli.ts";

async function calibrate(...args: string[]) {
  const { code, stdout, stderr } = await runCli(["calibrate", ...args]);
  return { code, out: stdout, err: stderr };
}

const ann = { name: "Ann", email: "ann@example.com" };
const bot = { name: "dependabot[bot]", email: "49699333+dependabot[bot]@users.noreply.github.com" };
const repo = new GitRepo();

beforeAll(() => {
  // Ann commits in 23 distinct weeks of the year before the newest commit: half an engineer.
  for (let week = 0; week < 23; week++) {
    const date = new Date(Date.UTC(2025, 0, 6 + 7 * week, 10)).toISOString();
    repo.commit(ann, date, { "src/a.ts": `export const a = ${week};\n` });
    repo.commit(bot, date, { "package.json": `{"version": "1.0.${week}"}\n` });
  }
});
afterAll(() => repo.remove());

describe("debtlens calibrate", () => {
  it("prints the team measured from history, bots left out, and the default figures", async () => {
    const { code, out } = await calibrate(repo.dir);
    expect(code).toBe(0);
    expect(out).toContain(
      "  team               0.5 full-time engineers  [measured: 1 authors committed in",
    );
    expect(out).toContain("(1 bots left out)");
    expect(out).toContain("  team hours         700 a year");
    expect(out).toContain("  team cost          63,000 USD a year  [team hours x hourly cost]");
    expect(out).toContain("  incident cost      20,000 USD  [default (scoring.incidentCost)]");
  });

  it("writes the given figures into debtlens.config.json, and the next run reads them", async () => {
    const written = await calibrate(
      repo.dir,
      "--hourly-cost",
      "120",
      "--incident-cost",
      "50000",
      "--team-size",
      "measured",
      "--write",
    );
    expect(written.code).toBe(0);
    const config = JSON.parse(readFileSync(join(repo.dir, "debtlens.config.json"), "utf8"));
    expect(config).toEqual({
      scoring: { hourlyCost: 120, incidentCost: 50000 },
      team: { size: 0.5 },
    });
    const { out } = await calibrate(repo.dir);
    expect(out).toContain(
      "  team               0.5 full-time engineers  [configuration (team.size)",
    );
    expect(out).toContain("  hourly cost        120 USD  [configuration (scoring.hourlyCost)]");
    expect(out).toContain("  team cost          84,000 USD a year");
  });

  it("refuses to rewrite a configuration with comments, and bad figures, with exit 2", async () => {
    const file = join(repo.dir, "debtlens.config.json");
    writeFileSync(file, '{\n  // our rate\n  "scoring": { "hourlyCost": 100 }\n}\n');
    const commented = await calibrate(repo.dir, "--hourly-cost", "130", "--write");
    expect(commented.code).toBe(2);
    expect(commented.err).toContain(
      "has comments, which rewriting would lose; set scoring.hourlyCost 130 by hand",
    );
    expect(readFileSync(file, "utf8")).toContain("// our rate");
    const negative = await calibrate(repo.dir, "--hourly-cost", "-5");
    expect(negative.code).toBe(2);
    expect(negative.err).toBe('debtlens: --hourly-cost: expected a positive number, got "-5"\n');
  });
});
