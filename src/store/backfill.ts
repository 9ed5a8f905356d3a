import { basename } from "node:path";
import type { Config } from "../config/index.ts";
import { runAudit, resolveCacheDir } from "../audit/index.ts";
import { materializeCommit, readRepositoryIdentity, runGit } from "../git/index.ts";
import { InputError, temporaryFolder } from "../shared/index.ts";
import { projectNameOf } from "./identity.ts";
import type { Store } from "./open.ts";
import { saveSnapshot } from "./save.ts";

/** A commit of the first-parent history: the mainline as it was merged. */
export interface HistoryCommit {
  commit: string;
  /** Committer date, ISO 8601. */
  date: string;
}

export interface BackfillPlan {
  /** `12m`, `26w`, `90d`, `2y` before the newest commit, or a date (YYYY-MM-DD). */
  since?: string;
  /** One snapshot per this much time: `1m`, `2w`, `7d`. */
  every?: string;
  /** Instead of since/every: the newest N commits. */
  commits?: number;
}

export const SPAN = /^(\d+)\s*([dwmy])$/i;

/** `n` spans of `unit` before `from` (months and years by the calendar). */
export function before(from: Date, span: string, times = 1): Date {
  const match = SPAN.exec(span.trim())!;
  const n = Number(match[1]) * times;
  const date = new Date(from);
  const unit = match[2]!.toLowerCase();
  if (unit === "d") date.setUTCDate(date.getUTCDate() - n);
  else if (unit === "w") date.setUTCDate(date.getUTCDate() - 7 * n);
  else if (unit === "m") date.setUTCMonth(date.getUTCMonth() - n);
  else date.setUTCFullYear(date.getUTCFullYear() - n);
  return date;
}

export function checkBackfillPlan(plan: BackfillPlan): void {
  if (plan.commits !== undefined) {
    if (!Number.isInteger(plan.commits) || plan.commits < 1)
      throw new InputError("backfill.commits", `--commits: expected a positive whole number`);
    return;
  }
  const since = plan.since ?? "12m";
  if (!SPAN.test(since) && Number.isNaN(Date.parse(since)))
    throw new InputError(
      "backfill.since",
      `--since: expected a span such as 12m, 26w, 90d, 2y or a date such as 2025-01-31, got "${since}"`,
    );
  const every = plan.every ?? "1m";
  if (!SPAN.test(every) || Number(SPAN.exec(every)![1]) === 0)
    throw new InputError(
      "backfill.every",
      `--every: expected a span such as 1m, 2w, 7d, got "${every}"`,
    );
}

/**
 * Which commits to audit, oldest first. With `commits`, the newest N of the first-parent history;
 * else one per `every` back from the newest commit until `since`: the newest commit at or before
 * each point (a quiet month gives the same commit twice, kept once).
 */
export function selectCommits(
  history: readonly HistoryCommit[],
  plan: BackfillPlan,
): HistoryCommit[] {
  checkBackfillPlan(plan);
  if (history.length === 0) return [];
  if (plan.commits !== undefined) return history.slice(0, plan.commits).reverse();
  const newest = new Date(history[0]!.date);
  const since = plan.since ?? "12m";
  const start = SPAN.test(since) ? before(newest, since) : new Date(Date.parse(since));
  const every = plan.every ?? "1m";
  const chosen: HistoryCommit[] = [];
  for (let k = 0; ; k++) {
    const point = before(newest, every, k);
    if (point.getTime() <= start.getTime()) break;
    const commit = history.find((c) => Date.parse(c.date) <= point.getTime());
    if (!commit) break;
    if (chosen.at(-1)?.commit !== commit.commit) chosen.push(commit);
  }
  return chosen.reverse();
}

/** The first-parent history of HEAD, newest first. */
export async function firstParentHistory(repository: string): Promise<HistoryCommit[]> {
  let out: string;
  try {
    out = await runGit(["log", "--first-parent", "--format=%H %cI", "HEAD"], {
      cwd: repository,
      maxBuffer: 256 << 20,
    });
  } catch {
    throw new InputError(
      "backfill.no-git",
      `${repository}: not a git repository with commits (backfill audits past commits)`,
    );
  }
  return out
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [commit, date] = line.split(" ");
      return { commit: commit!, date: date! };
    });
}

export interface BackfillOptions {
  repository: string;
  store: Store;
  config: Config;
  plan: BackfillPlan;
  project?: string;
  offline?: boolean;
  /** The per-file cache shared by every commit's audit (default: the repository's own). */
  cacheDir?: string;
  onProgress?: (event: {
    done: number;
    total: number;
    commit: HistoryCommit;
    skipped: boolean;
  }) => void;
}

export interface BackfillResult {
  project: string;
  saved: number;
  /** Commits the store already had (an earlier, interrupted backfill resumes past them). */
  skipped: number;
  commits: HistoryCommit[];
}

/**
 * Audits past commits, oldest first, each written into a temporary folder without a checkout
 * (`materializeCommit`: no hook or filter of the repository runs) and removed afterwards, and
 * saves each as a snapshot dated by its commit. Every audit uses the same per-file cache, so files
 * unchanged between commits are not parsed again. Commits already in the store are skipped: an
 * interrupted backfill, run again, resumes where it stopped.
 */
export async function backfill(options: BackfillOptions): Promise<BackfillResult> {
  const { repository, store, config } = options;
  const history = await firstParentHistory(repository);
  const commits = selectCommits(history, options.plan);
  const identity = await readRepositoryIdentity(repository);
  const project = projectNameOf(options.project, identity, repository);
  const cacheDir = options.cacheDir ?? resolveCacheDir(repository, config);
  const stored = new Set(
    (
      await store.db
        .selectFrom("snapshots")
        .innerJoin("projects", "projects.id", "snapshots.project_id")
        .select("snapshots.commit")
        .where("projects.name", "=", project)
        .execute()
    ).map((r) => r.commit),
  );
  let saved = 0;
  let skipped = 0;
  for (const [index, commit] of commits.entries()) {
    if (stored.has(commit.commit)) {
      skipped++;
      options.onProgress?.({ done: index + 1, total: commits.length, commit, skipped: true });
      continue;
    }
    const folder = temporaryFolder("backfill");
    try {
      await materializeCommit(repository, commit.commit, folder.path);
      const report = await runAudit({
        root: folder.path,
        config: structuredClone(config),
        cacheDir,
        offline: options.offline === true,
      });
      // The temporary folder's name means nothing to a reader of the stored report.
      report.root = basename(repository);
      await saveSnapshot(store, report, {
        project,
        identity: {
          ...(identity.remote ? { remote: identity.remote } : {}),
          commit: commit.commit,
          commitDate: commit.date,
        },
        source: "backfill",
      });
      saved++;
    } finally {
      folder.remove();
    }
    options.onProgress?.({ done: index + 1, total: commits.length, commit, skipped: false });
  }
  return { project, saved, skipped, commits };
}
