import { spawn } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.ts";
import { ruleCatalogue } from "../../src/rules/index.ts";
import { resolveCacheDir } from "../../src/audit/index.ts";
import { fetchMetadata } from "../../src/dependencies/registry.ts";
import { pruneStaleTemporaryFolders, readSealed, writeSealed } from "../../src/shared/index.ts";
import {
  cleanUp,
  cli,
  commitAll,
  plainGit,
  repository,
  scratch,
  VULNERABLE_FILE,
  write,
} from "./helpers.ts";

afterAll(cleanUp);

/** Every file under `dir` with its bytes: a snapshot to compare before and after. */
/** The report's notes (structured since report v2) as one text. */
function noteTexts(stdout: string): string {
  return (JSON.parse(stdout) as { notes: { text: string }[] }).notes.map((n) => n.text).join(" ");
}

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(join(folder, entry.name), rel);
      else if (entry.isSymbolicLink()) out[rel] = `-> link`;
      else out[rel] = readFileSync(join(folder, entry.name), "latin1");
    }
  };
  visit(dir, "");
  return out;
}

/** A victim folder outside the audited repository, with a file that must never change. */
function victim(): string {
  const dir = scratch("victim");
  write(dir, "precious.txt", "do not touch\n");
  return dir;
}

describe("writes never leave the folder the user chose", () => {
  it("ignores cache.dir in the audited repository's configuration", async () => {
    const outside = victim();
    const before = tree(outside);
    const dir = repository({
      "src/a.js": "export const a = 1;\n",
      "debtlens.config.json": JSON.stringify({ cache: { dir: join(outside, "cache") } }),
    });
    const result = await cli("audit", dir, "--format", "json", "--offline");
    expect(result.code).toBe(0);
    expect(tree(outside)).toEqual(before);
    // ... and nothing was written into the repository either.
    expect(plainGit(dir, "status", "--porcelain")).toBe("");
  });

  it("does not write through a planted node_modules/.cache link", async () => {
    const outside = victim();
    const before = tree(outside);
    const dir = repository({ "src/a.js": "export const a = 1;\n" });
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(outside, join(dir, "node_modules", ".cache"));
    const result = await cli("audit", dir, "--format", "json", "--offline");
    expect(result.code).toBe(0);
    expect(tree(outside)).toEqual(before);
    expect(noteTexts(result.stdout)).toMatch(/no cache/);
  });

  it("replaces a planted baseline or --output link instead of writing through it", async () => {
    const outside = victim();
    const before = tree(outside);
    const dir = repository({ "src/a.js": "export const a = 1;\n" });
    symlinkSync(join(outside, "precious.txt"), join(dir, "debtlens.baseline.json"));
    symlinkSync(join(outside, "precious.txt"), join(dir, "report.json"));
    expect((await cli("baseline", dir, "--offline")).code).toBe(0);
    const audit = await cli("audit", dir, "--offline", "-o", join(dir, "report.json"));
    expect(audit.code).toBe(0);
    expect(tree(outside)).toEqual(before);
    expect(lstatSync(join(dir, "debtlens.baseline.json")).isSymbolicLink()).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")).schema).toMatch(/report/);
  });

  it("does not read a configuration or triage file through a link, nor echo a file's content", async () => {
    const outside = victim();
    write(outside, "credentials.json", '{ "aws_secret": "AKIA-TOP-SECRET-VALUE" ');
    const dir = repository({ "src/a.js": "export const a = 1;\n" });
    symlinkSync(join(outside, "credentials.json"), join(dir, "debtlens.config.json"));
    const config = await cli("audit", dir, "--format", "json", "--offline");
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/symbolic link/);
    expect(config.stderr).not.toMatch(/TOP-SECRET/);
    rmSync(join(dir, "debtlens.config.json"));
    symlinkSync(join(outside, "credentials.json"), join(dir, "debtlens.triage.json"));
    const triage = await cli("audit", dir, "--format", "json", "--offline");
    expect(triage.code).toBe(2);
    expect(triage.stderr).not.toMatch(/TOP-SECRET/);
    // A real file with broken JSON: the place is named, the content is not.
    rmSync(join(dir, "debtlens.triage.json"));
    writeFileSync(join(dir, "debtlens.config.json"), '{ "token": "AKIA-TOP-SECRET-VALUE" ');
    const broken = await cli("audit", dir, "--format", "json", "--offline");
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/line 1/);
    expect(broken.stderr).not.toMatch(/TOP-SECRET/);
  });

  it("refuses a baseline or triage path that leaves the folder", async () => {
    const dir = repository({
      "src/a.js": "export const a = 1;\n",
      "debtlens.config.json": JSON.stringify({ gate: { baselineFile: "../../x.json" } }),
    });
    const result = await cli("baseline", dir, "--offline");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/gate\.baselineFile/);
  });

  it("caps the repository's `workers` at the machine's cores", async () => {
    const dir = repository({
      "src/a.js": "export const a = 1;\n",
      "debtlens.config.json": JSON.stringify({ workers: 64 }),
    });
    const result = await cli("audit", dir, "--format", "json", "--offline", "--no-cache");
    expect(result.code).toBe(0);
    // Threads start only where there is enough code; the cap is what matters here.
    expect(JSON.parse(result.stdout).run.workers).toBeLessThanOrEqual(
      (await import("node:os")).availableParallelism(),
    );
  });
});

