import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "..", "..", "bin", "debtlens.js");
const fixture = join(import.meta.dirname, "..", "audit", "fixtures", "shop");
const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function shop(): string {
  const dir = mkdtempSync(join(tmpdir(), "debtlens-cli-"));
  folders.push(dir);
  cpSync(fixture, dir, { recursive: true });
  return dir;
}
function run(args: string[], cwd?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: "utf8",
    cwd,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("debtlens audit (the CLI as a user runs it)", () => {
  it("prints the ranked register as a table", () => {
    const { code, stdout } = run(["audit", shop(), "--format", "table"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^debtlens audit of debtlens-cli-/);
    expect(stdout).toMatch(
      /2 files, \d+ lines of code, 12 debt items · principal \$[\d,]+ · interest \$[\d,]+\/year · debt ratio [\d.]+% \(rating [A-E]\)/,
    );
    expect(stdout).toContain("Top 12 of 12 items, ranked by priority");
    expect(stdout).toContain("src/orders/pricing.js:2");
    const priorities = [...stdout.matchAll(/^(\d+\.\d) {2,}/gm)].map((m) => Number(m[1]));
    expect(priorities).toHaveLength(12);
    expect([...priorities].sort((a, b) => b - a)).toEqual(priorities);
  });

  it("writes JSON to a file with --output", () => {
    const dir = shop();
    const out = join(dir, "report.json");
    const { code, stderr } = run(["audit", dir, "--output", out]);
    expect(code).toBe(0);
    expect(stderr).toContain("wrote json report");
    expect(JSON.parse(readFileSync(out, "utf8"))).toMatchObject({
      schema: "debtlens.report/v2",
      summary: { items: 12 },
    });
  });

  it("exits 2 naming the key of an invalid configuration", () => {
    const dir = shop();
    writeFileSync(
      join(dir, "debtlens.config.json"),
      JSON.stringify({ scoring: { hourlyCots: 100, hourlyCost: "ninety" } }),
    );
    const { code, stderr, stdout } = run(["audit", dir]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("debtlens.config.json");
    expect(stderr).toContain("scoring.hourlyCots: unknown key");
    expect(stderr).toContain("scoring.hourlyCost:");
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("exits 2 on an unknown rule, a bad glob, and unreadable YAML", () => {
    const dir = shop();
    writeFileSync(join(dir, ".debtlens.yml"), "rules:\n  quality/complex-functions: off\n");
    expect(run(["audit", dir]).stderr).toContain(
      "rules.quality/complex-functions: unknown rule (did you mean quality/complex-function?)",
    );
    writeFileSync(join(dir, ".debtlens.yml"), "exclude:\n  - 'src/[a-'\n");
    expect(run(["audit", dir])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("exclude.0: invalid glob"),
    });
    writeFileSync(join(dir, ".debtlens.yml"), "rules: [unclosed\n");
    expect(run(["audit", dir])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("not valid YAML"),
    });
  });

  it("exits 2 with a clear message for a path that does not exist", () => {
    const { code, stderr } = run(["audit", "/no/such/repo"]);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      "debtlens: /no/such/repo: no such folder (debtlens audits a folder)",
    );
  });

  it("exits 2 on an unknown option and 0 on --help", () => {
    expect(run(["audit", "--frobnicate"]).code).toBe(2);
    const help = run(["audit", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--format <format>");
  });

  it("audits a git repository by git's own file list, honouring .gitignore", () => {
    const dir = shop();
    writeFileSync(join(dir, ".gitignore"), "src/users/\n");
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const report = JSON.parse(run(["audit", dir, "--format", "json"]).stdout);
    expect(report.run.discovery).toBe("git");
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(["src/orders/pricing.js"]);
  });
});

describe("debtlens baseline and gate take the audit's input flags", () => {
  it("writes a baseline offline and without history, and the gate passes against it", () => {
    const dir = shop();
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const written = run(["baseline", dir, "--offline", "--no-history"]);
    expect(written.code).toBe(0);
    expect(written.stderr).toMatch(/wrote a baseline of 12 items/);
    const verdict = run(["gate", dir, "--offline", "--no-history", "--format", "json"]);
    expect(verdict.code).toBe(0);
    expect(JSON.parse(verdict.stdout)).toMatchObject({ passed: true, added: [] });
    expect(run(["gate", dir, "--since", "yesterday-ish"])).toMatchObject({ code: 2 });
  });
});

describe("reports.docsBaseUrl", () => {
  it("points the rule links of SARIF at the configured address", () => {
    const dir = shop();
    writeFileSync(
      join(dir, "debtlens.config.json"),
      JSON.stringify({ reports: { docsBaseUrl: "https://docs.example.test/debtlens/" } }),
    );
    const out = join(dir, "r.sarif");
    expect(run(["audit", dir, "--offline", "-o", out]).code).toBe(0);
    const sarif = JSON.parse(readFileSync(out, "utf8"));
    const rule = sarif.runs[0].tool.driver.rules.find(
      (r: { id: string }) => r.id === "quality/complex-function",
    );
    expect(rule.helpUri).toBe(
      "https://docs.example.test/debtlens/docs/rules/quality/complex-function.md",
    );
    writeFileSync(
      join(dir, "debtlens.config.json"),
      JSON.stringify({ reports: { docsBaseUrl: "not a url" } }),
    );
    expect(run(["audit", dir, "--offline"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("reports.docsBaseUrl"),
    });
  });
});

describe("a command that reads the store, run as a user runs it", () => {
  it("answers from the store and exits with its code (bin/ replaces its process for V8's baseline WebAssembly compiler)", () => {
    const dir = shop();
    const store = join(dir, "..", `${basename(dir)}-store`);
    folders.push(store);
    expect(
      run(["audit", dir, "--save", "--store", store, "--project", "shop", "--format", "json"]).code,
    ).toBe(0);
    const listed = run(["snapshots", "--store", store, "--project", "shop", "--format", "json"]);
    expect(listed.stderr).toBe("");
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(1);
    const missing = run(["trend", "--store", store, "--project", "nobody", "--format", "json"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nobody/);
  });
});

describe("the bundle (dist/bundle, what bin/debtlens.js runs after a build)", () => {
  it("gives the same report as the sources, and finds its worker entry and the package's files", async () => {
    const root = join(import.meta.dirname, "..", "..");
    // A bundle of the sources as they are now, beside the real one (same depth below the root).
    const out = join(root, "dist", "bundle-test");
    folders.push(out);
    const { bundleCli } = await import("../../scripts/bundle.ts");
    await bundleCli(out);
    const launchers = mkdtempSync(join(tmpdir(), "debtlens-launch-"));
    folders.push(launchers);
    // Each run audits its own copy of the fixture, so that none is served from another's cache.
    const runWith = (entry: string, name: string, config?: object) => {
      const dir = shop();
      if (config) writeFileSync(join(dir, "debtlens.config.json"), JSON.stringify(config));
      const launcher = join(launchers, `${name}.mjs`);
      writeFileSync(
        launcher,
        `const { main } = await import(${JSON.stringify(pathToFileURL(entry).href)});\nprocess.exitCode = await main(process.argv);\n`,
      );
      const output = join(launchers, `${name}.json`);
      const result = spawnSync(
        process.execPath,
        [launcher, "audit", dir, "--format", "json", "--output", output, "--no-history"],
        { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
      );
      expect(result.stderr).not.toMatch(/Error|at .*\.js:\d+/);
      expect(result.status).toBe(0);
      const report = JSON.parse(readFileSync(output, "utf8"));
      delete report.run.generatedAt;
      delete report.run.durationMs;
      delete report.root;
      delete report.run.phases;
      return report;
    };
    const fromSources = runWith(join(root, "src", "cli", "main.ts"), "sources");
    const fromBundle = runWith(join(out, "main.js"), "bundle");
    expect(fromBundle.items.length).toBeGreaterThan(0);
    expect(fromBundle).toEqual(fromSources);
    // Forced worker threads load dist/bundle-test/worker-entry.js beside the bundle's chunks.
    const withWorker = runWith(join(out, "main.js"), "worker", { workers: 1 });
    expect(withWorker.run.workers).toBe(1);
    expect(withWorker.items.map((i: { fingerprint: string }) => i.fingerprint)).toEqual(
      fromSources.items.map((i: { fingerprint: string }) => i.fingerprint),
    );
  });
});

describe("an older Node.js than engines allows", () => {
  // The machines' own Node is 20 (npm ci brings 24 for the scripts): the launcher must say so,
  // not crash with a stack trace. Any node on PATH older than 22.12 serves.
  const old = ["/usr/bin/node", "/usr/local/bin/node", "/bin/node"].find((path) => {
    const version = spawnSync(path, ["--version"], { encoding: "utf8" }).stdout?.trim();
    const [major, minor] = (version ?? "").replace(/^v/, "").split(".").map(Number);
    return (
      major !== undefined && !Number.isNaN(major) && (major < 22 || (major === 22 && minor! < 12))
    );
  });
  it.skipIf(!old)("gets a clear message and exit code 2", () => {
    const result = spawnSync(old!, [bin, "audit", "."], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^debtlens needs Node\.js 22\.12 or later; this is v\d+/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
  if (!old)
    console.warn("SKIPPED: no Node.js older than 22.12 on this machine to run the launcher with");
});
