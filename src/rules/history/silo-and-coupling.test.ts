import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../../audit/index.ts";
import { configSchema } from "../../config/index.ts";
import type { AuditReport } from "../../report/index.ts";
import { GitRepo, lines } from "../../history/test/git-repo.ts";
import { artifactKind } from "./artifacts.ts";

const ann = { name: "Ann", email: "ann@example.com" }; // founder, active
const cat = { name: "Cat", email: "cat@example.com" }; // active
const bob = { name: "Bob", email: "bob@example.com" }; // left early 2024
const dan = { name: "Dan", email: "dan@example.com" }; // left mid 2024
const bot = { name: "renovate[bot]", email: "bot@renovateapp.com" };
// One person, two addresses: the old one idle since 2023, the new one active.
const eveOld = { name: "Eve", email: "eve@home.example" };
const eveNew = { name: "Eve", email: "eve@work.example" };

const json = (tag: string, n: number) =>
  `{\n${Array.from({ length: n }, (_, i) => `  "${tag}${i}": "${tag} ${i}"`).join(",\n")}\n}\n`;

async function audit(repo: GitRepo): Promise<AuditReport> {
  const config = configSchema.parse({ cache: { enabled: false }, workers: 0 });
  return runAudit({ root: repo.dir, config, offline: true });
}

