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

/**
 * The `git log` arguments of the one history pass: line counts with rename detection, or, in a
 * clone without the files' contents, file names only (`--name-status --no-renames`: both counting
 * lines and matching renames need the blobs, which git would otherwise try to fetch).
 */
export function logArguments(since: number | undefined, namesOnly = false): string[] {
  return [
    "log",
    ...(namesOnly ? ["--name-status", "--no-renames"] : ["--numstat", "-M"]),
    "--no-merges",
    "--relative",
    "--no-color",
    `--format=${LOG_FORMAT}`,
    ...(since === undefined ? [] : [`--since=@${since}`]),
  ];
}

/** What git says when an object the log needs is not in the clone (partial clone, damaged mirror). */
const MISSING_OBJECT =
  /unable to read|could not fetch .* from promisor remote|missing blob|bad object|could not read|promisor/i;

const isoDate = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

const FETCH_ALL =
  "In CI check out the whole history (GitHub Actions: `actions/checkout` with `fetch-depth: 0` and no `filter`; GitLab: `GIT_DEPTH: 0`)";

/** One streamed `git log` into a fresh collector: the history, or git's exit code and first error line. */
async function streamLog(
  root: string,
  args: string[],
  executable: string,
  collector: HistoryCollector,
): Promise<{ code: number | null; stderr: string } | "no-git"> {
  let child;
  try {
    child = spawnGit(args, { cwd: root, git: executable });
  } catch {
    return "no-git";
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
  return { code, stderr };
}

/** Whether the clone was made without the files' contents (`--filter=blob:none`): a promisor remote. */
async function isPartialClone(root: string, executable: string): Promise<boolean> {
  const promisor = await git(
    root,
    ["config", "--get-regexp", "^remote\\..*\\.promisor$"],
    executable,
  );
  const extension = await git(root, ["config", "--get", "extensions.partialclone"], executable);
  return Boolean(extension) || /\btrue\b/.test(promisor ?? "");
}

/**
 * Reads the history of the repository that holds `root` with one `git log`, streamed line by line
 * from the child's stdout into a `HistoryCollector` (bounded memory, whatever the log's size).
 * Paths come out relative to `root` (`--relative`), as discovery gives them. A shallow clone is
 * read up to its boundary and a clone without the files' contents by file names only, each with
 * a note saying what is missing and how to fetch it; without git, outside a repository or
 * without commits it returns a note instead and the audit goes on without history.
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
  const shallowAnswer = await git(root, ["rev-parse", "--is-shallow-repository"], executable);
  if (shallowAnswer === undefined) {
    return {
      history: undefined,
      note: "No git history (not a git repository, or git is not installed): interest uses scoring.defaultChangesPerYear and the history rules do not run.",
    };
  }
  const shallow = shallowAnswer === "true";
  let logSince: number | undefined;
  if (!options.readAll) {
    if (since === undefined) {
      const head = await git(root, ["log", "-1", "--format=%ct"], executable);
      if (head) logSince = monthsBefore(Number(head), options.windowMonths);
    } else logSince = since;
  }
  const collectorFor = (namesOnly: boolean) =>
    new HistoryCollector({
      ...(since === undefined ? {} : { since }),
      windowMonths: options.windowMonths,
      maxChangesetSize: options.maxChangesetSize,
      ...(options.keep ? { keep: options.keep } : {}),
      shallow,
      namesOnly,
    });
  // A partial clone would fail at its first missing blob: read names at once.
  let namesOnly = await isPartialClone(root, executable);
  let collector = collectorFor(namesOnly);
  let run = await streamLog(root, logArguments(logSince, namesOnly), executable, collector);
  if (run !== "no-git" && run.code !== 0 && !namesOnly && MISSING_OBJECT.test(run.stderr)) {
    namesOnly = true;
    collector = collectorFor(true);
    run = await streamLog(root, logArguments(logSince, true), executable, collector);
  }
  if (run === "no-git")
    return {
      history: undefined,
      note: "No git history (not a git repository): interest uses scoring.defaultChangesPerYear and the history rules do not run.",
    };
  if (run.code !== 0) {
    if (/does not have any commits/.test(run.stderr))
      return {
        history: undefined,
        note: "The repository has no commits yet: interest uses scoring.defaultChangesPerYear.",
      };
    return {
      history: undefined,
      note: `git log failed (${run.stderr.trim().split("\n")[0] || `exit ${run.code}`}): the audit goes on without history.`,
    };
  }
  const history = collector.finish();
  if (history.commits.read === 0)
    return {
      history: undefined,
      note: "No commits touch this folder: interest uses scoring.defaultChangesPerYear.",
    };
  const missing: string[] = [];
  if (history.completeness.shallowSince !== undefined)
    missing.push(
      `Shallow clone: git holds the history from ${isoDate(history.completeness.shallowSince)} only (${history.commits.read - 1} commits after the clone's boundary), so change rates use that shorter window and knowledge silos are not computed (who wrote the older code is unknown). Run \`git fetch --unshallow\` to read it all.`,
    );
  if (namesOnly)
    missing.push(
      "The clone lacks the contents of past files (a partial clone such as `--filter=blob:none`, or missing objects): history was read from file names only (`--name-status`, no rename detection), so there are no line counts (authorship is by commits) and a renamed file's history starts at its rename. Clone without `--filter` to read it all.",
    );
  return missing.length ? { history, note: `${missing.join(" ")} ${FETCH_ALL}.` } : { history };
}
