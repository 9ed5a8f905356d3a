/** One author's part in one file: lines added and commits over the history read. */
export interface FileAuthor {
  /** Lower-cased e-mail (after .mailmap): the identity, since names vary in spelling. */
  key: string;
  name: string;
  added: number;
  commits: number;
  /** Share of the file's added lines (of its commits when no line was ever added, e.g. binaries). */
  share: number;
}

/** What history says about one file, under its current path (renames followed). */
export interface FileHistory {
  path: string;
  /** Commits in the window. */
  commits: number;
  /** Commits over all the history read (`history.readAll`: the whole history). */
  commitsAllTime: number;
  /** Lines added and removed in the window. */
  added: number;
  removed: number;
  addedAllTime: number;
  removedAllTime: number;
  /** Unix seconds (committer date) of the oldest and newest commit that touched the file. */
  firstChange: number;
  lastChange: number;
  /** Authors over all the history read, largest share first. */
  authors: FileAuthor[];
  /** Window commits small enough for change coupling (at most `maxChangesetSize` files). */
  couplingRevisions: number;
}

export interface AuthorHistory {
  key: string;
  name: string;
  commits: number;
  /** Unix seconds (author date) of the author's newest commit. */
  lastActive: number;
  /** Distinct weeks (author date) with a commit in the window: how much of the year they worked here. */
  activeWeeks?: number;
}

/** Two files changed in the same commits of the window (paths in byte order, `a` < `b`). */
export interface CoChange {
  a: string;
  b: string;
  /** Window commits (of at most `maxChangesetSize` files) that changed both. */
  shared: number;
}

export interface HistoryWindow {
  /** Unix seconds: the window is [since, until]; `until` is the newest commit's committer date. */
  since: number;
  until: number;
  /** How the start was chosen: `--since`/`history.since`, or `windowMonths` before the newest commit. */
  source: "configured" | "default";
}

/** The result of the one pass over `git log`: per-file and per-author summaries, never the log. */
export interface RepositoryHistory {
  window: HistoryWindow;
  commits: { read: number; inWindow: number; ignoredForCoupling: number };
  files: ReadonlyMap<string, FileHistory>;
  authors: ReadonlyMap<string, AuthorHistory>;
  /** Co-changes seen at least twice (one shared commit is no pattern). */
  pairs: readonly CoChange[];
  maxChangesetSize: number;
  /** What the clone let the pass read. */
  completeness: HistoryCompleteness;
}

/**
 * A shallow clone stops at its boundary commit (`shallowSince`: nothing older is known, so
 * authorship is partial); a clone without the files' contents (partial clone, missing objects)
 * gives file names only: no line counts (authorship by commits) and no rename detection.
 */
export interface HistoryCompleteness {
  /** Unix seconds: the boundary commit of a shallow clone, when the pass reached it. */
  shallowSince?: number;
  lineCounts: boolean;
}

/** What repository rules see: the history plus, in the post-register stage, code health per file. */
export interface HistoryView extends RepositoryHistory {
  /** Code health (1-10) per file from the other rules' findings; only set for `history/hotspot`. */
  health?: ReadonlyMap<string, number>;
}

export const SECONDS_PER_YEAR = 365.25 * 24 * 3600;

/** Changes a year of a file: window commits over the window's length in years. */
export function changesPerYear(file: Pick<FileHistory, "commits">, window: HistoryWindow): number {
  const years = Math.max(window.until - window.since, 24 * 3600) / SECONDS_PER_YEAR;
  return Math.round((file.commits / years) * 100) / 100;
}