describe("a committed cache cannot forge the result", () => {
  async function gateVerdict(dir: string) {
    const result = await cli("gate", dir, "--base", "HEAD~1", "--offline", "--format", "json");
    const json = JSON.parse(result.stdout);
    return {
      code: result.code,
      added: json.added.map((i: { rule: string; path: string }) => `${i.rule} ${i.path}`).sort(),
    };
  }

  it("gives the same gate verdict with a planted cache as without", async () => {
    const dir = repository({ "src/a.js": "export const a = 1;\n" });
    mkdirSync(join(dir, "node_modules"));
    write(dir, ".gitignore", "node_modules/\n");
    write(dir, "src/app.js", VULNERABLE_FILE);
    commitAll(dir, "adds a secret and an injection");
    write(dir, "src/app2.js", VULNERABLE_FILE.replace("/users", "/admins"));
    const honest = await gateVerdict(dir);
    expect(honest.code).toBe(1);
    // The copied key is the same secret, one item already in the base; the injection is new.
    expect(honest.added.join("\n")).toMatch(/security\/injection src\/app2\.js/);

    // The attacker takes a genuine cache, strips the findings and plants it where the audit
    // looks (node_modules/.cache/debtlens): raw, and under a key of their own.
    const { config } = loadConfig(dir, undefined, ruleCatalogue);
    const cacheDir = resolveCacheDir(dir, config);
    const name = existsSync(join(cacheDir, "files.json")) ? "files.json" : "files.v8";
    expect(name).toBe("files.json");
    const genuine = JSON.parse(readSealed(join(cacheDir, name))!.toString("utf8"));
    for (const [, result] of genuine.entries) result.findings = [];
    const forged = Buffer.from(JSON.stringify(genuine));
    writeFileSync(join(cacheDir, name), forged);
    expect(await gateVerdict(dir)).toEqual(honest);
    writeFileSync(
      join(cacheDir, name),
      Buffer.concat([Buffer.from("DLS1"), Buffer.alloc(32, 7), forged]),
    );
    expect(await gateVerdict(dir)).toEqual(honest);
    // A committed .debtlens/cache (the old default) is not even looked at.
    mkdirSync(join(dir, ".debtlens", "cache"), { recursive: true });
    writeFileSync(join(dir, ".debtlens", "cache", "files.json"), forged);
    expect(await gateVerdict(dir)).toEqual(honest);
  });

  it("re-analyses when a part of the cache is missing instead of losing findings", async () => {
    const clone = Array.from(
      { length: 12 },
      (_, i) =>
        `  if (input.k${i} > ${i}) { total += input.k${i} * ${i + 1}; log("k${i}", total); }`,
    ).join("\n");
    const body = (name: string) =>
      `export function ${name}(input, log) {\n  let total = 0;\n${clone}\n  return total;\n}\n`;
    const dir = repository({ "src/a.js": body("a"), "src/b.js": body("b") });
    const cold = await cli("audit", dir, "--format", "json", "--offline", "--no-cache");
    const clonesOf = (stdout: string) =>
      JSON.parse(stdout).items.filter((i: { rule: string }) => i.rule === "quality/duplicated-code")
        .length;
    expect(clonesOf(cold.stdout)).toBeGreaterThan(0);
    await cli("audit", dir, "--format", "json", "--offline");
    const { config } = loadConfig(dir, undefined, ruleCatalogue);
    rmSync(join(resolveCacheDir(dir, config), "facts.v8"));
    write(dir, "src/c.js", "export const c = 3;\n"); // a change: clone detection must run again
    const warm = await cli("audit", dir, "--format", "json", "--offline");
    expect(clonesOf(warm.stdout)).toBe(clonesOf(cold.stdout));
    expect(noteTexts(warm.stdout)).toMatch(/cache was incomplete/);
  });

  it("reads no registry answers with the cache off, and none from the future", async () => {
    const dir = scratch("registry");
    const future = Date.now() + 10 * 365 * 24 * 3600 * 1000;
    writeSealed(
      join(dir, "registry.json"),
      Buffer.from(JSON.stringify({ left: { fetchedAt: future, time: {}, deprecated: {} } })),
    );
    let asked = 0;
    const fetch = (async () => {
      asked++;
      return new Response(JSON.stringify({ "dist-tags": { latest: "2.0.0" }, time: {} }));
    }) as typeof globalThis.fetch;
    const off = await fetchMetadata(["left"], { cacheDir: undefined, fetch });
    expect(off.fromCache).toBe(0);
    const stale = await fetchMetadata(["left"], { cacheDir: dir, fetch });
    expect(stale.fromCache).toBe(0);
    expect(asked).toBe(2);
    // Written by another key (planted): not ours, not read.
    writeFileSync(
      join(dir, "registry.json"),
      JSON.stringify({ left: { fetchedAt: Date.now(), time: {}, deprecated: {} } }),
    );
    expect((await fetchMetadata(["left"], { cacheDir: dir, fetch })).fromCache).toBe(0);
  });
});

