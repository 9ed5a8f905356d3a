import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { item, reportOf } from "../plan/test-helpers.ts";
import { runCli } from "../../test/support/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "debtlens-plan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => runCli(args);

const report = reportOf([
  item("sql-users", {
    rule: "security/injection",
    severity: "high",
    class: "next",
    minutes: 60,
    priority: 7.2,
    principal: 90,
    interest: 2000,
    path: "src/routes/users.ts",
  }),
  item("cycle", {
    rule: "architecture/import-cycle",
    minutes: 60,
    priority: 5,
    principal: 90,
    interest: 300,
    path: "src/a.ts",
  }),
  item("long", {
    rule: "quality/long-function",
    minutes: 120,
    priority: 4,
    principal: 180,
    interest: 50,
    path: "src/lib/x.ts",
  }),
]);
const reportFile = join(dir, "report.json");
writeFileSync(reportFile, JSON.stringify(report));

describe("debtlens plan", () => {
  it("plans from a saved report and answers the documented JSON shape", async () => {
    const { code, stdout } = await run(
      "plan",
      "--report",
      reportFile,
      "--team",
      "1",
      "--sprint-days",
      "1",
      "--hours-per-day",
      "10",
      "--format",
      "json",
    );
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(Object.keys(plan)).toEqual(
      expect.arrayContaining([
        "capacityHours",
        "usedHours",
        "objective",
        "items",
        "leftOut",
        "money",
      ]),
    );
    expect(plan.capacityHours).toBe(2);
    expect(plan.items.map((i: { id: string }) => i.id)).toEqual(["sql-users", "cycle"]);
    expect(plan.leftOut[0]).toMatchObject({ ids: ["long"] });
    expect(plan.money.investment).toMatchObject({ value: 180 });
  });

  it("shows every money figure's formula and inputs with --explain", async () => {
    const { code, stdout } = await run(
      "plan",
      "--report",
      reportFile,
      "--team",
      "1",
      "--sprint-days",
      "1",
      "--explain",
    );
    expect(code).toBe(0);
    expect(stdout).toContain("Sprint plan (priority): 1 items, 1 of 1.2 h");
    expect(stdout).toContain("ROI over 3 years = ");
    expect(stdout).toContain("  = (annualSavings x years - investment) / investment");
    expect(stdout).toContain("  inputs: annualSavings 2000, investment 90, years 3");
  });

  it("exits 2 naming the file when --report is not a report", async () => {
    const notJson = join(dir, "broken.json");
    writeFileSync(notJson, "{ not json");
    const broken = await run("plan", "--report", notJson, "--team", "1", "--sprint-days", "1");
    expect(broken.code).toBe(2);
    expect(broken.stderr).toBe(
      `debtlens: ${notJson}: not valid JSON (--report takes a saved JSON report)\n`,
    );
    const wrong = join(dir, "wrong.json");
    writeFileSync(wrong, JSON.stringify({ ...report, items: [{ id: 1 }] }));
    const invalid = await run("plan", "--report", wrong, "--team", "1", "--sprint-days", "1");
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(
      new RegExp(
        `^debtlens: ${wrong}: not a debtlens.report/v2 report \\(items\\.0\\.id: .*\\)\\n$`,
      ),
    );
    const missing = await run(
      "plan",
      "--report",
      join(dir, "nope.json"),
      "--team",
      "1",
      "--sprint-days",
      "1",
    );
    expect(missing.stderr).toContain("nope.json: no such file");
  });

  it("exits 2 on a missing or bad capacity flag", async () => {
    const noTeam = await run("plan", "--report", reportFile, "--sprint-days", "10");
    expect(noTeam.code).toBe(2);
    expect(noTeam.stderr).toBe("debtlens: --team: required (or plan.team in the configuration)\n");
    const badShare = await run(
      "plan",
      "--report",
      reportFile,
      "--team",
      "2",
      "--sprint-days",
      "10",
      "--debt-share",
      "20",
    );
    expect(badShare.code).toBe(2);
    expect(badShare.stderr).toContain(
      '--debt-share: expected a share above 0 and at most 1 (0.2 = 20%), got "20"',
    );
  });

  it("plans per CODEOWNERS team with each team's capacity from the configuration", async () => {
    const owners = join(dir, "CODEOWNERS");
    writeFileSync(owners, "* @acme/core\n/src/routes/ @acme/api\n");
    const config = join(dir, "plan.config.json");
    writeFileSync(config, JSON.stringify({ plan: { teams: { "@acme/api": { team: 3 } } } }));
    const { code, stdout } = await run(
      "plan",
      "--report",
      reportFile,
      "--codeowners",
      owners,
      "--config",
      config,
      "--team",
      "1",
      "--sprint-days",
      "1",
      "--per-team",
      "--format",
      "json",
    );
    expect(code).toBe(0);
    const { teams } = JSON.parse(stdout);
    expect(
      teams.map((t: { owner: string; plan: { capacityHours: number } }) => [
        t.owner,
        t.plan.capacityHours,
      ]),
    ).toEqual([
      ["@acme/api", 3.6],
      ["@acme/core", 1.2],
    ]);
    expect(teams[0].plan.items.map((i: { id: string }) => i.id)).toEqual(["sql-users"]);
  });

  it("never follows a CODEOWNERS link out of the audited folder", async () => {
    const outside = join(dir, "outside-owners");
    writeFileSync(outside, "* @intruder\n");
    const repo = join(dir, "linked");
    mkdirSync(join(repo, ".github"), { recursive: true });
    symlinkSync(outside, join(repo, ".github", "CODEOWNERS"));
    const { code, stderr } = await run(
      "plan",
      repo,
      "--report",
      reportFile,
      "--team",
      "1",
      "--sprint-days",
      "1",
      "--per-team",
    );
    expect(code).toBe(2);
    expect(stderr).toBe(
      "debtlens: --per-team: no CODEOWNERS found (looked in .github/, the root and docs/; or give --codeowners FILE)\n",
    );
  });

  it("exits 2 naming the key of a bad plan section in the configuration", async () => {
    const config = join(dir, "bad-plan.json");
    writeFileSync(config, JSON.stringify({ plan: { debtShare: 2 } }));
    const { code, stderr } = await run(
      "plan",
      "--report",
      reportFile,
      "--config",
      config,
      "--team",
      "1",
      "--sprint-days",
      "1",
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/plan\.debtShare/);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  it("audits a folder like audit does when given PATH", async () => {
    const shop = join(dir, "shop");
    cpSync(join(import.meta.dirname, "..", "audit", "fixtures", "shop"), shop, { recursive: true });
    const audited = await run("audit", shop, "--offline", "--no-history", "--format", "json");
    const ids = new Set(JSON.parse(audited.stdout).items.map((i: { id: string }) => i.id));
    const { code, stdout } = await run(
      "plan",
      shop,
      "--offline",
      "--no-history",
      "--team",
      "2",
      "--sprint-days",
      "5",
      "--format",
      "json",
    );
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.items.length).toBeGreaterThan(0);
    for (const chosen of plan.items) expect(ids.has(chosen.id)).toBe(true);
  }, 60_000);
});

describe("debtlens initiatives and roadmap", () => {
  it("exports initiatives in Jira's CSV layout", async () => {
    const { code, stdout } = await run(
      "initiatives",
      "--report",
      reportFile,
      "--format",
      "jira-csv",
    );
    expect(code).toBe(0);
    expect(stdout.split("\r\n")[0]).toBe(
      "Issue Type,Summary,Description,Original Estimate,Labels,Labels,Labels",
    );
    expect(stdout).toContain(
      "Task,Parameterise queries and remove dynamic code execution in `src/routes/`,",
    );
  });

  it("lays out the roadmap's phases as JSON", async () => {
    const { code, stdout } = await run(
      "roadmap",
      "--report",
      reportFile,
      "--team",
      "2",
      "--sprint-days",
      "10",
      "--format",
      "json",
    );
    expect(code).toBe(0);
    const roadmap = JSON.parse(stdout);
    expect(
      roadmap.phases.map((p: { name: string; items: { id: string }[] }) => [
        p.name,
        p.items.map((i) => i.id),
      ]),
    ).toEqual([
      ["immediate", ["sql-users"]],
      ["short-term", ["cycle"]],
      ["long-term", ["long"]],
    ]);
  });
});

describe("plan --project with the store: states decide, --save records", () => {
  it("leaves closed items out, takes planned ones first, and marks the chosen open ones planned", async () => {
    const work = mkdtempSync(join(tmpdir(), "debtlens-plan-store-"));
    try {
      const shop = join(work, "shop");
      const store = join(work, "store");
      cpSync(join(import.meta.dirname, "..", "audit", "fixtures", "shop"), shop, {
        recursive: true,
      });
      expect(
        (
          await run(
            "audit",
            shop,
            "--offline",
            "--save",
            "--store",
            store,
            "-o",
            join(work, "r.json"),
          )
        ).code,
      ).toBe(0);
      const items = JSON.parse(
        (await run("items", "--store", store, "--project", "shop", "-f", "json")).stdout,
      ) as Array<{ id: string }>;
      const [closed, kept] = items;
      expect(
        (
          await run(
            "item",
            closed!.id,
            "--store",
            store,
            "--project",
            "shop",
            "--state",
            "wont_fix",
            "--note",
            "never",
          )
        ).code,
      ).toBe(0);
      expect(
        (await run("item", kept!.id, "--store", store, "--project", "shop", "--state", "planned"))
          .code,
      ).toBe(0);

      const planArgs = [
        "plan",
        "--project",
        "shop",
        "--store",
        store,
        "--team",
        "1",
        "--sprint-days",
        "10",
        "-f",
        "json",
      ];
      const first = await run(...planArgs, "--save");
      expect(first.code).toBe(0);
      const plan = JSON.parse(first.stdout) as { items: Array<{ id: string; state: string }> };
      const ids = plan.items.map((i) => i.id);
      expect(ids).not.toContain(closed!.id);
      expect(plan.items[0]).toMatchObject({ id: kept!.id, state: "planned" });
      expect(first.stderr).toMatch(
        /recorded the plan in project shop: \d+ item\(s\) now planned \(1 were already planned/,
      );

      const planned = JSON.parse(
        (
          await run(
            "items",
            "--store",
            store,
            "--project",
            "shop",
            "--state",
            "planned",
            "-f",
            "json",
          )
        ).stdout,
      ) as Array<{ id: string }>;
      expect(new Set(planned.map((i) => i.id))).toEqual(new Set(ids));

      const refused = await run("plan", shop, "--team", "1", "--sprint-days", "10", "--save");
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("--save records the plan in the store");
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 180_000);
});

describe("plans repay the debt the headline counts", () => {
  it("leaves items of tests and docs out unless the report counts their scope", async () => {
    const inTests = {
      ...item("test-helper", { rule: "quality/complex-function", minutes: 30, priority: 9 }),
      scope: "test" as const,
    };
    const inCode = item("service", { rule: "quality/complex-function", minutes: 30, priority: 5 });
    const file = join(dir, "scoped.json");
    writeFileSync(file, JSON.stringify(reportOf([inTests, inCode])));
    const result = await run(
      "plan",
      "--report",
      file,
      "--team",
      "1",
      "--sprint-days",
      "10",
      "-f",
      "json",
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).items.map((i: { id: string }) => i.id)).toEqual(["service"]);
  });
});
