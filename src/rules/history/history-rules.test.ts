import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../../audit/index.ts";
import { configSchema } from "../../config/index.ts";
import type { AuditReport } from "../../report/index.ts";
import { codeHealth } from "../../register/index.ts";
import { GitRepo } from "../../history/test/git-repo.ts";
import { auditScriptedRepository } from "../../history/test/scripted.ts";

describe("history rules on a scripted repository", () => {
  const repo = new GitRepo();
  let report: AuditReport;
  beforeAll(async () => {
    report = await auditScriptedRepository(repo);
  });
  afterAll(() => repo.remove());

  it("counts each file's changes in the window and all time", () => {
    expect(report.history!.window).toEqual({
      since: "2024-06-01T12:00:00.000Z",
      until: "2025-06-01T12:00:00.000Z",
      source: "default",
    });
    expect(report.history!.commits).toEqual({ read: 9, inWindow: 7, ignoredForCoupling: 0 });
    expect(
      report.history!.files.map((f) => [
        f.path,
        f.commits,
        f.commitsAllTime,
        f.changesPerYear,
        f.added,
        f.removed,
      ]),
    ).toEqual([
      ["src/api/handler.ts", 6, 7, 6, 6, 0],
      ["src/db/store.ts", 5, 6, 5, 5, 0],
      ["src/db/query.ts", 1, 2, 1, 1, 0],
    ]);
    expect(report.history!.files[1]!.authors).toEqual([
      { name: "Bob", added: 250, commits: 1, share: 0.9804 },
      { name: "Ann", added: 5, commits: 5, share: 0.0196 },
    ]);
    expect(report.notes[0]).toMatchObject({
      code: "history.window",
      data: { commits: 7, since: "2024-06-01", until: "2025-06-01" },
    });
    expect(report.notes[0]!.text).toBe(
      "Interest uses the lines each file changed in git: 7 commits in the window 2024-06-01 to 2025-06-01 (the 12 months before the newest commit); a file that did not change in the window carries no change-cost interest.",
    );
  });

  it("finds the hotspot: the most changed file, with unhealthy code", () => {
    const item = report.items.find((i) => i.rule === "history/hotspot")!;
    const others = report.items.filter(
      (i) =>
        i.path === "src/api/handler.ts" &&
        i.rule !== "history/hotspot" &&
        i.category !== "security",
    );
    const before = codeHealth(others.map((i) => i.severity));
    expect(before).toBeLessThan(9);
    expect(item.path).toBe("src/api/handler.ts");
    expect(item.evidence).toEqual({
      changes: 6,
      rank: 1,
      changedFiles: 3,
      health: before,
      linesOfCode: 21,
      score: Math.round(6 * (10 - before) * 10) / 10,
    });
    expect(report.items.filter((i) => i.rule === "history/hotspot")).toHaveLength(1);
    const file = report.files.find((f) => f.path === "src/api/handler.ts")!;
    const interest =
      Math.round(
        report.items.filter((i) => i.path === file.path).reduce((s, i) => s + i.money.interest, 0) *
          100,
      ) / 100;
    expect(report.history!.hotspots).toEqual([
      {
        path: "src/api/handler.ts",
        changes: 6,
        health: file.health,
        healthBeforeHotspot: before,
        linesOfCode: 21,
        interest,
      },
    ]);
  });

  it("prices the file's items from its real change rate and raises their Risk", () => {
    const item = report.items.find((i) => i.rule === "quality/complex-function")!;
    expect(item.money.basis).toMatchObject({
      model: "change-cost",
      changesPerYear: 6,
      changesSource: "git",
    });
    const b = item.money.basis as {
      changesPerYear: number;
      hoursPerChange: number;
      overhead: number;
      share: number;
    };
    const overhead = (1.24 * (9 - (item.money.basis as { health: number }).health)) / 5;
    expect(b.overhead).toBe(Math.round(overhead * 100) / 100);
    const fileMinutes = report.items
      .filter((i) => i.path === item.path && i.category !== "security")
      .reduce((sum, i) => sum + i.remediationMinutes, 0);
    expect(b.share).toBe(Math.round((item.remediationMinutes / fileMinutes) * 100) / 100);
    // The team's measured hours (ADR 0009) shared by changed lines; the health wastes
    // overhead / (1 + overhead) of the file's hours.
    expect(report.team).toMatchObject({ source: "git", hoursPerYear: 1400 });
    const fileHours = (item.money.basis as { fileHours: number }).fileHours;
    expect(fileHours).toBeGreaterThan(0);
    expect(fileHours).toBeLessThanOrEqual(report.team!.hours);
    expect(item.money.interest).toBeCloseTo(
      fileHours * (overhead / (1 + overhead)) * 90 * (item.remediationMinutes / fileMinutes),
      1,
    );
    // medium 5 + hotspot 1 (no silo: src/api is Ann's but too small to count) + untested 1 (the
    // scripted repository has no test file at all)
    expect(
      report.items.some((i) => i.rule === "quality/untested-module" && i.path === undefined),
    ).toBe(true);
    expect(item.scores.risk).toBe(7);
  });

  it("finds the coupled pair across modules with code-maat's degree", () => {
    const item = report.items.find((i) => i.rule === "history/change-coupling")!;
    expect(item.category).toBe("architecture");
    expect(item.path).toBe("src/api/handler.ts");
    expect(item.evidence).toEqual({
      coupledWith: "src/db/store.ts",
      shared: 5,
      revisionsA: 6,
      revisionsB: 5,
      degree: 90.9,
      confidenceAB: 83.3,
      confidenceBA: 100,
    });
    expect(report.history!.coupling).toEqual([
      {
        a: "src/api/handler.ts",
        b: "src/db/store.ts",
        shared: 5,
        degree: 90.9,
        revisionsA: 6,
        revisionsB: 5,
      },
    ]);
  });

  it("finds the silo of an author who left, and not the small module", () => {
    const silos = report.items.filter((i) => i.rule === "history/knowledge-silo");
    expect(silos).toHaveLength(1);
    expect(silos[0]!.severity).toBe("high");
    expect(silos[0]!.message).toBe(
      "Nobody active knows module src/db (2 files, 286 lines of code): 98.3% of it was written by authors who no longer commit, Bob (last commit 335 days before the newest); active authors wrote 1.7%. Have an active engineer take it over, starting with its tests.",
    );
    expect(silos[0]!.places!.map((p) => p.path)).toEqual(["src/db/query.ts", "src/db/store.ts"]);
    expect(report.history!.silos).toEqual([
      {
        module: "src/db",
        author: "Bob",
        share: 98.3,
        active: false,
        daysSinceLastCommit: 335,
        files: 2,
      },
    ]);
  });

  it("reads no history with history.enabled false", async () => {
    const config = configSchema.parse({
      cache: { enabled: false },
      workers: 0,
      history: { enabled: false },
    });
    const plain = await runAudit({ root: repo.dir, config });
    expect(plain.history).toBeUndefined();
    expect(plain.items.filter((i) => i.rule.startsWith("history/"))).toEqual([]);
    expect(
      plain.items.find((i) => i.rule === "quality/complex-function")!.money.basis,
    ).toMatchObject({ changesPerYear: 6, changesSource: "assumed" });
    expect(plain.notes[0]!.code).toBe("history.off");
    expect(plain.notes[0]!.text).toMatch(/^History is off \(--no-history/);
  });
});
