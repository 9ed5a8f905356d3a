import type { Config } from "../../config/index.ts";
import type { Finding } from "../../findings/index.ts";
import { note, type Note } from "../../shared/index.ts";
import { changesPerYear, readHistory, type RepositoryHistory } from "../../history/index.ts";
import type { ActiveRule } from "../../engine/index.ts";
import type { RiskBumps } from "../../register/index.ts";

const isoDate = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

export interface HistoryInput {
  history?: RepositoryHistory;
  note: Note;
}

/**
 * Reads git history for the files discovery found (so memory is bounded by the repository's
 * current files, not by everything it ever held) or says why it did not. git runs in its own
 * process and streams, so the audit starts this before the files are analysed and the two overlap.
 */
export async function loadHistory(
  root: string,
  config: Config,
  paths: readonly string[],
  inGit: boolean,
): Promise<HistoryInput> {
  const assumed = `every file's interest assumes ${config.scoring.defaultChangesPerYear} changes a year, within the team's hours`;
  if (!inGit)
    return {
      note: note(
        "history.outside-git",
        `No git history for this folder (not in a git repository, or ignored by the enclosing one): ${assumed} (scoring.defaultChangesPerYear).`,
      ),
    };
  if (!config.history.enabled) {
    return {
      note: note(
        "history.off",
        `History is off (--no-history or history.enabled: false): ${assumed} (scoring.defaultChangesPerYear).`,
      ),
    };
  }
  const present = new Set(paths);
  const result = await readHistory(root, {
    ...(config.history.since === undefined ? {} : { since: config.history.since }),
    windowMonths: config.history.windowMonths,
    maxChangesetSize: config.history.maxChangesetSize,
    readAll: config.history.readAll,
    keep: (path) => present.has(path),
  });
  if (!result.history)
    return {
      note: note(
        "history.unavailable",
        `${result.note} Every file's interest assumes ${config.scoring.defaultChangesPerYear} changes a year.`,
      ),
    };
  const { window, commits } = result.history;
  const span =
    window.source === "configured"
      ? `from ${isoDate(window.since)} (history.since)`
      : `the ${config.history.windowMonths} months before the newest commit`;
  return {
    history: result.history,
    // A shallow or partial clone says so in git's note: the code tells which.
    note: note(
      !result.note
        ? "history.window"
        : result.history.completeness.shallowSince
          ? "history.shallow-clone"
          : "history.partial-clone",
      `Interest uses the lines each file changed in git: ${commits.inWindow} commits in the window ${isoDate(window.since)} to ${isoDate(window.until)} (${span}); a file that did not change in the window carries no change-cost interest.${result.note ? ` ${result.note}` : ""}`,
      {
        commits: commits.inWindow,
        since: isoDate(window.since),
        until: isoDate(window.until),
      },
    ),
  };
}

/** Changes a year per file that git knows, for `buildRegister`'s `changesPerYear`. */
export function changeRates(
  history: RepositoryHistory,
  paths: readonly string[],
): Map<string, number> {
  const rates = new Map<string, number>();
  for (const path of paths) {
    const file = history.files.get(path);
    if (file) rates.set(path, changesPerYear(file, history.window));
  }
  return rates;
}

/**
 * SPEC section 3's Risk bumps by file, from the findings of the rules that declare one
 * (`riskBump`): to the finding's file, to every code file for a finding about the whole
 * repository, or to the files a finding lists.
 */
export function riskBumpsFrom(
  findings: readonly Finding[],
  rules: readonly ActiveRule[],
  codePaths: readonly string[] = [],
): Map<string, Partial<RiskBumps>> {
  const declared = new Map(
    rules.flatMap((r) => (r.rule.riskBump ? [[r.rule.id, r.rule.riskBump] as const] : [])),
  );
  const bumps = new Map<string, Partial<RiskBumps>>();
  const mark = (path: string, bump: keyof RiskBumps) =>
    bumps.set(path, { ...bumps.get(path), [bump]: true });
  for (const finding of findings) {
    const riskBump = declared.get(finding.rule);
    if (!riskBump) continue;
    if (riskBump.on === "places") {
      for (const place of finding.places ?? []) mark(place.path, riskBump.bump);
    } else if (finding.path) mark(finding.path, riskBump.bump);
    else for (const path of codePaths) mark(path, riskBump.bump);
  }
  return bumps;
}
