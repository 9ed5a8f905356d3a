import { runGit } from "../git/index.ts";

/**
 * The two DORA keys git can measure honestly: how often the code ships (release tags, else merges
 * into the default branch) and the lead time from a change's first commit to its release. Change
 * failure rate and time to restore need incidents and deployments, which git does not hold.
 */
export interface Release {
  /** The tag (several tags on one commit, as monorepos make, are one release) or the merge. */
  name: string;
  commit: string;
  date: string;
  /** Commits the release brought (since the previous one). */
  commits: number;
  /** Median days from those commits' author dates to the release. */
  leadTimeDays: number | null;
  /** Each released commit's lead time in days (the window's median is taken over all of them). */
  leadTimes: number[];
}

export interface Delivery {
  source: "tags" | "merges" | "none";
  since: string;
  until: string;
  releases: Release[];
  /** Releases per week over the window. */
  perWeek: number | null;
  /** Median over every released commit in the window, in days. */
  leadTimeDays: number | null;
  note?: string;
}

/** A tag that names a version: `v1.2.3`, `1.2`, `pkg@1.2.3`, `release-2024.05`, `api/v2.0.1`. */
const VERSION_TAG = /(?:^|[@/-])v?\d+\.\d+/;
const DAY = 86_400_000;
/** Merges read at most: lead time costs one git call per merge. */
const MAX_MERGES = 200;

export interface DeliveryOptions {
  /** Start and end of the window (ISO 8601 or epoch ms). */
  since: Date;
  until: Date;
}

export async function measureDelivery(root: string, options: DeliveryOptions): Promise<Delivery> {
  const git = (args: string[]) => runGit(args, { cwd: root, timeoutMs: 60_000 });
  const window = { since: options.since.toISOString(), until: options.until.toISOString() };
  const weeks = Math.max(1, (options.until.getTime() - options.since.getTime()) / (7 * DAY));
  const inWindow = (date: string) => {
    const time = Date.parse(date);
    return time >= options.since.getTime() && time <= options.until.getTime();
  };

  const tags = await releaseTags(git);
  const tagged = tags.filter((t) => inWindow(t.date));
  if (tagged.length >= 2) {
    const releases: Release[] = [];
    for (const tag of tagged) {
      const previous = tags[tags.indexOf(tag) - 1];
      // Without an earlier release the first tag's commits go back to the repository's start:
      // their "lead time" would be the project's age, so it gets none.
      const dates = previous ? await authorDates(git, `${previous.commit}..${tag.commit}`) : [];
      const leadTimes = dates.map((d) => days(d, tag.date));
      releases.push({
        ...tag,
        commits: dates.length,
        leadTimeDays: previous ? median(leadTimes) : null,
        leadTimes,
      });
    }
    return summarise("tags", window, releases, weeks);
  }

  const merges = await mergesIntoHead(git, window.since);
  const merged = merges.filter((m) => inWindow(m.date)).slice(0, MAX_MERGES);
  if (merged.length > 0) {
    const releases: Release[] = [];
    for (const merge of merged) {
      const dates = await authorDates(git, `${merge.firstParent}..${merge.secondParent}`);
      const leadTimes = dates.map((d) => days(d, merge.date));
      releases.push({
        name: merge.commit.slice(0, 12),
        commit: merge.commit,
        date: merge.date,
        commits: dates.length,
        leadTimeDays: median(leadTimes),
        leadTimes,
      });
    }
    const delivery = summarise("merges", window, releases, weeks);
    return {
      ...delivery,
      note: `no release tags in the window: each merge into the default branch counts as a deployment${merges.length > MAX_MERGES ? ` (the newest ${MAX_MERGES} read)` : ""}`,
    };
  }
  return {
    source: "none",
    ...window,
    releases: [],
    perWeek: null,
    leadTimeDays: null,
    note: "no release tags and no merge commits in the window (squash merges leave none): deployment frequency and lead time cannot be measured from git",
  };
}

function summarise(
  source: Delivery["source"],
  window: { since: string; until: string },
  releases: Release[],
  weeks: number,
): Delivery {
  // per change, as DORA defines it: a release of forty commits weighs forty times one of one
  const leadTimes = releases.flatMap((r) => r.leadTimes);
  return {
    source,
    ...window,
    releases,
    perWeek: round2(releases.length / weeks),
    leadTimeDays: median(leadTimes),
  };
}

async function releaseTags(git: (args: string[]) => Promise<string>) {
  const out = await git([
    "for-each-ref",
    "--sort=creatordate",
    "--format=%(refname:short)%09%(creatordate:iso-strict)%09%(objectname)%09%(*objectname)",
    "refs/tags",
  ]);
  const byCommit = new Map<string, { name: string; commit: string; date: string }>();
  for (const line of out.split("\n")) {
    const [name, date, object, peeled] = line.split("\t");
    if (!name || !date || !object || !VERSION_TAG.test(name)) continue;
    const commit = peeled || object;
    const known = byCommit.get(commit);
    if (known) known.name = `${known.name}, ${name}`;
    else byCommit.set(commit, { name, commit, date });
  }
  return [...byCommit.values()].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
}

async function mergesIntoHead(git: (args: string[]) => Promise<string>, since: string) {
  const out = await git([
    "log",
    "--first-parent",
    "--merges",
    `--since=${since}`,
    "--format=%H%x09%cI%x09%P",
    "HEAD",
  ]).catch(() => "");
  const merges = [];
  for (const line of out.split("\n")) {
    const [commit, date, parents] = line.split("\t");
    const [firstParent, secondParent] = parents?.split(" ") ?? [];
    if (commit && date && firstParent && secondParent)
      merges.push({ commit, date, firstParent, secondParent });
  }
  return merges.reverse();
}

async function authorDates(git: (args: string[]) => Promise<string>, range: string) {
  const out = await git(["log", "--no-merges", "--format=%aI", range]).catch(() => "");
  return out.split("\n").filter(Boolean);
}

function days(from: string, to: string): number {
  return Math.max(0, (Date.parse(to) - Date.parse(from)) / DAY);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return round2(value);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
