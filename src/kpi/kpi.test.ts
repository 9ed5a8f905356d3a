import { afterEach, describe, expect, it } from "vitest";
import { GitRepo, type Person } from "../history/test/git-repo.ts";
import { assembleKpis, measureDelivery } from "./index.ts";

const ann: Person = { name: "Ann", email: "ann@example.com" };
const repos: GitRepo[] = [];
function repo(): GitRepo {
  const r = new GitRepo();
  repos.push(r);
  return r;
}
afterEach(() => {
  for (const r of repos.splice(0)) r.remove();
});

/** An annotated tag dated `date` (the tagger date is git's creatordate for annotated tags). */
function tag(r: GitRepo, name: string, date: string): void {
  r.git(
    [`GIT_COMMITTER_NAME=Ann`, `GIT_COMMITTER_EMAIL=ann@example.com`, `GIT_COMMITTER_DATE=${date}`],
    "tag",
    "-a",
    name,
    "-m",
    name,
  );
}

const window = { since: new Date("2025-01-01T00:00:00Z"), until: new Date("2025-01-29T00:00:00Z") };

describe("delivery from git (DORA's deployment frequency and lead time)", () => {
  it("counts release tags in the window and times each released commit from authoring to its tag", async () => {
    const r = repo();
    r.commit(ann, "2024-12-20T12:00:00Z", { "a.ts": "1" });
    tag(r, "v0.9.0", "2024-12-21T12:00:00Z"); // before the window: the first release's predecessor
    r.commit(ann, "2025-01-01T12:00:00Z", { "a.ts": "2" });
    tag(r, "v1.0.0", "2025-01-02T12:00:00Z"); // 1 day
    r.commit(ann, "2025-01-05T12:00:00Z", { "a.ts": "3" });
    r.commit(ann, "2025-01-07T12:00:00Z", { "a.ts": "4" });
    tag(r, "v1.1.0", "2025-01-10T12:00:00Z"); // 5 and 3 days
    tag(r, "staging", "2025-01-11T12:00:00Z"); // not a version: no release
    r.commit(ann, "2025-01-20T12:00:00Z", { "a.ts": "5" });
    tag(r, "v1.2.0", "2025-01-24T12:00:00Z"); // 4 days
    tag(r, "web@1.2.0", "2025-01-24T12:00:00Z"); // same commit: the same release

    const delivery = await measureDelivery(r.dir, window);
    expect(delivery.source).toBe("tags");
    expect(delivery.releases.map((x) => [x.name, x.commits, x.leadTimeDays])).toEqual([
      ["v1.0.0", 1, 1],
      ["v1.1.0", 2, 4],
      ["v1.2.0, web@1.2.0", 1, 4],
    ]);
    expect(delivery.perWeek).toBe(0.75); // 3 releases in 4 weeks
    expect(delivery.leadTimeDays).toBe(3.5); // median of 1, 5, 3, 4
  });

  it("falls back to merges into the default branch, timing every merged commit", async () => {
    const r = repo();
    r.commit(ann, "2025-01-01T12:00:00Z", { "a.ts": "1" });
    r.git([], "checkout", "-q", "-b", "feature");
    r.commit(ann, "2025-01-02T12:00:00Z", { "b.ts": "1" });
    r.commit(ann, "2025-01-03T12:00:00Z", { "b.ts": "2" });
    r.commit(ann, "2025-01-04T12:00:00Z", { "b.ts": "3" });
    r.git([], "checkout", "-q", "main");
    const at = (date: string) => [
      `GIT_COMMITTER_DATE=${date}`,
      `GIT_AUTHOR_DATE=${date}`,
      "GIT_AUTHOR_NAME=Ann",
      "GIT_AUTHOR_EMAIL=a@e",
      "GIT_COMMITTER_NAME=Ann",
      "GIT_COMMITTER_EMAIL=a@e",
    ];
    r.git(at("2025-01-06T12:00:00Z"), "merge", "-q", "--no-ff", "-m", "merge feature", "feature"); // 4, 3, 2
    r.git([], "checkout", "-q", "-b", "fix");
    r.commit(ann, "2025-01-10T12:00:00Z", { "c.ts": "1" });
    r.git([], "checkout", "-q", "main");
    r.git(at("2025-01-11T12:00:00Z"), "merge", "-q", "--no-ff", "-m", "merge fix", "fix"); // 1

    const delivery = await measureDelivery(r.dir, window);
    expect(delivery.source).toBe("merges");
    expect(delivery.releases.map((x) => [x.commits, x.leadTimeDays])).toEqual([
      [3, 3],
      [1, 1],
    ]);
    expect(delivery.perWeek).toBe(0.5);
    // per change: the median of 4, 3, 2 and 1 days, not of the two merges' medians (3 and 1)
    expect(delivery.leadTimeDays).toBe(2.5);
    expect(delivery.note).toContain("merge into the default branch");
  });

  it("says it cannot measure a history of squashed commits instead of inventing figures", async () => {
    const r = repo();
    r.commit(ann, "2025-01-02T12:00:00Z", { "a.ts": "1" });
    r.commit(ann, "2025-01-09T12:00:00Z", { "a.ts": "2" });
    const delivery = await measureDelivery(r.dir, window);
    expect(delivery).toMatchObject({ source: "none", perWeek: null, leadTimeDays: null });
    expect(delivery.note).toContain("cannot be measured");
  });
});

describe("KPIs with targets and trends", () => {
  const snapshot = (
    date: string,
    debtRatio: number,
    coverage: number | null,
    fixedItems: number,
  ) => ({
    date,
    figures: { debtRatio, coverage, cycles: 1 },
    fixedItems,
  });

  it("reads each KPI's latest value against its target in the KPI's own direction", () => {
    const report = assembleKpis({
      snapshots: [
        snapshot("2025-03-01T00:00:00Z", 0.04, 0.7, 0),
        snapshot("2025-01-01T00:00:00Z", 0.08, 0.6, 0), // out of order: sorted by date
        snapshot("2025-02-01T00:00:00Z", 0.06, null, 3),
      ],
      targets: { coverage: 0.65 },
    });
    const kpi = (id: string) => report.kpis.find((k) => k.id === id)!;
    expect(kpi("debtRatio")).toMatchObject({
      value: 0.04,
      first: 0.08,
      target: 0.05,
      met: true,
      trend: "better",
    });
    expect(kpi("coverage")).toMatchObject({
      value: 0.7,
      first: 0.6,
      target: 0.65,
      met: true,
      trend: "better",
    });
    expect(kpi("cycles")).toMatchObject({ value: 1, target: 0, met: false, trend: "flat" });
    // one of the two audits after the first found debt fixed
    expect(kpi("debtFixShare")).toMatchObject({ value: 0.5, met: true });
    // no git: no delivery figures, and no verdict on them
    expect(kpi("leadTimeDays")).toMatchObject({ value: null, met: null, points: [] });
  });

  it("a KPI worsening against a lower-is-better target is worse, and missed", () => {
    const report = assembleKpis({
      snapshots: [
        snapshot("2025-01-01T00:00:00Z", 0.03, null, 0),
        snapshot("2025-02-01T00:00:00Z", 0.09, null, 0),
      ],
    });
    expect(report.kpis.find((k) => k.id === "debtRatio")).toMatchObject({
      trend: "worse",
      met: false,
    });
    expect(report.kpis.find((k) => k.id === "debtFixShare")).toMatchObject({
      value: 0,
      met: false,
    });
  });
});
