import fc from "fast-check";
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { ownersOf, parseCodeowners, pathMatchesGlob } from "./codeowners.ts";
import { approverFor, DEFAULT_APPROVAL, initiativesOf, moduleOf } from "./initiatives.ts";
import { item } from "./test-helpers.ts";

describe("CODEOWNERS (GitHub's semantics)", () => {
  // The examples of GitHub's documentation page "About code owners".
  const rules = parseCodeowners(
    [
      "# comment",
      "*       @global-owner1 @global-owner2",
      "*.js    @js-owner #This is an inline comment.",
      "/build/logs/ @doctocat",
      "docs/*  docs@example.com",
      "apps/ @octocat",
      "/docs/ @doctocat",
      "/scripts/ @doctocat @octocat",
      "**/logs @octocat",
      "/apps/ @octocat",
      "/apps/github",
    ].join("\n"),
  );

  it("gives the owners of the last matching line", () => {
    expect(ownersOf(rules, "README.md")).toEqual(["@global-owner1", "@global-owner2"]);
    expect(ownersOf(rules, "src/index.js")).toEqual(["@js-owner"]);
    // "/build/logs/ @doctocat" matches, but "**/logs @octocat" comes later and wins.
    expect(ownersOf(rules, "build/logs/today.txt")).toEqual(["@octocat"]);
    expect(ownersOf(parseCodeowners("/build/logs/ @doctocat"), "build/logs/a/b.txt")).toEqual([
      "@doctocat",
    ]);
    expect(ownersOf(parseCodeowners("/build/logs/ @doctocat"), "src/build/logs/b.txt")).toEqual([]);
    expect(ownersOf(rules, "scripts/deploy.sh")).toEqual(["@doctocat", "@octocat"]);
    expect(ownersOf(rules, "deep/down/logs/x.txt")).toEqual(["@octocat"]);
  });

  it("anchors patterns with a slash and lets bare names match at any depth", () => {
    expect(ownersOf(rules, "nested/apps/x.ts")).toEqual(["@octocat"]);
    expect(ownersOf(rules, "apps/web/x.ts")).toEqual(["@octocat"]);
  });

  it("leaves a path unowned when the last matching line has no owners", () => {
    expect(ownersOf(rules, "apps/github/main.ts")).toEqual([]);
  });

  it("owns only the files directly in a folder for a pattern ending in /*", () => {
    const docsOnly = parseCodeowners("docs/* @writers\n");
    expect(ownersOf(docsOnly, "docs/getting-started.md")).toEqual(["@writers"]);
    expect(ownersOf(docsOnly, "docs/build-app/troubleshooting.md")).toEqual([]);
  });

  it("matches globs as picomatch does, on 2,000 random patterns and paths", () => {
    // Repository paths never hold "." or ".." segments.
    const segment = fc.stringMatching(/^[ab.]{1,4}$/).filter((s) => !/^\.+$/.test(s));
    const patternSegment = fc.oneof(
      // No dots in patterns: picomatch has extra rules for a star next to a dot ("*.*" does not
      // match "a."), which fnmatch, and so gitignore and CODEOWNERS, do not have.
      fc.stringMatching(/^[ab*?]{1,4}$/),
      fc.constant("**"),
    );
    fc.assert(
      fc.property(
        // A trailing "/**" is left out: picomatch lets "a/**" match "a" itself, gitignore's rule
        // (which CODEOWNERS follows) only what is inside "a".
        fc
          .array(patternSegment, { minLength: 1, maxLength: 4 })
          .filter((g) => g.length === 1 || g[g.length - 1] !== "**"),
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        (glob, path) => {
          const pattern = glob.join("/");
          const text = path.join("/");
          expect(pathMatchesGlob(pattern, text), `${pattern} against ${text}`).toBe(
            picomatch(pattern, { dot: true })(text),
          );
        },
      ),
      { numRuns: 2000, seed: 4 },
    );
  });

  it("stays fast on a pattern that makes backtracking regular expressions explode", () => {
    const crafted = parseCodeowners("*a*a*a*a*a*a*a*a*a*a*a*a*b @x\n");
    const started = performance.now();
    expect(ownersOf(crafted, `src/${"a".repeat(40)}.ts`)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it("owns nothing for an item without a file", () => {
    expect(ownersOf(rules, undefined)).toEqual([]);
  });
});

describe("approverFor", () => {
  it("routes each threshold boundary to the right role", () => {
    expect(approverFor(49_999.99, DEFAULT_APPROVAL)).toBe("manager");
    expect(approverFor(50_000, DEFAULT_APPROVAL)).toBe("cto");
    expect(approverFor(200_000, DEFAULT_APPROVAL)).toBe("cto");
    expect(approverFor(200_000.01, DEFAULT_APPROVAL)).toBe("executive");
    expect(approverFor(1_000, { managerBelow: 500, ctoUpTo: 2_000 })).toBe("cto");
  });
});

describe("initiativesOf", () => {
  const items = [
    item("sql1", {
      rule: "security/injection",
      minutes: 60,
      priority: 7,
      principal: 90,
      interest: 1200,
      path: "src/routes/users.ts",
      class: "next",
    }),
    item("sql2", {
      rule: "security/injection",
      minutes: 30,
      priority: 6,
      principal: 45,
      interest: 600,
      path: "src/routes/orders.ts",
    }),
    item("mail", {
      rule: "architecture/long-work-in-request",
      minutes: 240,
      priority: 5,
      principal: 360,
      interest: 0,
      path: "src/routes/signup.ts",
    }),
    item("sync", {
      rule: "performance/sync-io-in-request",
      minutes: 30,
      priority: 4,
      principal: 45,
      interest: 90,
      path: "src/routes/export.ts",
    }),
    item("cx", {
      rule: "quality/complex-function",
      minutes: 90,
      priority: 3,
      principal: 135,
      interest: 270,
      path: "src/editor/envelope.ts",
    }),
    item("ci", {
      rule: "infrastructure/no-ci",
      minutes: 240,
      priority: 6,
      principal: 360,
      interest: 2000,
    }),
  ];
  const codeowners = parseCodeowners("* @acme/core\n/src/routes/ @acme/api\n");

  it("groups by module and rule family, priced, owned and routed", () => {
    const list = initiativesOf(items, { codeowners });
    expect(list.map((i) => [i.id, i.items])).toEqual([
      ["injection:src/routes/", ["sql1", "sql2"]],
      ["delivery:(repository)", ["ci"]],
      ["request-path:src/routes/", ["mail", "sync"]],
      ["complexity:src/editor/", ["cx"]],
    ]);
    const sql = list[0]!;
    expect(sql).toMatchObject({
      title: "Parameterise queries and remove dynamic code execution in `src/routes/`",
      minutes: 60 + 30,
      hours: 1.5,
      principal: 90 + 45,
      interest: 1200 + 600,
      paybackMonths: Math.round(((90 + 45) / ((1200 + 600) / 12)) * 100) / 100,
      owners: ["@acme/api"],
      approver: "manager",
      class: "next",
    });
    expect(list[1]!.title).toBe("Automate build, test, scan and deploy for the repository");
    expect(list[1]!.owners).toEqual([]);
    expect(list[2]!.title).toContain("Take slow work off the request path in `src/routes/`");
    expect(list[3]!.owners).toEqual(["@acme/core"]);
  });

  it("never pays back an initiative that saves nothing a year", () => {
    const [only] = initiativesOf([items[2]!]);
    expect(only!.paybackMonths).toBeNull();
  });

  it("routes a costly initiative to the CTO", () => {
    const big = Array.from({ length: 600 }, (_, n) =>
      item(`b${n}`, {
        rule: "quality/complex-function",
        minutes: 60,
        principal: 90,
        path: "src/a/x.ts",
      }),
    );
    const [one] = initiativesOf(big);
    expect(one!.principal).toBe(600 * 90);
    expect(one!.approver).toBe("cto");
  });

  it("takes a module as the first folders with a depth", () => {
    expect(moduleOf("src/routes/v1/users.ts", 2)).toBe("src/routes/");
    expect(moduleOf("src/routes/v1/users.ts")).toBe("src/routes/v1/");
    expect(moduleOf("index.ts")).toBe("(root)");
    expect(moduleOf(undefined)).toBe("(repository)");
  });
});