describe("an interrupted gate", () => {
  it("removes its temporary folder on SIGTERM, and a later start prunes ones a kill -9 left", async () => {
    const dir = repository({ "src/a.js": "export const a = 1;\n" });
    for (let i = 0; i < 200; i++) write(dir, `src/m${i}.js`, VULNERABLE_FILE);
    commitAll(dir, "many files");
    const temp = scratch("tmp");
    const bin = join(import.meta.dirname, "..", "..", "bin", "debtlens.js");
    const child = spawn(process.execPath, [bin, "gate", dir, "--base", "HEAD", "--offline"], {
      env: { ...process.env, TMPDIR: temp },
      stdio: "ignore",
    });
    const started = Date.now();
    while (!readdirSync(temp).some((n) => n.startsWith("debtlens-gate-"))) {
      if (Date.now() - started > 30_000) throw new Error("the gate never made its folder");
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill("SIGTERM");
    const signal = await new Promise((r) => child.on("close", (_code, sig) => r(sig)));
    expect(signal).toBe("SIGTERM"); // it was interrupted, not finished
    expect(readdirSync(temp).filter((n) => n.startsWith("debtlens-"))).toEqual([]);

    // A folder left by a process that no longer exists (pid 2^22 + 1 is above Linux's pid_max).
    const stale = join(temp, `debtlens-gate-${2 ** 22 + 1}-abcdef`);
    mkdirSync(join(stale, "base"), { recursive: true });
    const live = join(temp, `debtlens-gate-${process.pid}-abcdef`);
    mkdirSync(live);
    expect(pruneStaleTemporaryFolders(temp)).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});
