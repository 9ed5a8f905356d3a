import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { main, type Io } from "../../src/cli/main.ts";

/** Folders made by a test file, removed by `cleanUp` (call it from afterAll/afterEach). */
const made: string[] = [];

export function scratch(prefix = "hostile"): string {
  const dir = mkdtempSync(join(tmpdir(), `dl-${prefix}-`));
  made.push(dir);
  return dir;
}

export function cleanUp(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function write(root: string, path: string, text: string, mode?: number): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  if (mode !== undefined) chmodSync(join(root, path), mode);
}

/** Plain git, as the attacker's own tooling would run it (the control cases use this too). */
export function plainGit(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env["PATH"],
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_AUTHOR_NAME: "Mallory",
      GIT_AUTHOR_EMAIL: "m@example.com",
      GIT_COMMITTER_NAME: "Mallory",
      GIT_COMMITTER_EMAIL: "m@example.com",
    },
  });
}

/** Like plainGit, but a failure is an outcome rather than an exception. */
export function plainGitStatus(cwd: string, ...args: string[]): number {
  try {
    plainGit(cwd, ...args);
    return 0;
  } catch (error) {
    return (error as { status?: number }).status ?? 1;
  }
}

/** A repository with one commit of `files`. */
export function repository(files: Record<string, string>, dir = scratch("repo")): string {
  plainGit(dir, "init", "-q", "-b", "main");
  for (const [path, text] of Object.entries(files)) write(dir, path, text);
  plainGit(dir, "add", "-A");
  plainGit(dir, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "initial");
  return dir;
}

export function commitAll(dir: string, message = "change"): void {
  plainGit(dir, "add", "-A");
  plainGit(dir, "-c", "commit.gpgsign=false", "commit", "-q", "-m", message);
}

/** A shell command that leaves a marker file: proof that something ran. */
export function markerCommand(marker: string): string {
  return `touch '${marker}'`;
}

export function ran(marker: string): boolean {
  return existsSync(marker);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as a user would type it. */
export async function cli(...argv: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    columns: 120,
  };
  const code = await main(["node", "debtlens", ...argv], io);
  return { code, stdout, stderr };
}

// Assembled at run time so that this file itself holds no secret-shaped literal.
const LIVE_KEY = ["sk", "live", "51HxQ2pLk8dYvN3mR7tWq9sZbC4eF6gH0jK"].join("_");

/** A small application with real findings: a hard-coded secret and a SQL injection. */
export const VULNERABLE_FILE = [
  'import express from "express";',
  'import { pool } from "./db.js";',
  "const app = express();",
  `const STRIPE_KEY = "${LIVE_KEY}";`,
  'app.get("/users", async (req, res) => {',
  "  const rows = await pool.query(`SELECT * FROM users WHERE name = '${req.query.name}'`);",
  "  res.json({ rows, key: STRIPE_KEY });",
  "});",
  "export default app;",
  "",
].join("\n");
