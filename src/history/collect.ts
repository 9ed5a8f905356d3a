import { parseNameStatus, parseNumstat } from "./numstat.ts";
import type {
  AuthorHistory,
  CoChange,
  FileAuthor,
  FileHistory,
  RepositoryHistory,
} from "./types.ts";

/** Separators of the `git log --format` this collector reads (record and unit separators). */
export const COMMIT_MARK = "\x1e";
export const FIELD_MARK = "\x1f";
/** Hash, committer time, author time, author (mailmap), e-mail and parents (none: a root, or a shallow clone's boundary). */
export const LOG_FORMAT = "%x1e%H%x1f%ct%x1f%at%x1f%aN%x1f%aE%x1f%P";

export interface CollectorOptions {
  /** Unix seconds; when absent the window starts `windowMonths` before the first (newest) commit read. */
  since?: number;
  windowMonths: number;
  /** Commits that touch more files than this are left out of change coupling (code-maat: 30). */
  maxChangesetSize: number;
  /** Keeps only the files for which this is true (under their current path), to bound memory. */
  keep?: (path: string) => boolean;
  /**
   * A shallow clone: a commit without parents is the boundary, and git shows it as adding every
   * file it holds. Its file lines are left out (they are a snapshot, not a change) and the window
   * starts no earlier than it.
   */
  shallow?: boolean;
  /** The log has `--name-status` lines (no blobs to count lines in): changes without line counts. */
  namesOnly?: boolean;
}

/** A file's history while the log streams in: the final shape, but authors still by key. */
interface FileAcc extends Omit<FileHistory, "authors"> {
  authors: Map<string, { added: number; commits: number }>;
}

interface CommitAcc {
  time: number;
  authorKey: string;
  inWindow: boolean;
  touched: Set<number>;
  size: number;
  /** A shallow clone's boundary commit: its lines are a snapshot, not a change. */
  boundary: boolean;
}

const WEEK = 7 * 24 * 3600;

/** Pair keys are two file ids packed in one number: exact below 2^26 files. */
const PAIR_BASE = 2 ** 26;

export function monthsBefore(seconds: number, months: number): number {
  const date = new Date(seconds * 1000);
  date.setUTCMonth(date.getUTCMonth() - months);
  return Math.floor(date.getTime() / 1000);
}

/**
 * Folds `git log --numstat -M` output, newest commit first, into per-file and per-author figures,
 * one line at a time. Memory holds one accumulator per kept file, per author and per co-changed
 * pair of kept files, and the commit being read: never the log. Renames are followed backwards:
 * when a commit renames `old` to `new`, every older line about `old` counts for the file `new` is
 * now (which may itself have been renamed later), so a moved file keeps its past.
 */
export class HistoryCollector {
  private readonly options: CollectorOptions;
  private readonly ids = new Map<string, number>();
  private readonly files: FileAcc[] = [];
  /** Older path -> current path, learnt from renames. */
  private readonly alias = new Map<string, string>();
  private readonly authors = new Map<string, AuthorHistory>();
  private readonly pairs = new Map<number, number>();
  /** Distinct weeks with a window commit, per author (at most one entry per week of the window). */
  private readonly weeks = new Map<string, Set<number>>();
  private commit: CommitAcc | undefined;
  private since: number | undefined;
  private until: number | undefined;
  private read = 0;
  private inWindow = 0;
  private ignoredForCoupling = 0;
  /** Committer time of the newest shallow boundary seen: nothing before it is known. */
  private boundary: number | undefined;

  constructor(options: CollectorOptions) {
    this.options = options;
    this.since = options.since;
  }

  line(line: string): void {
    if (line.startsWith(COMMIT_MARK)) {
      this.flush();
      this.startCommit(line.slice(1));
      return;
    }
    if (line === "" || !this.commit || this.commit.boundary) return;
    const entry = this.options.namesOnly ? parseNameStatus(line) : parseNumstat(line);
    if (!entry) return;
    const commit = this.commit;
    commit.size++;
    const current = this.alias.get(entry.path) ?? entry.path;
    const kept = !this.options.keep || this.options.keep(current);
    if (entry.from !== undefined && kept) this.alias.set(entry.from, current);
    if (!kept) return;
    let id = this.ids.get(current);
    if (id === undefined) {
      id = this.files.length;
      this.ids.set(current, id);
      this.files.push({
        path: current,
        commits: 0,
        commitsAllTime: 0,
        added: 0,
        removed: 0,
        addedAllTime: 0,
        removedAllTime: 0,
        firstChange: commit.time,
        lastChange: commit.time,
        couplingRevisions: 0,
        authors: new Map(),
      });
    }
    const file = this.files[id]!;
    const added = entry.added ?? 0;
    const removed = entry.removed ?? 0;
    const first = !commit.touched.has(id);
    commit.touched.add(id);
    if (first) file.commitsAllTime++;
    file.addedAllTime += added;
    file.removedAllTime += removed;
    if (commit.inWindow) {
      if (first) file.commits++;
      file.added += added;
      file.removed += removed;
    }
    file.firstChange = Math.min(file.firstChange, commit.time);
    file.lastChange = Math.max(file.lastChange, commit.time);
    const author = file.authors.get(commit.authorKey);
    if (author) {
      author.added += added;
      if (first) author.commits++;
    } else {
      file.authors.set(commit.authorKey, { added, commits: 1 });
    }
  }