describe("knowledge silos and change coupling on a team's history", () => {
  const repo = new GitRepo();
  let report: AuditReport;
  beforeAll(async () => {
    repo.commit(bob, "2023-01-01T12:00:00Z", {
      "src/billing/invoice.ts": lines("inv", 300),
      "src/billing/tax.ts": lines("tax", 100),
      "src/shared/util.ts": lines("u", 300),
      // Bob's too, but write-once, a test and third-party code: nobody needs to know them.
      "db/migrations/20230101-init.ts": lines("mig", 300),
      "test/billing.test.ts": lines("t", 300),
      "src/vendor/chart.js": lines("chart", 300),
    });
    repo.commit(eveOld, "2023-01-15T12:00:00Z", { "src/search/index.ts": lines("idx", 300) });
    repo.commit(dan, "2023-02-01T12:00:00Z", {
      "src/core/legacy.ts": lines("leg", 250),
      "src/locales/fr.ts": lines("fr", 300),
    });
    repo.commit(ann, "2023-03-01T12:00:00Z", {
      "src/core/a.ts": lines("a", 300),
      "src/core/b.ts": lines("b", 250),
      "src/app/main.ts": lines("m", 600),
      "src/app/routes.ts": lines("r", 400),
    });
    repo.commit(cat, "2023-04-01T12:00:00Z", {
      "src/shared/util.ts": lines("u", 300) + lines("cat", 150),
      "src/app/routes.ts": lines("r", 400) + lines("c", 40),
    });
    repo.commit(dan, "2024-05-01T12:00:00Z", { "src/core/legacy.ts": lines("leg", 251) });
    for (const [i, month] of ["07", "08", "09", "10", "11"].entries()) {
      const day = (d: number) => `2024-${month}-0${d}T12:00:00Z`;
      const n = i + 1;
      repo.commit(ann, day(1), {
        "src/api/orders.ts": lines("o", 20 + n),
        "src/db/orders.ts": lines("d", 20 + n),
      });
      repo.commit(ann, day(2), {
        "src/locales/en/translation.json": json("en", 10 + n),
        "src/locales/de/translation.json": json("de", 10 + n),
      });
      repo.commit(bot, day(3), {
        "packages/api/package.json": `{ "name": "api", "version": "1.0.${n}" }\n`,
        "package-lock.json": `{ "name": "app", "version": "1.0.${n}", "lockfileVersion": 3, "packages": {} }\n`,
      });
      repo.commit(cat, day(4), {
        "src/ui/Button.tsx": `export const Button = () => ${n};\n`,
        "src/ui/__snapshots__/Button.test.tsx.snap": `exports[\`Button ${n}\`] = \`${n}\`;\n`,
      });
      repo.commit(cat, day(5), {
        "src/client/api.gen.ts": lines("g", 10 + n),
        "src/server/routes.ts": lines("s", 10 + n),
      });
    }
    // Cat touches Bob's billing code once in the window: it is alive, nobody who knows it is left.
    repo.commit(cat, "2025-05-01T12:00:00Z", {
      "src/billing/invoice.ts": lines("inv", 300) + "export const fix = 1;\n",
    });
    repo.commit(eveNew, "2025-05-15T12:00:00Z", { "src/search/rank.ts": lines("rank", 5) });
    repo.commit(ann, "2025-06-01T12:00:00Z", { "src/app/main.ts": lines("m", 601) });
    report = await audit(repo);
  });
  afterAll(() => repo.remove());

  const silos = () => report.items.filter((i) => i.rule === "history/knowledge-silo");

  it("reports a module whose authors left, naming it and them", () => {
    const billing = silos().find((i) => i.symbol === "src/billing")!;
    expect(billing.message).toBe(
      "Nobody active knows module src/billing (2 files, 401 lines of code): 99.8% of it was written by authors who no longer commit, Bob (last commit 882 days before the newest); active authors wrote 0.2%. Have an active engineer take it over, starting with its tests.",
    );
    // Cat changed it in the window: code that still changes with nobody who knows it.
    expect(billing.severity).toBe("high");
    expect(billing.places!.map((p) => p.path)).toEqual([
      "src/billing/invoice.ts",
      "src/billing/tax.ts",
    ]);
    expect(billing.evidence).toMatchObject({ scope: "module", author: "Bob", active: false });
  });

  it("reports the orphaned files of a module others still know, by name", () => {
    const core = silos().find((i) => i.symbol === "src/core")!;
    expect(core.message).toMatch(
      /^Nobody active knows 1 of the 3 files of src\/core \(legacy\.ts; 251 lines of code\): 100% of them was written by authors who no longer commit, Dan \(last commit 396 days/,
    );
    expect(core.severity).toBe("medium");
    expect(core.places!.map((p) => p.path)).toEqual(["src/core/legacy.ts"]);
  });

  it("reports nothing for an active founder, code taken over, catalogues or bots", () => {
    // src/app: Ann wrote 96% and still commits; src/shared: Bob's, but Cat (active) added a third;
    // src/locales/fr.ts: Dan's, but a translation catalogue; the manifests: only the bot's;
    // Bob's migration, test and vendored chart library; src/search: Eve's old address, but
    // she commits from her new one.
    expect(
      silos()
        .map((i) => i.symbol)
        .sort(),
    ).toEqual(["src/billing", "src/core"]);
    expect(report.history!.silos.map((s) => [s.module, s.author, s.active])).toEqual([
      ["src/billing", "Bob", false],
      ["src/core", "Dan", false],
    ]);
  });

  it("couples code across modules, not catalogues, lockfiles, snapshots or generated files", async () => {
    const pairs = report.items
      .filter((i) => i.rule === "history/change-coupling")
      .map((i) => [i.path, i.evidence.coupledWith]);
    expect(pairs).toEqual([["src/api/orders.ts", "src/db/orders.ts"]]);
    // They did change together: with the artifacts let in, each pair is reported.
    const all = await runAudit({
      root: repo.dir,
      config: configSchema.parse({
        cache: { enabled: false },
        workers: 0,
        rules: { "history/change-coupling": { options: { ignoreArtifacts: false } } },
      }),
      offline: true,
    });
    expect(
      all.items
        .filter((i) => i.rule === "history/change-coupling")
        .map((i) => `${i.path} ${i.evidence.coupledWith}`)
        .sort(),
    ).toEqual([
      "package-lock.json packages/api/package.json",
      "src/api/orders.ts src/db/orders.ts",
      "src/client/api.gen.ts src/server/routes.ts",
      "src/locales/de/translation.json src/locales/en/translation.json",
      "src/ui/Button.tsx src/ui/__snapshots__/Button.test.tsx.snap",
    ]);
  });

  it("says silos are unknown in a shallow clone rather than guessing", async () => {
    const { execFileSync } = await import("node:child_process");
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "debtlens-shallow-silo-"));
    try {
      execFileSync("git", ["clone", "-q", "--depth", "5", `file://${repo.dir}`, dir], {
        stdio: "ignore",
      });
      const shallow = await runAudit({
        root: dir,
        config: configSchema.parse({ cache: { enabled: false }, workers: 0 }),
        offline: true,
      });
      expect(shallow.items.filter((i) => i.rule === "history/knowledge-silo")).toEqual([]);
      expect(shallow.notes.map((n) => n.text).join(" ")).toMatch(
        /Shallow clone: .*knowledge silos are not computed/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("tool-written files", () => {
  it("knows catalogues, lockfiles, generated files and snapshots", () => {
    for (const [path, kind] of [
      ["shared/i18n/locales/de_DE/translation.json", "locale"],
      ["public/intl/language/pt-BR.json", "locale"],
      ["config/de.json", "locale"],
      ["src/locales/fr.ts", "locale"],
      ["po/de.po", "locale"],
      ["yarn.lock", "lockfile"],
      ["apps/web/pnpm-lock.yaml", "lockfile"],
      ["src/ui/__snapshots__/Button.test.tsx.snap", "snapshot"],
      ["src/__generated__/graphql.ts", "generated"],
      ["src/api.generated.ts", "generated"],
      ["app/assets/vendor/bootstrap/bootstrap.js", "vendored"],
    ] as const)
      expect([path, artifactKind(path)]).toEqual([path, kind]);
  });

  it("leaves code people write alone, even near such folders", () => {
    for (const path of [
      "src/i18n/index.ts",
      "src/locales/loader.ts",
      "src/messages/handler.ts",
      "src/lang/detect.ts",
      "package.json",
      "src/snapshot.ts",
      "src/generator.ts",
      ".github/workflows/ci.yml",
      "app.json",
      "data/db.json",
    ])
      expect([path, artifactKind(path)]).toEqual([path, undefined]);
  });
});
