import {
  execFile,
  execFileSync,
  spawn,
  type ChildProcessByStdio,
  type SpawnOptions,
} from "node:child_process";
import { lstatSync, readFileSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { Readable, Writable } from "node:stream";

/**
 * The one way debtlens runs git. The audited repository is hostile: git would otherwise honour
 * its configuration and hooks (core.fsmonitor runs a command on `ls-files`, textconv and external
 * diff drivers on `log -p`, gpg.program on `log` with log.showSignature, hooks on checkouts, a
 * promisor remote's transport on a missing blob). Everything that can run a program is switched
 * off on the command line, which outranks the repository's own configuration; the repository is
 * located by us and named explicitly, so a committed folder laid out as a git directory is never
 * discovered; every process has a timeout. Nothing else in src/ spawns git (a test checks).
 */

/** Configuration that outranks the repository's: nothing it names is ever executed. */
const HARDENED_CONFIG = [
  "core.fsmonitor=false",
  "core.hooksPath=/dev/null",
  "core.untrackedCache=false",
  "core.pager=cat",
  "core.quotepath=off",
  "core.sshCommand=false",
  "core.askPass=",
  "credential.helper=",
  "diff.external=",
  "log.showSignature=false",
  "safe.bareRepository=explicit",
  "protocol.allow=never",
  "gc.auto=0",
  "maintenance.auto=false",
  "color.ui=never",
  "i18n.logOutputEncoding=UTF-8",
];

/** Flags for subcommands that can produce diffs or verify signatures: nothing external runs. */
const LOG_FLAGS = ["--no-textconv", "--no-ext-diff", "--no-show-signature"];
const DIFF_FLAGS = ["--no-textconv", "--no-ext-diff"];
const COMMAND_FLAGS = new Map([
  ["log", LOG_FLAGS],
  ["show", LOG_FLAGS],
  ["whatchanged", LOG_FLAGS],
  ["diff", DIFF_FLAGS],
  ["diff-tree", DIFF_FLAGS],
]);

export const DEFAULT_TIMEOUT_MS = 120_000;

export class GitError extends Error {
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  constructor(message: string, stderr = "", exitCode: number | null = null, timedOut = false) {
    super(message);
    this.name = "GitError";
    this.stderr = stderr;
    this.exitCode = exitCode;
    this.timedOut = timedOut;
  }
}

export interface GitOptions {
  /** A folder inside the repository (paths in git's output are relative to it where git does that). */
  cwd: string;
  /** Kill git after this long (default 2 minutes). */
  timeoutMs?: number;
  maxBuffer?: number;
  /** The git executable (tests point elsewhere). */
  git?: string;
}

export interface Repository {
  /** The git directory (`.git`, or where a `.git` file points). */
  gitDir: string;
  /** The folder that holds `.git`. */
  workTree: string;
}

/**
 * Finds the repository that holds `folder` the way git would, but only through a `.git` entry:
 * a folder that merely looks like a git directory (HEAD, objects/, refs/, a config) is never
 * taken for one, and a `.git` that is a symbolic link is not followed. Undefined outside git.
 */
export function locateRepository(folder: string): Repository | undefined {
  let dir: string;
  try {
    dir = realpathSync(folder);
  } catch {
    return undefined;
  }
  for (;;) {
    const dotGit = join(dir, ".git");
    try {
      const stat = lstatSync(dotGit);
      if (stat.isDirectory()) return { gitDir: dotGit, workTree: dir };
      if (stat.isFile()) {
        // A linked worktree or a submodule: `.git` is a file naming the git directory.
        const match = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, "utf8").slice(0, 4096));
        if (!match) return undefined;
        const target = match[1]!.trim();
        return { gitDir: isAbsolute(target) ? target : resolve(dir, target), workTree: dir };
      }
      return undefined; // a link or anything else: not a repository we trust
    } catch {
      // no .git here: look in the parent
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The environment git runs in: the user's, less every GIT_* variable, plus ours. */
function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.startsWith("GIT_") && key !== "PAGER") env[key] = value;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_ATTR_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0", // read-only work never rewrites the index
    GIT_NO_REPLACE_OBJECTS: "1", // refs/replace cannot swap the history we read
    GIT_NO_LAZY_FETCH: "1",
    GIT_PAGER: "cat",
    PAGER: "cat",
    LC_ALL: "C",
  };
}

