import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { runGit, spawnGit, GitError, type GitOptions } from "./run.ts";

export interface MaterializeResult {
  commit: string;
  files: number;
  /** Symbolic links and submodules in the tree, left out (never created). */
  skipped: number;
}

interface TreeEntry {
  sha: string;
  path: string;
}

/** A tree path we are willing to create: relative, no `..`, no `.git`, no control characters. */
function safePath(path: string): boolean {
  if (path === "" || path.startsWith("/") || path.includes("\\")) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(path)) return false;
  return path
    .split("/")
    .every((part) => part !== "" && part !== "." && part !== ".." && part.toLowerCase() !== ".git");
}

/**
 * Writes the files of `commit` (optionally only those under `prefix`, a path from the top of the
 * repository) into `destination`, an empty folder we own, without a checkout: no hook, smudge
 * filter, eol conversion or attribute runs, because blobs are read raw with `git cat-file --batch`
 * and written by us. Links and submodules are not created; files are created exclusively.
 */
export async function materializeCommit(
  repositoryFolder: string,
  commitish: string,
  destination: string,
  options: Omit<GitOptions, "cwd"> & { prefix?: string } = {},
): Promise<MaterializeResult> {
  const git = { ...options, cwd: repositoryFolder };
  const commit = (
    await runGit(
      ["rev-parse", "--verify", "--quiet", "--end-of-options", `${commitish}^{commit}`],
      git,
    )
  ).trim();
  const listing = await runGit(["ls-tree", "-r", "-z", "--full-tree", commit], {
    ...git,
    maxBuffer: 1 << 30,
  });
  const prefix = options.prefix ? options.prefix.replace(/\/+$/, "") + "/" : "";
  const entries: TreeEntry[] = [];
  let skipped = 0;
  for (const record of listing.split("\0")) {
    if (!record) continue;
    const tab = record.indexOf("\t");
    const [mode, type, sha] = record.slice(0, tab).split(" ");
    const path = record.slice(tab + 1);
    if (prefix && !path.startsWith(prefix)) continue;
    if (type !== "blob" || (mode !== "100644" && mode !== "100755") || !safePath(path)) {
      skipped++;
      continue;
    }
    entries.push({ sha: sha!, path });
  }
  await writeBlobs(repositoryFolder, entries, destination, options);
  return { commit, files: entries.length, skipped };
}

/** Streams the blobs through one `git cat-file --batch` and writes each to its path. */
function writeBlobs(
  repositoryFolder: string,
  entries: readonly TreeEntry[],
  destination: string,
  options: Omit<GitOptions, "cwd">,
): Promise<void> {
  if (entries.length === 0) return Promise.resolve();
  return new Promise((resolvePromise, reject) => {
    const child = spawnGit(["cat-file", "--batch"], {
      ...options,
      cwd: repositoryFolder,
      input: true,
    });
    let index = 0;
    let pending: Buffer = Buffer.alloc(0);
    let expected = -1; // bytes of content (+ newline) still awaited for entries[index]
    let failed: Error | undefined;
    const fail = (error: Error) => {
      if (failed) return;
      failed = error;
      child.kill("SIGKILL");
    };
    child.stdout.on("data", (chunk: Buffer) => {
      if (failed) return;
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      try {
        for (;;) {
          if (expected < 0) {
            const newline = pending.indexOf(10);
            if (newline < 0) return;
            const header = pending.subarray(0, newline).toString("utf8").split(" ");
            if (header[1] !== "blob")
              throw new GitError(`git cat-file: unexpected ${header.join(" ")}`);
            expected = Number(header[2]) + 1;
            pending = pending.subarray(newline + 1);
          }
          if (pending.length < expected) return;
          const entry = entries[index++]!;
          const target = join(destination, entry.path);
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, pending.subarray(0, expected - 1), { flag: "wx", mode: 0o644 });
          pending = pending.subarray(expected);
          expected = -1;
          if (index === entries.length) child.stdin?.end();
        }
      } catch (error) {
        fail(error as Error);
      }
    });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      if (stderr.length < 4000) stderr += text;
    });
    child.on("error", (error) => fail(error));
    child.on("close", (code) => {
      if (failed) reject(failed);
      else if (index !== entries.length)
        reject(
          new GitError(`git cat-file failed: ${stderr.trim() || `exit ${code}`}`, stderr, code),
        );
      else resolvePromise();
    });
    child.stdin?.on("error", (error) => fail(error));
    child.stdin?.end(entries.map((e) => e.sha).join("\n") + "\n");
  });
}
