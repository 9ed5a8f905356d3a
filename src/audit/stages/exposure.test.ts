import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../config/index.ts";
import type { Finding } from "../../findings/index.ts";
import { IMPORT, MODULE_FACT, type ModuleGraph } from "../../graph/index.ts";
import {
  measureTeam,
  type AuthorHistory,
  type FileHistory,
  type RepositoryHistory,
} from "../../history/index.ts";
import { buildRegister } from "../../register/index.ts";
import { requestReachable, teamHours } from "./exposure.ts";

const YEAR = 365.25 * 24 * 3600;
const config = configSchema.parse({});

function history(
  files: Array<{ path: string; added: number; removed: number }>,
  authors: Array<Pick<AuthorHistory, "key" | "name" | "activeWeeks">>,
  years = 1,
): RepositoryHistory {
  const until = 1_700_000_000;
  return {
    window: { since: until - years * YEAR, until, source: "default" },
    commits: { read: 1, inWindow: 1, ignoredForCoupling: 0 },
    files: new Map(
      files.map((f) => [
        f.path,
        {
          ...f,
          commits: 1,
          commitsAllTime: 1,
          addedAllTime: f.added,
          removedAllTime: f.removed,
          firstChange: until,
          lastChange: until,
          authors: [],
          couplingRevisions: 1,
        } satisfies FileHistory,
      ]),
    ),
    authors: new Map(authors.map((a) => [a.key, { ...a, commits: 1, lastActive: until }])),
    pairs: [],
    maxChangesetSize: 30,
    completeness: { lineCounts: files.some((f) => f.added + f.removed > 0) },
  } as RepositoryHistory;
}

