import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  cleanUp,
  cli,
  commitAll,
  markerCommand,
  plainGit,
  plainGitStatus,
  ran,
  repository,
  scratch,
  VULNERABLE_FILE,
  write,
} from "./helpers.ts";

// Each case is built twice over: the attack is first shown to work with plain git (the control:
// a test that cannot fail would prove nothing), then debtlens runs on the same repository and the
// marker file must not appear.

afterAll(cleanUp);

let marker: string;
beforeEach(() => {
  marker = join(scratch("marker"), "PWNED");
});

function twoCommits(): string {
  const dir = repository({ "src/a.js": "export const a = 1;\n" });
  write(dir, "src/app.js", VULNERABLE_FILE);
  write(dir, "src/a.js", "export const a = 2;\n");
  commitAll(dir, "second");
  return dir;
}

describe("git runs nothing from the audited repository", () => {
  it("core.fsmonitor: a plain audit does not run it", async () => {
    const dir = twoCommits();
    plainGit(dir, "config", "core.fsmonitor", markerCommand(marker));
    expect(plainGitStatus(dir, "ls-files")).toBe(0);
    expect(ran(marker)).toBe(true); // control
    rmSync(marker);
    const result = await cli("audit", dir, "--format", "json", "--offline");
    expect(result.code).toBe(0);
    expect(ran(marker)).toBe(false);
    expect(JSON.parse(result.stdout).run.discovery).toBe("git");
  });

  it("diff textconv: neither the history pass, --scan-history nor the gate runs it", async () => {
    const dir = twoCommits();
    write(dir, ".gitattributes", "*.js diff=evil\n");
    commitAll(dir, "attributes");
    plainGit(dir, "config", "diff.evil.textconv", `${markerCommand(marker)}; cat`);
    plainGit(dir, "log", "-p", "-1", "HEAD~1");
    expect(ran(marker)).toBe(true); // control
    rmSync(marker);
    const audit = await cli("audit", dir, "--format", "json", "--offline", "--scan-history");
    expect(audit.code).toBe(0);
    const gate = await cli("gate", dir, "--base", "HEAD~2", "--offline", "--format", "json");
    expect([0, 1]).toContain(gate.code);
    expect(ran(marker)).toBe(false);
  });

  it("smudge filters: the gate reads the base without a checkout", async () => {
    const dir = twoCommits();
    write(dir, ".gitattributes", "*.js filter=evil\n");
    commitAll(dir, "attributes");
    plainGit(dir, "config", "filter.evil.smudge", `${markerCommand(marker)}; cat`);
    plainGit(dir, "config", "filter.evil.clean", "cat");
    rmSync(join(dir, "src/a.js"));
    plainGit(dir, "checkout", "--", "src/a.js");
    expect(ran(marker)).toBe(true); // control
    rmSync(marker);
    const gate = await cli("gate", dir, "--base", "HEAD~1", "--offline", "--format", "json");
    expect([0, 1]).toContain(gate.code);
    expect(ran(marker)).toBe(false);
    // The base was really read: the secret and injection of HEAD~1 are not new.
    expect(JSON.parse(gate.stdout).added).toEqual([]);
  });

  it("hooks: post-checkout, post-index-change and reference-transaction never run", async () => {
    const dir = twoCommits();
    for (const hook of ["post-checkout", "post-index-change", "reference-transaction"])
      write(dir, `.git/hooks/${hook}`, `#!/bin/sh\n${markerCommand(marker)}\n`, 0o755);
    plainGit(dir, "checkout", "-q", "-b", "other");
    expect(ran(marker)).toBe(true); // control
    rmSync(marker);
    plainGit(dir, "-c", "core.hooksPath=/dev/null", "checkout", "-q", "main");
    const gate = await cli("gate", dir, "--base", "HEAD~1", "--offline", "--format", "json");
    expect(gate.code).toBe(1); // the second commit adds a secret and an injection
    expect(ran(marker)).toBe(false);
  });

  it("log.showSignature with gpg.program: the history pass verifies no signature", async () => {
    const dir = twoCommits();
    // A commit carrying a signature header: git log --show-signature hands it to gpg.program.
    const raw = plainGit(dir, "cat-file", "commit", "HEAD");
    const signed = raw.replace(
      /^(committer .*)$/m,
      "$1\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----",
    );
    const sign = join(dir, "commit.txt");
    write(dir, "commit.txt", signed);
    const sha = plainGit(dir, "hash-object", "-w", "-t", "commit", sign).trim();
    rmSync(sign);
    plainGit(dir, "update-ref", "refs/heads/main", sha);
    write(dir, ".git/fake-gpg", `#!/bin/sh\n${markerCommand(marker)}\nexit 1\n`, 0o755);
    plainGit(dir, "config", "log.showSignature", "true");
    plainGit(dir, "config", "gpg.program", join(dir, ".git/fake-gpg"));
    plainGit(dir, "log", "-1");
    expect(ran(marker)).toBe(true); // control
    rmSync(marker);
    const audit = await cli("audit", dir, "--format", "json", "--offline");
    expect(audit.code).toBe(0);
    expect(ran(marker)).toBe(false);
    expect(JSON.parse(audit.stdout).history).toBeDefined();
  });

  it("a committed folder laid out as a git directory is not taken for a repository", async () => {
    const dir = twoCommits();
    const fake = "vendor/pkg";
    write(dir, `${fake}/HEAD`, "ref: refs/heads/main\n");
    write(dir, `${fake}/objects/.keep`, "");
    write(dir, `${fake}/refs/.keep`, "");
    write(dir, `${fake}/index.js`, "export const x = 1;\n");
    write(
      dir,
      `${fake}/config`,
      `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n\tfsmonitor = "${markerCommand(marker)}"\n`,
    );
    commitAll(dir, "vendored");
    plainGitStatus(join(dir, fake), "ls-files");
    expect(ran(marker)).toBe(true); // control: git discovers it and runs its fsmonitor
    rmSync(marker);
    const audit = await cli("audit", join(dir, fake), "--format", "json", "--offline");
    expect(audit.code).toBe(0);
    expect(ran(marker)).toBe(false);
    // The folder was audited as part of the real repository around it.
    expect(JSON.parse(audit.stdout).files.map((f: { path: string }) => f.path)).toContain(
      "index.js",
    );
  });
});

describe("one git runner", () => {
  it("is, with the starter of debtlens's own modules, the only code that starts processes", () => {
    const src = join(import.meta.dirname, "..", "..", "src");
    const offenders: string[] = [];
    const visit = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== "fixtures" && entry.name !== "test") visit(path);
        } else if (/\.ts$/.test(entry.name) && !/test/.test(entry.name)) {
          // Test support (promtool, a test Prometheus) may start processes; product code may not.
          const text = readFileSync(path, "utf8");
          if (/from "(node:)?child_process"/.test(text)) offenders.push(relative(src, path));
        }
      }
    };
    visit(src);
    expect(
      offenders.filter((p) => !p.startsWith("git/") && p !== join("shared", "own-process.ts")),
    ).toEqual([]);
  });
});
