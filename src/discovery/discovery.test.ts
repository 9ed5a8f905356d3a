import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { discoverFiles } from "./index.ts";

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "debtlens-discovery-"));
  folders.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
const defaults = { maxFileSize: 1_000_000, include: [], exclude: [] };

describe("discoverFiles", () => {
  const files = {
    "src/a.ts": "a",
    "src/generated/api.ts": "g",
    "src/lib.min.js": "m",
    "vendor/jquery.js": "v",
    "bower_components/lib/lib.js": "v",
    "node_modules/x/index.js": "n",
    "packages/p/node_modules/y/index.js": "n",
    "packages/p/src/b.ts": "b",
    "packages/p/.gitignore": "out/\n*.log\n",
    "packages/p/out/c.ts": "ignored by the nested .gitignore",
    "packages/p/debug.log": "ignored",
    ".gitignore": "tmp/\n",
    "tmp/d.ts": "ignored by the root .gitignore",
  };

  it("walks a folder outside git, honouring nested .gitignore files and counting skips", () => {
    const result = discoverFiles(tree(files), defaults);
    expect(result.source).toBe("walk");
    expect(result.files.map((f) => f.path)).toEqual([
      ".gitignore",
      "packages/p/.gitignore",
      "packages/p/src/b.ts",
      "src/a.ts",
      // copied-in code is audited, in the vendored scope (src/scopes); package managers' copies are not
      "vendor/jquery.js",
    ]);
    const reasons = Object.fromEntries(result.skipped.map((s) => [s.path, s.reason]));
    expect(reasons).toEqual({
      "node_modules/": "node_modules",
      "packages/p/node_modules/": "node_modules",
      "src/generated/api.ts": "generated",
      "src/lib.min.js": "generated",
      "bower_components/lib/lib.js": "vendored",
    });
  });

  it("uses git's own list in a repository, with the same result", () => {
    const root = tree(files);
    execFileSync("git", ["init", "-q"], { cwd: root });
    const result = discoverFiles(root, defaults);
    expect(result.source).toBe("git");
    expect(result.files.map((f) => f.path)).toEqual([
      ".gitignore",
      "packages/p/.gitignore",
      "packages/p/src/b.ts",
      "src/a.ts",
      "vendor/jquery.js",
    ]);
  });

  it("applies include and exclude globs, and the size limit", () => {
    const root = tree({
      "src/a.ts": "a",
      "src/a.test.ts": "t",
      "docs/x.md": "d",
      "src/big.ts": "x".repeat(2000),
    });
    const result = discoverFiles(root, {
      maxFileSize: 1000,
      include: ["src/**"],
      exclude: ["**/*.test.ts"],
    });
    expect(result.files.map((f) => f.path)).toEqual(["src/a.ts"]);
    expect(result.skipped).toEqual([
      { path: "docs/x.md", reason: "excluded" },
      { path: "src/a.test.ts", reason: "excluded" },
      { path: "src/big.ts", reason: "too-large", detail: "2000 bytes > 1000" },
    ]);
  });

  it("does not follow links, and says which ones leave the folder", () => {
    const outside = tree({ "secret.ts": "s" });
    const root = tree({ "src/a.ts": "a" });
    symlinkSync(join(outside, "secret.ts"), join(root, "src", "out.ts"));
    symlinkSync(join(root, "src", "a.ts"), join(root, "src", "alias.ts"));
    const result = discoverFiles(root, defaults);
    expect(result.files.map((f) => f.path)).toEqual(["src/a.ts"]);
    expect(result.skipped.map((s) => [s.path, s.reason])).toEqual([
      ["src/alias.ts", "link"],
      ["src/out.ts", "link-outside-root"],
    ]);
  });
});

describe("lockfiles", () => {
  it("are read up to a higher size limit than code", () => {
    const root = tree({ "package-lock.json": "x".repeat(3000), "src/big.ts": "x".repeat(3000) });
    const result = discoverFiles(root, { maxFileSize: 1000, include: [], exclude: [] });
    expect(result.files.map((f) => f.path)).toEqual(["package-lock.json"]);
  });
});