describe("the team measured from history", () => {
  it("counts each human author by active weeks / 46, at most one, and leaves bots out", () => {
    const measured = measureTeam(
      history(
        [],
        [
          { key: "ann@x.org", name: "Ann", activeWeeks: 46 },
          { key: "bob@x.org", name: "Bob", activeWeeks: 52 },
          { key: "cy@x.org", name: "Cy", activeWeeks: 23 },
          {
            key: "49699333+dependabot[bot]@users.noreply.github.com",
            name: "dependabot[bot]",
            activeWeeks: 52,
          },
          { key: "bot@renovateapp.com", name: "Renovate Bot", activeWeeks: 40 },
          { key: "actions@github.com", name: "github-actions", activeWeeks: 30 },
          { key: "old@x.org", name: "Old", activeWeeks: 0 },
        ],
      ),
    );
    expect(measured).toMatchObject({ engineers: 2.5, authors: 3, bots: 3 });
  });

  it("reads a two-year window as twice the weeks for one engineer", () => {
    const measured = measureTeam(history([], [{ key: "a", name: "A", activeWeeks: 46 }], 2));
    expect(measured.engineers).toBe(0.5);
  });

  it("uses team.size when configured and says which", () => {
    const h = history(
      [{ path: "a.ts", added: 10, removed: 0 }],
      [{ key: "a", name: "A", activeWeeks: 4 }],
    );
    const configured = teamHours(configSchema.parse({ team: { size: 3, hoursPerYear: 1000 } }), h);
    expect(configured).toMatchObject({ source: "configured", engineers: 3, hours: 3000 });
    expect(configured.files!.get("a.ts")).toBe(3000);
    const assumed = teamHours(config, undefined);
    expect(assumed).toMatchObject({ source: "assumed", engineers: 5, hours: 7000 });
    expect(assumed.note).toMatch(/assumed team of 5/);
  });

  it("shares the hours by changed lines: a 30-file commit is not 30 changes' worth of time", () => {
    const files = Array.from({ length: 30 }, (_, i) => ({
      path: `f${i}.ts`,
      added: 1,
      removed: 1,
    }));
    files.push({ path: "core.ts", added: 300, removed: 240 });
    const team = teamHours(config, history(files, [{ key: "a", name: "A", activeWeeks: 46 }]));
    expect(team.hours).toBe(1400);
    expect(team.files!.get("core.ts")).toBeCloseTo(1400 * (540 / 600), 6);
    expect(team.files!.get("f0.ts")).toBeCloseTo(1400 * (2 / 600), 6);
  });

  it("weighs files by their commits when a partial clone gives no line counts", () => {
    const h = history(
      [
        { path: "a.ts", added: 0, removed: 0 },
        { path: "b.ts", added: 0, removed: 0 },
      ],
      [{ key: "a", name: "A", activeWeeks: 46 }],
    );
    (h.files.get("a.ts") as { commits: number }).commits = 3;
    const team = teamHours(config, h);
    expect(team.files!.get("a.ts")).toBe(1050);
    expect(team.files!.get("b.ts")).toBe(350);
    expect(team.note).toMatch(/share of the window's commits/);
  });
});

describe("money bounded by the team's real time (property)", () => {
  const severity = fc.constantFrom("critical", "high", "medium", "low", "info") as fc.Arbitrary<
    Finding["severity"]
  >;
  const randomHistory = fc.record({
    files: fc.array(
      fc.record({
        added: fc.nat({ max: 5000 }),
        removed: fc.nat({ max: 5000 }),
        findings: fc.array(fc.record({ severity, minutes: fc.integer({ min: 1, max: 5000 }) }), {
          maxLength: 6,
        }),
      }),
      { minLength: 1, maxLength: 40 },
    ),
    authors: fc.array(fc.record({ weeks: fc.nat({ max: 60 }), bot: fc.boolean() }), {
      minLength: 1,
      maxLength: 12,
    }),
    years: fc.double({ min: 0.05, max: 3, noNaN: true }),
    size: fc.option(fc.double({ min: 0.1, max: 50, noNaN: true }), { nil: undefined }),
  });

  it("the change-cost interest, and its high bound, never exceed the team's yearly cost", () => {
    fc.assert(
      fc.property(randomHistory, (r) => {
        const h = history(
          r.files.map((f, i) => ({ path: `src/f${i}.ts`, added: f.added, removed: f.removed })),
          r.authors.map((a, i) => ({
            key: `a${i}@x.org`,
            name: a.bot ? `bot-${i}[bot]` : `Dev ${i}`,
            activeWeeks: a.weeks,
          })),
          r.years,
        );
        const withTeam = configSchema.parse({ team: r.size === undefined ? {} : { size: r.size } });
        const team = teamHours(withTeam, h);
        const findings: Finding[] = r.files.flatMap((f, i) =>
          f.findings.map((g, j) => ({
            rule: "quality/x",
            category: "quality" as const,
            severity: g.severity,
            message: "m",
            path: `src/f${i}.ts`,
            evidence: {},
            remediationMinutes: g.minutes,
            fingerprint: `${i}-${j}`,
          })),
        );
        const register = buildRegister({
          findings,
          files: r.files.map((_, i) => ({ path: `src/f${i}.ts`, linesOfCode: 10, language: "ts" })),
          scoring: withTeam.scoring,
          team,
        });
        const cost = team.hours * withTeam.scoring.hourlyCost;
        // Rounding to cents per item is the only slack.
        const slack = 0.01 * register.items.length;
        expect(register.totals.interest).toBeLessThanOrEqual(cost + slack);
        expect(register.totals.range.interest.high).toBeLessThanOrEqual(cost + slack);
        expect(register.totals.range.interest.low).toBeLessThanOrEqual(
          register.totals.interest + slack,
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe("code a request reaches", () => {
  it("follows run-time imports from files that use an HTTP framework or are Next.js route files", () => {
    const paths = [
      "server.ts",
      "routes/login.ts",
      "db/users.ts",
      "types.ts",
      "cli/seed.ts",
      "app/api/users/route.ts",
      "lib/auth.ts",
      "components/Button.tsx",
    ];
    const edge = (from: number, to: number, kind = 0) => ({ from, to, kind, line: 1, names: [] });
    // server -> routes/login -> db/users; login -> types (type-only); route.ts -> lib/auth.
    const edges = [edge(0, 1), edge(1, 2), edge(1, 3, IMPORT.typeOnly), edge(5, 6)];
    const graph = {
      files: paths,
      index: new Map(paths.map((p, i) => [p, i])),
      edges,
      out: paths.map((_, v) => edges.flatMap((e, i) => (e.from === v ? [i] : []))),
      in: paths.map(() => []),
      external: paths.map(() => []),
    } as unknown as ModuleGraph;
    const fact = (...specifiers: string[]) => ({
      [MODULE_FACT]: {
        imports: specifiers.map((s) => ({ s, k: 1, line: 1 })),
        exports: [],
        nonLiteral: 0,
      },
    });
    const results = [
      { path: "server.ts", facts: fact("express", "./routes/login") },
      { path: "routes/login.ts", facts: fact("./db/users") },
      { path: "components/Button.tsx", facts: fact("next/link") },
      { path: "cli/seed.ts", facts: fact("commander") },
      { path: "app/api/users/route.ts", facts: fact("../../../lib/auth") },
    ];
    expect([...requestReachable(graph, results)].sort()).toEqual([
      "app/api/users/route.ts",
      "db/users.ts",
      "lib/auth.ts",
      "routes/login.ts",
      "server.ts",
    ]);
  });
});
