import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  assessDependencies,
  classify,
  cvss3BaseScore,
  dependencyFact,
  libyear,
  manifestOf,
  matchAdvisories,
  parseLockfile,
  rangesOf,
  type DependencyFact,
  type OsvRecord,
} from "./index.ts";

const FIXTURES = join(import.meta.dirname, "../../test/fixtures/dependencies");
const LOCKS = join(FIXTURES, "lockfiles");
const manifest = manifestOf(
  JSON.parse(readFileSync(join(LOCKS, "package.json"), "utf8")) as Record<string, unknown>,
);

/** [fixture file, the name the package manager gives it, expected format]. */
const LOCKFILES: Array<[string, string, string]> = [
  ["npm-v1.package-lock.json", "package-lock.json", "npm-v1"],
  ["npm-v2.package-lock.json", "package-lock.json", "npm-v2"],
  ["npm-v3.package-lock.json", "package-lock.json", "npm-v3"],
  ["pnpm-v6.pnpm-lock.yaml", "pnpm-lock.yaml", "pnpm-v6"],
  ["pnpm-v9.pnpm-lock.yaml", "pnpm-lock.yaml", "pnpm-v9"],
  ["yarn-classic.yarn.lock", "yarn.lock", "yarn-classic"],
  ["yarn-berry.yarn.lock", "yarn.lock", "yarn-berry-v10"],
];

describe("lockfile parsers on real lockfiles", () => {
  for (const [file, name, format] of LOCKFILES) {
    it(`${format}: every package with its version and scope`, () => {
      const graph = parseLockfile(name, readFileSync(join(LOCKS, file), "utf8"));
      expect(graph.format).toBe(format);
      const scopes = classify(graph, [manifest]);
      const found = graph.nodes.map((n, i) => `${n.name}@${n.version}:${scopes[i]}`).sort();
      expect(found).toEqual([
        "debug@2.6.8:production",
        "minimist@1.2.0:development",
        "ms@2.0.0:production",
        "ms@2.1.1:optional",
      ]);
    });
  }

  it("reports a broken lockfile as a fact, not an exception", () => {
    expect(dependencyFact("package-lock.json", "{ not json").kind).toBe("unreadable");
    expect(dependencyFact("pnpm-lock.yaml", "a: [unclosed").kind).toBe("unreadable");
  });
});

describe("OSV matching", () => {
  const record = (events: Array<Record<string, string>>): OsvRecord => ({
    id: "GHSA-x",
    affected: [{ package: { ecosystem: "npm", name: "p" }, ranges: [{ type: "SEMVER", events }] }],
  });

  it("turns events into npm ranges", () => {
    expect(
      rangesOf([
        { introduced: "0" },
        { fixed: "1.2.3" },
        { introduced: "2.0.0" },
        { last_affected: "2.1.0" },
        { introduced: "3.0.0" },
      ]),
    ).toEqual([">=0.0.0-0 <1.2.3", ">=2.0.0 <=2.1.0", ">=3.0.0"]);
  });

  it("matches inside the range, prereleases included as npm audit does, and not at the fix", () => {
    const r = record([{ introduced: "1.0.0" }, { fixed: "1.2.3" }]);
    expect(matchAdvisories("p", "1.2.2", [r])).toHaveLength(1);
    expect(matchAdvisories("p", "1.2.3-beta.1", [r])).toHaveLength(1);
    expect(matchAdvisories("p", "1.2.3", [r])).toHaveLength(0);
    expect(matchAdvisories("p", "0.9.9", [r])).toHaveLength(0);
    expect(matchAdvisories("q", "1.2.2", [r])).toHaveLength(0);
    expect(matchAdvisories("p", "1.2.2", [r])[0]!.fixedIn).toBe("1.2.3");
  });

  it("computes CVSS 3.1 base scores as FIRST's calculator does", () => {
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).toBe(9.8);
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:L")).toBe(3.7);
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H")).toBe(9.9);
    expect(cvss3BaseScore("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L")).toBe(5.6);
    expect(cvss3BaseScore("CVSS:4.0/AV:N")).toBeUndefined();
  });

  it("libyear is the time between the installed and the latest release", () => {
    expect(libyear("2020-01-01T00:00:00Z", "2022-01-01T00:00:00Z")).toBe(2);
    expect(libyear(undefined, "2022-01-01T00:00:00Z")).toBeUndefined();
  });
});

const MANIFEST_TEXT = readFileSync(join(LOCKS, "package.json"), "utf8");

function factsFor(file: string, name: string): Array<{ path: string; fact: DependencyFact }> {
  return [
    { path: name, fact: dependencyFact(name, readFileSync(join(LOCKS, file), "utf8")) },
    { path: "package.json", fact: dependencyFact("package.json", MANIFEST_TEXT) },
  ];
}