/** The full argument list for `git args` run in `cwd`, hardened. */
export function hardenedArguments(args: readonly string[], cwd: string): string[] {
  return argumentsFor(args, locateRepository(cwd));
}

function argumentsFor(args: readonly string[], repository: Repository | undefined): string[] {
  const location = repository
    ? [`--git-dir=${repository.gitDir}`, `--work-tree=${repository.workTree}`]
    : [];
  const config = HARDENED_CONFIG.flatMap((c) => ["-c", c]);
  const [command, ...rest] = args;
  const extra = (command && COMMAND_FLAGS.get(command)) ?? [];
  return [
    "--no-replace-objects",
    ...location,
    ...config,
    ...(command ? [command] : []),
    ...extra,
    ...rest,
  ];
}

/** The hardened argument list and process settings; the repository is located once. */
function prepare(args: readonly string[], options: GitOptions) {
  const repository = locateRepository(options.cwd);
  if (!repository) throw new GitError(`${options.cwd} is not inside a git repository`, "", 128);
  return { argv: argumentsFor(args, repository), settings: settingsOf(options) };
}

function settingsOf(options: GitOptions) {
  return {
    cwd: options.cwd,
    env: gitEnvironment(),
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    killSignal: "SIGKILL" as const,
    maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
    windowsHide: true,
  };
}

function failure(args: readonly string[], error: unknown): GitError {
  const e = error as NodeJS.ErrnoException & {
    stderr?: string | Buffer;
    status?: number | null;
    code?: string | number;
    killed?: boolean;
    signal?: string;
  };
  const stderr = String(e.stderr ?? "").slice(0, 4000);
  const timedOut = e.code === "ETIMEDOUT" || (e.killed === true && e.signal === "SIGKILL");
  const exitCode =
    typeof e.status === "number" ? e.status : typeof e.code === "number" ? e.code : null;
  const first = stderr.trim().split("\n")[0];
  const why = timedOut
    ? "timed out"
    : e.code === "ENOENT"
      ? "git is not installed"
      : (first ?? `exit ${exitCode}`);
  return new GitError(`git ${args[0] ?? ""} failed: ${why}`, stderr, exitCode, timedOut);
}

/** Runs git and resolves to its standard output (rejects with a GitError). */
export function runGit(args: readonly string[], options: GitOptions): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let prepared;
    try {
      prepared = prepare(args, options);
    } catch (error) {
      reject(error as GitError);
      return;
    }
    execFile(
      options.git ?? "git",
      prepared.argv,
      { ...prepared.settings, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error) reject(failure(args, Object.assign(error, { stderr })));
        else resolvePromise(stdout);
      },
    );
  });
}

/** The synchronous form, for discovery (one spawn before anything else can run). */
export function runGitSync(args: readonly string[], options: GitOptions): string {
  const { argv, settings } = prepare(args, options);
  try {
    return execFileSync(options.git ?? "git", argv, {
      ...settings,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    throw failure(args, error);
  }
}

export type GitProcess = ChildProcessByStdio<Writable | null, Readable, Readable>;

/**
 * Starts git with its output streamed (history passes that can be large). The process is killed
 * after the timeout (default 10 minutes for a stream); standard input is a pipe when `input` is
 * asked for (cat-file --batch).
 */
export function spawnGit(
  args: readonly string[],
  options: GitOptions & { input?: boolean },
): GitProcess {
  const { argv, settings } = prepare(args, options);
  const spawnOptions: SpawnOptions = {
    cwd: settings.cwd,
    env: settings.env,
    stdio: [options.input ? "pipe" : "ignore", "pipe", "pipe"],
    windowsHide: true,
  };
  const child = spawn(options.git ?? "git", argv, spawnOptions) as GitProcess;
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 600_000);
  timer.unref();
  child.on("close", () => clearTimeout(timer));
  return child;
}
