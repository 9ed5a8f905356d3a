import { SECONDS_PER_YEAR, type AuthorHistory, type RepositoryHistory } from "./types.ts";

/**
 * Automated committers: their commits are no engineer's time. Matched on the name and the e-mail
 * (`49699333+dependabot[bot]@users.noreply.github.com`, `Renovate Bot`, `github-actions`).
 */
const BOT =
  /\[bot\]|\bbot\b|dependabot|renovate|github-actions|greenkeeper|semantic-release|all-?contributors|imgbot|weblate|crowdin|transifex|snyk-|mergify|depfu|pre-commit-ci|^noreply@github\.com$/i;

export function isBot(author: Pick<AuthorHistory, "key" | "name">): boolean {
  return BOT.test(author.name) || BOT.test(author.key);
}

/** Working weeks in a year (52 less leave and holidays): an author active in all of them is one engineer. */
export const WORKING_WEEKS = 46;

/** The team the history shows: who worked on the code in the window and how much. */
export interface MeasuredTeam {
  /** Full-time engineers: each human author's active weeks / 46 a year, at most 1. */
  engineers: number;
  /** Human authors with a commit in the window. */
  authors: number;
  /** Automated committers left out. */
  bots: number;
  /** Lines added plus removed in the window, over the files history kept (the audited files). */
  changedLines: number;
  /** Commits of the window per kept file, summed: the files' weights when git gave no line counts. */
  fileCommits: number;
  /** The window's length in years (at least a week). */
  years: number;
}

export function measureTeam(history: RepositoryHistory): MeasuredTeam {
  const years =
    Math.max(history.window.until - history.window.since, 7 * 24 * 3600) / SECONDS_PER_YEAR;
  let engineers = 0;
  let authors = 0;
  let bots = 0;
  for (const author of history.authors.values()) {
    const weeks = author.activeWeeks ?? 0;
    if (weeks === 0) continue;
    if (isBot(author)) {
      bots++;
      continue;
    }
    authors++;
    engineers += Math.min(1, weeks / (WORKING_WEEKS * years));
  }
  let changedLines = 0;
  let fileCommits = 0;
  for (const file of history.files.values()) {
    changedLines += file.added + file.removed;
    fileCommits += file.commits;
  }
  return {
    engineers: Math.round(engineers * 100) / 100,
    authors,
    bots,
    changedLines,
    fileCommits,
    years,
  };
}

/**
 * Each file's yearly engineering hours: the team's hours shared by the file's part of the lines
 * changed in the window. The parts sum to 1, so the files' hours sum to the team's, whatever
 * the commits' sizes (a commit touching 30 files no longer counts 30 changes' worth of time).
 * A partial clone gives no line counts: the files' commits in the window weigh them instead.
 */
export function fileHours(
  history: RepositoryHistory,
  teamHours: number,
  team: Pick<MeasuredTeam, "changedLines" | "fileCommits"> = measureTeam(history),
): Map<string, number> {
  const hours = new Map<string, number>();
  const byLines = team.changedLines > 0;
  const total = byLines ? team.changedLines : team.fileCommits;
  if (total === 0) return hours;
  for (const [path, file] of history.files) {
    const weight = byLines ? file.added + file.removed : file.commits;
    if (weight > 0) hours.set(path, (teamHours * weight) / total);
  }
  return hours;
}
