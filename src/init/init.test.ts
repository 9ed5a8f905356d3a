import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../config/index.ts";
import { ruleCatalogue } from "../rules/index.ts";
import { GitRepo, type Person } from "../history/test/git-repo.ts";
import { initProject, lineChanges } from "./index.ts";

const ann: Person = { name: "Ann", email: "ann@example.com" };
const bob: Person = { name: "Bob", email: "bob@example.com" };
const repos: GitRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.remove();
});

/** An Express + Prisma service with tests, docs, a GitHub workflow and CODEOWNERS, two authors. */
function service(): GitRepo {
  const r = new GitRepo();
  repos.push(r);
  r.commit(ann, "2026-06-01T10:00:00Z", {
    "package.json": JSON.stringify({
      name: "svc",
      dependencies: { express: "^4.19.0", "@prisma/client": "^5.0.0" },
      devDependencies: { vitest: "^2.0.0" },
    }),
    "src/app.ts": "import express from 'express';\nexport const app = express();\n",
    "src/orders.ts":
      "export function total(xs: number[]) { return xs.reduce((a, b) => a + b, 0); }\n",
    "test/orders.test.ts": "import { total } from '../src/orders';\ntotal([1]);\n",
    "docs/guide.md": "# Guide\n",
    ".github/workflows/ci.yml":
      "on: push\njobs: { test: { runs-on: ubuntu-latest, steps: [{ run: npm test }] } }\n",
    ".github/CODEOWNERS": "* @acme/platform\n/src/orders.ts @acme/payments\n",
  });
  r.commit(bob, "2026-06-15T10:00:00Z", {
    "src/orders.ts": "export const total = (xs: number[]) => xs.length;\n",
  });
  return r;
}

describe("debtlens init", () => {
  it("writes a commented configuration that loads, with what it found, and the gate's workflow", async () => {
    const r = service();
    const result = await initProject(r.dir, { today: "2026-12-06" });
    expect(result.files.map((f) => [f.path, f.state])).toEqual([
      ["debtlens.config.json", "written"],
      [".github/workflows/debtlens.yml", "written"],
    ]);
    expect(result.facts.frameworks["http-framework"]).toEqual(["Express"]);
    expect(result.facts.frameworks.db).toEqual(["Prisma"]);
    expect(result.facts.ci).toEqual(["GitHub Actions"]);
    expect(result.facts.owners).toEqual(["@acme/platform", "@acme/payments"]);
    expect(Object.keys(result.facts.scopes)).toEqual(expect.arrayContaining(["test"]));

    const text = readFileSync(join(r.dir, "debtlens.config.json"), "utf8");
    expect(text).toContain("// Written by `debtlens init` on 2026-12-06");
    expect(text).toContain("CODEOWNERS: @acme/platform, @acme/payments");
    expect(text).toMatch(/test: test\/ \(1\)/);
    // the file debtlens reads back, comments and all
    const { config } = loadConfig(r.dir, undefined, ruleCatalogue);
    expect(config.scoring.hourlyCost).toBe(90);
    expect(config.team.hoursPerYear).toBe(1400);
    const workflow = readFileSync(join(r.dir, ".github/workflows/debtlens.yml"), "utf8");
    expect(workflow).toContain("debtlens gate --base origin/${{ github.base_ref }}");
    expect(workflow).toContain("fetch-depth: 0");
  });

  it("run again, shows what changed instead of overwriting; --force overwrites", async () => {
    const r = service();
    await initProject(r.dir, { today: "2026-12-06" });
    const again = await initProject(r.dir, { today: "2026-12-07" });
    expect(again.files.map((f) => f.state)).toEqual(["unchanged", "unchanged"]);

    const path = join(r.dir, "debtlens.config.json");
    const edited = readFileSync(path, "utf8").replace('"hourlyCost": 90', '"hourlyCost": 140');
    writeFileSync(path, edited);
    const third = await initProject(r.dir);
    expect(third.files[0]).toMatchObject({
      state: "differs",
      changes: ['- "hourlyCost": 140,', '+ "hourlyCost": 90,'],
    });
    expect(readFileSync(path, "utf8")).toBe(edited);
    const forced = await initProject(r.dir, { force: true });
    expect(forced.files[0]!.state).toBe("overwritten");
    expect(readFileSync(path, "utf8")).toContain('"hourlyCost": 90');
  });

  it("writes no workflow where no CI system is known, and none with ci: false", async () => {
    const bare = mkdtempSync(join(tmpdir(), "debtlens-init-"));
    try {
      writeFileSync(join(bare, "index.js"), "module.exports = 1;\n");
      const result = await initProject(bare);
      expect(result.files.map((f) => f.path)).toEqual(["debtlens.config.json"]);
      // no history to measure: the team size is asked for
      expect(readFileSync(join(bare, "debtlens.config.json"), "utf8")).toMatch(/^ {4}"size": \d/m);
      const r = service();
      const noCi = await initProject(r.dir, { ci: false });
      expect(noCi.files.map((f) => f.path)).toEqual(["debtlens.config.json"]);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it("never writes through a link the repository ships", async () => {
    const r = service();
    const outside = mkdtempSync(join(tmpdir(), "debtlens-init-outside-"));
    try {
      const victim = join(outside, "victim.yml");
      writeFileSync(victim, "keep me\n");
      symlinkSync(victim, join(r.dir, ".github", "workflows", "debtlens.yml"));
      await expect(initProject(r.dir)).rejects.toThrow(/link/);
      expect(readFileSync(victim, "utf8")).toBe("keep me\n");
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("lineChanges ignores the date line and order", () => {
    expect(
      lineChanges(
        "a\n// Written by `debtlens init` on 2026-01-01.\nb\n",
        "b\na\n// Written by `debtlens init` on 2026-02-02.\n",
      ),
    ).toEqual([]);
  });
});