  private startCommit(header: string): void {
    const [, committed, authored, name = "", email = "", parents = ""] = header.split(FIELD_MARK);
    const time = Number(committed);
    const authorTime = Number(authored);
    if (this.until === undefined) {
      this.until = time;
      this.since ??= monthsBefore(time, this.options.windowMonths);
    }
    const key = (email || name).toLowerCase();
    const author = this.authors.get(key);
    if (author) {
      author.commits++;
      if (authorTime > author.lastActive) author.lastActive = authorTime;
    } else {
      this.authors.set(key, { key, name, commits: 1, lastActive: authorTime });
    }
    const inWindow = time >= this.since! && time <= this.until;
    this.read++;
    if (inWindow) {
      this.inWindow++;
      const weeks = this.weeks.get(key) ?? new Set<number>();
      weeks.add(Math.floor(authorTime / WEEK));
      this.weeks.set(key, weeks);
    }
    const boundary = this.options.shallow === true && parents.trim() === "";
    if (boundary) this.boundary = Math.max(this.boundary ?? time, time);
    this.commit = { time, authorKey: key, inWindow, touched: new Set(), size: 0, boundary };
  }

  private flush(): void {
    const commit = this.commit;
    this.commit = undefined;
    if (!commit || !commit.inWindow || commit.touched.size === 0) return;
    if (commit.size > this.options.maxChangesetSize) {
      this.ignoredForCoupling++;
      return;
    }
    const ids = [...commit.touched].sort((x, y) => x - y);
    for (const id of ids) this.files[id]!.couplingRevisions++;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const key = ids[i]! * PAIR_BASE + ids[j]!;
        this.pairs.set(key, (this.pairs.get(key) ?? 0) + 1);
      }
    }
  }

  finish(): RepositoryHistory {
    this.flush();
    const until = this.until ?? 0;
    let since = this.since ?? monthsBefore(until, this.options.windowMonths);
    // A shallow clone knows the changes after its boundary only: the window starts there.
    if (this.boundary !== undefined && this.boundary > since) since = this.boundary;
    const files = new Map<string, FileHistory>();
    for (const acc of this.files) {
      const total = [...acc.authors.values()].reduce((s, a) => s + a.added, 0);
      const authors: FileAuthor[] = [...acc.authors].map(([key, a]) => ({
        key,
        name: this.authors.get(key)?.name ?? key,
        added: a.added,
        commits: a.commits,
        share:
          Math.round((total > 0 ? a.added / total : a.commits / acc.commitsAllTime) * 10000) /
          10000,
      }));
      authors.sort(
        (x, y) => y.share - x.share || y.commits - x.commits || (x.key < y.key ? -1 : 1),
      );
      files.set(acc.path, {
        path: acc.path,
        commits: acc.commits,
        commitsAllTime: acc.commitsAllTime,
        added: acc.added,
        removed: acc.removed,
        addedAllTime: acc.addedAllTime,
        removedAllTime: acc.removedAllTime,
        firstChange: acc.firstChange,
        lastChange: acc.lastChange,
        authors,
        couplingRevisions: acc.couplingRevisions,
      });
    }
    const pairs: CoChange[] = [];
    for (const [key, shared] of this.pairs) {
      if (shared < 2) continue;
      const x = this.files[Math.floor(key / PAIR_BASE)]!.path;
      const y = this.files[key % PAIR_BASE]!.path;
      pairs.push(x < y ? { a: x, b: y, shared } : { a: y, b: x, shared });
    }
    pairs.sort(
      (p, q) => q.shared - p.shared || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : 1),
    );
    return {
      window: { since, until, source: this.options.since === undefined ? "default" : "configured" },
      commits: {
        read: this.read,
        inWindow: this.inWindow,
        ignoredForCoupling: this.ignoredForCoupling,
      },
      files,
      authors: new Map(
        [...this.authors].map(([key, a]) => [
          key,
          { ...a, activeWeeks: this.weeks.get(key)?.size ?? 0 },
        ]),
      ),
      pairs,
      maxChangesetSize: this.options.maxChangesetSize,
      completeness: {
        ...(this.boundary === undefined ? {} : { shallowSince: this.boundary }),
        lineCounts: this.options.namesOnly !== true,
      },
    };
  }
}