/** The text of line `n` (1-based). */
const lineOf = (text: string, n: number | undefined) => text.split("\n")[(n ?? 0) - 1] ?? "";

describe("assessDependencies with an advisory folder", () => {
  for (const [file, name, format] of LOCKFILES) {
    it(`${format}: one item per vulnerable package, with its scope, advisories and lowest fix`, async () => {
      const result = await assessDependencies({
        facts: factsFor(file, name),
        advisoriesDir: join(FIXTURES, "osv"),
        offline: true,
        cacheDir: tmpdir(),
        outdated: false,
        vulnerabilities: true,
      });
      expect(result.advisorySource).toBe("folder");
      const summary = result.vulnerable.map((v) => ({
        name: v.name,
        scope: v.scope,
        severity: v.severity,
        ids: v.advisories.map((a) => a.id),
        fixedIn: v.fixedIn,
      }));
      // Each package points at its own entry in the lockfile and its declaration in package.json.
      const lock = readFileSync(join(LOCKS, file), "utf8");
      for (const v of result.vulnerable) {
        expect(v.line).toBeGreaterThan(1);
        expect(lineOf(lock, v.line)).toContain(v.name);
        expect(lineOf(lock, v.line)).toMatch(format.startsWith("npm") ? /"/ : /\S/);
        const [declared] = v.declaredIn!;
        expect(lineOf(MANIFEST_TEXT, declared!.line)).toContain(
          `"${v.name}": "${declared!.range}"`,
        );
      }
      expect(result.notes.join(" ")).not.toMatch(/no lockfile/);
      expect(summary).toEqual([
        {
          name: "minimist",
          scope: "development",
          severity: "critical",
          ids: ["GHSA-xvch-5gv4-984h", "GHSA-vh95-rmgr-6w4m"],
          fixedIn: "1.2.6",
        },
        {
          name: "debug",
          scope: "production",
          severity: "low",
          ids: ["GHSA-gxpj-cx7g-858c"],
          fixedIn: "2.6.9",
        },
      ]);
    });
  }

  it("skips a malformed advisory file, names it, and still checks with the others", async () => {
    const folder = mkdtempSync(join(tmpdir(), "debtlens-osv-"));
    try {
      cpSync(join(FIXTURES, "osv"), folder, { recursive: true });
      writeFileSync(join(folder, "broken.json"), "{ not json");
      writeFileSync(join(folder, "wrong.json"), JSON.stringify({ affected: "everything" }));
      const result = await assessDependencies({
        facts: factsFor(LOCKFILES[2]![0], "package-lock.json"),
        advisoriesDir: folder,
        offline: true,
        cacheDir: undefined,
        outdated: false,
        vulnerabilities: true,
      });
      expect(result.vulnerable.map((v) => v.name).sort()).toEqual(["debug", "minimist"]);
      expect(result.notes.join(" ")).toMatch(/2 file\(s\) of the advisory folder are not valid/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("without a lockfile, checks each declared range at the lowest version it allows, and says so", async () => {
    const text = [
      "{",
      '  "name": "lib",',
      '  "dependencies": {',
      '    "debug": "^2.6.0",',
      '    "minimist": ">=1.2.6",',
      '    "local": "workspace:*"',
      "  }",
      "}",
    ].join("\n");
    const result = await assessDependencies({
      facts: [{ path: "packages/lib/package.json", fact: dependencyFact("package.json", text) }],
      advisoriesDir: join(FIXTURES, "osv"),
      offline: true,
      cacheDir: undefined,
      outdated: false,
      vulnerabilities: true,
    });
    // debug ^2.6.0 allows 2.6.0 (affected, fixed in 2.6.9); minimist >=1.2.6 starts at the fix.
    expect(result.vulnerable.map((v) => [v.name, v.versions, v.line, v.fromRanges])).toEqual([
      ["debug", ["2.6.0"], 4, true],
    ]);
    expect(result.vulnerable[0]!.lockfiles).toEqual(["packages/lib/package.json"]);
    expect(result.notes.join(" ")).toMatch(
      /^1 package\.json file\(s\) have no lockfile \(packages\/lib\/package\.json\): their 2 declared version ranges were checked at the lowest version each allows/,
    );
  });

  it("a manifest under a lockfile's folder is covered by it: no ranges are resolved", async () => {
    const facts = [
      ...factsFor(LOCKFILES[2]![0], "package-lock.json"),
      {
        path: "packages/a/package.json",
        fact: dependencyFact("package.json", '{ "dependencies": { "debug": "^2.6.0" } }'),
      },
    ];
    const result = await assessDependencies({
      facts,
      advisoriesDir: join(FIXTURES, "osv"),
      offline: true,
      cacheDir: undefined,
      outdated: false,
      vulnerabilities: true,
    });
    expect(result.vulnerable.find((v) => v.name === "debug")!.versions).toEqual(["2.6.8"]);
    expect(result.notes.join(" ")).not.toMatch(/no lockfile/);
  });

  it("says that nothing was checked when there is no lockfile and no version range", async () => {
    const result = await assessDependencies({
      facts: [
        {
          path: "package.json",
          fact: dependencyFact(
            "package.json",
            '{ "dependencies": { "a": "workspace:*", "b": "github:o/b" } }',
          ),
        },
      ],
      advisoriesDir: join(FIXTURES, "osv"),
      offline: true,
      cacheDir: undefined,
      outdated: false,
      vulnerabilities: true,
    });
    expect(result.notes).toEqual([
      "No lockfile and no version range in any package.json: vulnerable dependencies were not checked.",
    ]);
  });

  it("says so when offline with no advisory folder", async () => {
    const result = await assessDependencies({
      facts: factsFor(LOCKFILES[2]![0], "package-lock.json"),
      offline: true,
      cacheDir: tmpdir(),
      outdated: true,
      vulnerabilities: true,
    });
    expect(result.vulnerable).toEqual([]);
    expect(result.notes.join(" ")).toMatch(/--offline/);
  });

  it("computes libyear and deprecations from registry metadata (a stub registry, cached)", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "debtlens-registry-"));
    let calls = 0;
    const stub = (async (url: string) => {
      calls++;
      const name = decodeURIComponent(String(url).split("/").pop()!);
      const docs: Record<string, unknown> = {
        debug: {
          "dist-tags": { latest: "4.3.4" },
          time: { "2.6.8": "2017-05-18T00:00:00Z", "4.3.4": "2022-03-17T00:00:00Z" },
          versions: { "2.6.8": {}, "4.3.4": {} },
        },
        minimist: {
          "dist-tags": { latest: "1.2.8" },
          time: { "1.2.0": "2015-08-24T00:00:00Z", "1.2.8": "2023-02-09T00:00:00Z" },
          versions: { "1.2.0": { deprecated: "upgrade" }, "1.2.8": {} },
        },
      };
      return docs[name]
        ? new Response(JSON.stringify(docs[name]))
        : new Response("not found", { status: 404 });
    }) as typeof fetch;
    try {
      const run = () =>
        assessDependencies({
          facts: factsFor(LOCKFILES[2]![0], "package-lock.json"),
          offline: false,
          cacheDir,
          outdated: true,
          vulnerabilities: false,
          fetch: stub,
        });
      const first = await run();
      expect(
        first.outdated.map((o) => [
          o.name,
          o.installed,
          o.latest,
          o.majorsBehind,
          o.libyear,
          o.deprecated ?? "",
          lineOf(MANIFEST_TEXT, o.line),
        ]),
      ).toEqual([
        [
          "minimist",
          "1.2.0",
          "1.2.8",
          0,
          7.46,
          "upgrade",
          `  "devDependencies": { "minimist": "1.2.0" } }`,
        ],
        ["debug", "2.6.8", "4.3.4", 2, 4.83, "", `  "dependencies": { "debug": "2.6.8" },`],
      ]);
      expect(first.libyear).toBe(12.29);
      expect(first.notes.join(" ")).toMatch(/did not answer for 1 package/); // ms: 404
      const before = calls;
      await run();
      expect(calls - before).toBe(1); // only the failed one is asked again
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});

describe("the vulnerable set matches npm audit", () => {
  it("for the npm v3 fixture (skips loudly when the registry is unreachable)", async (ctx) => {
    const dir = mkdtempSync(join(tmpdir(), "debtlens-npm-audit-"));
    try {
      copyFileSync(join(LOCKS, "package.json"), join(dir, "package.json"));
      copyFileSync(join(LOCKS, "npm-v3.package-lock.json"), join(dir, "package-lock.json"));
      let out: string;
      try {
        out = execFileSync("npm", ["audit", "--json"], {
          cwd: dir,
          encoding: "utf8",
          timeout: 30000,
          stdio: ["ignore", "pipe", "pipe"],
        });
      } catch (error) {
        out = String((error as { stdout?: string }).stdout ?? "");
      }
      let audit: { vulnerabilities?: Record<string, { severity: string }> } | undefined;
      try {
        audit = JSON.parse(out) as typeof audit;
      } catch {
        audit = undefined;
      }
      if (!audit?.vulnerabilities) {
        console.warn(
          "SKIPPED: npm audit could not reach the registry; the comparison with npm audit did not run.",
        );
        ctx.skip();
        return;
      }
      const ours = await assessDependencies({
        facts: factsFor("npm-v3.package-lock.json", "package-lock.json"),
        advisoriesDir: join(FIXTURES, "osv"),
        offline: true,
        cacheDir: dir,
        outdated: false,
        vulnerabilities: true,
      });
      expect(ours.vulnerable.map((v) => v.name).sort()).toEqual(
        Object.keys(audit.vulnerabilities).sort(),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
