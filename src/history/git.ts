import { createInterface } from "node:readline";
import { runGit, spawnGit } from "../git/index.ts";
import { HistoryCollector, LOG_FORMAT, monthsBefore } from "./collect.ts";
import type { RepositoryHistory } from "./types.ts";

export interface ReadHistoryOptions {
  /** Start of the window (any date `Date.parse` reads); default `windowMonths` before the newest commit. */
  since?: string;
  windowMonths: number;
  maxChangesetSize: number;
  /** Read the whole history (all-time figures, authorship) or only the window (faster on huge repos). */
  readAll: boolean;
  keep?: (path: string) => boolean;
  /** The git executable (tests and the bench may point elsewhere). */
  git?: string;
}

export type HistoryResult =
  { history: RepositoryHistory; note?: string } | { history: undefined; note: string };

async function git(root: string, args: string[], executable: string): Promise<string | undefined> {
  try {
    return (await runGit(args, { cwd: root, git: executable, maxBuffer: 1024 * 1024 })).trim();
  } catch {
    return undefined;
  }
}

export function parseSince(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** The `git log` arguments of the one history pass. */
export function logArguments(since: number | undefined): string[] {
  return [
    "log",
    "--numstat",
    "-M",
    "--no-merges",
    "--relative",
    "--no-color",
    `--format=${LOG_FORMAT}`,
    ...(since === undefined ? [] : [`--since=@${since}`]),
  ];
}

/**
 * Reads the history of the repository that holds `root` with one `git log`, streamed line by line
 * from the child's stdout into a `HistoryCollector` (bounded memory, whatever the log's size).
 * Paths come out relative to `root` (`--relative`), as discovery gives them. Without git, outside
 * a repository, in a shallow clone or a repository without commits, it returns a note instead
 * and the audit goes on without history.
 */
export async function readHistory(
  root: string,
  options: ReadHistoryOptions,
): Promise<HistoryResult> {
  let since: number | undefined;
  if (options.since !== undefined) {
    since = parseSince(options.since);
    if (since === undefined)
      throw new Error(`history.since: expected a date such as 2024-01-31, got "${options.since}"`);
  }
  const executable = options.git ?? "git";
  const shallow = await git(root, ["rev-parse", "--is-shallow-repository"], executable);
  if (shallow === undefined) {
    return {
      history: undefined,
      note: "No git history (not a git repository, or git is not installed): interest uses scoring.defaultChangesPerYear and the history rules do not run.",
    };
  }
  if (shallow === "true") {
    return {
      history: undefined,
      note: "Shallow clone: its history is cut short, so change rates, hotspots, coupling and silos would be wrong. Run `git fetch --unshallow` (in CI: fetch-depth 0) to use history; interest uses scoring.defaultChangesPerYear.",
    };
  }
  let logSince: number | undefined;
  if (!options.readAll) {
    if (since === undefined) {
      const head = await git(root, ["log", "-1", "--format=%ct"], executable);
      if (head) logSince = monthsBefore(Number(head), options.windowMonths);
    } else logSince = since;
  }
  const collector = new HistoryCollector({
    ...(since === undefined ? {} : { since }),
    windowMonths: options.windowMonths,
    maxChangesetSize: options.maxChangesetSize,
    ...(options.keep ? { keep: options.keep } : {}),
  });
  let child;
  try {
    child = spawnGit(logArguments(logSince), { cwd: root, git: executable });
  } catch {
    return {
      history: undefined,
      note: "No git history (not a git repository): interest uses scoring.defaultChangesPerYear and the history rules do not run.",
    };
  }
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    if (stderr.length < 4000) stderr += chunk;
  });
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  lines.on("line", (line) => collector.line(line));
  const [code] = await Promise.all([
    new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", resolve);
    }),
    new Promise<void>((resolve) => lines.on("close", resolve)),
  ]);
  if (code !== 0) {
    if (/does not have any commits/.test(stderr))
      return {
        history: undefined,
        note: "The repository has no commits yet: interest uses scoring.defaultChangesPerYear.",
      };
    return {
      history: undefined,
      note: `git log failed (${stderr.trim().split("\n")[0] ?? `exit ${code}`}): the audit goes on without history.`,
    };
  }
  const history = collector.finish();
  if (history.commits.read === 0)
    return {
      history: undefined,
      note: "No commits touch this folder: interest uses scoring.defaultChangesPerYear.",
    };
  return { history };
}
