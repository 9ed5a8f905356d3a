import type { Config } from "../config/index.ts";
import type { Finding } from "../findings/index.ts";
import type { RiskBumps } from "../register/index.ts";
import { readHistory } from "./git.ts";
import { changesPerYear, type RepositoryHistory } from "./types.ts";

/** Rules that need code health, so the audit runs them after pricing the other rules' findings. */
export const AFTER_HEALTH_RULES: ReadonlySet<string> = new Set(["history/hotspot"]);

const isoDate = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

/**
 * The audit's history step: reads git history for the files discovery found (so memory is bounded
 * by the repository's current files, not by everything it ever held) or says why it did not.
 */
export async function loadHistory(
  root: string,
  config: Config,
  paths: readonly string[],
): Promise<{ history?: RepositoryHistory; note: string }> {
  if (!config.history.enabled) {
    return {
      note: `History is off (--no-history or history.enabled: false): every file's interest assumes ${config.scoring.defaultChangesPerYear} changes a year (scoring.defaultChangesPerYear).`,
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
      note: `${result.note} Every file's interest assumes ${config.scoring.defaultChangesPerYear} changes a year.`,
    };
  const { window, commits } = result.history;
  const span =
    window.source === "configured"
      ? `from ${isoDate(window.since)} (history.since)`
      : `the ${config.history.windowMonths} months before the newest commit`;
  return {
    history: result.history,
    note: `Interest uses each file's change rate from git: ${commits.inWindow} commits in the window ${isoDate(window.since)} to ${isoDate(window.until)} (${span}); files git does not know assume ${config.scoring.defaultChangesPerYear} changes a year.`,
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

/** Hotspot and silo bumps of SPEC section 3's Risk, from the history rules' findings. */
/**
 * SPEC section 3's Risk bumps by file: hotspot (a history/hotspot item), silo (the files of a
 * history/knowledge-silo item) and untested (a quality/untested-module item on the file, or
 * the repository-wide one that says no test exists at all, which covers every code file).
 */
export function riskBumpsFrom(
  findings: readonly Finding[],
  codePaths: readonly string[] = [],
): Map<string, Partial<RiskBumps>> {
  const bumps = new Map<string, Partial<RiskBumps>>();
  const mark = (path: string, bump: keyof RiskBumps) =>
    bumps.set(path, { ...bumps.get(path), [bump]: true });
  for (const finding of findings) {
    if (finding.rule === "history/hotspot" && finding.path) mark(finding.path, "hotspot");
    if (finding.rule === "history/knowledge-silo")
      for (const place of finding.places ?? []) mark(place.path, "silo");
    if (finding.rule === "quality/untested-module") {
      if (finding.path) mark(finding.path, "untested");
      else for (const path of codePaths) mark(path, "untested");
    }
  }
  return bumps;
}

interface PricedItem {
  rule: string;
  path?: string;
  evidence: Record<string, number | string | boolean>;
  money: { interest: number };
}

/** The report's `history` section: window, per-file change counts, hotspots, coupled pairs, silos. */
export function historySection(
  history: RepositoryHistory,
  items: readonly PricedItem[],
  files: ReadonlyArray<{ path: string; linesOfCode: number; health: number }>,
) {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const interestOf = new Map<string, number>();
  for (const item of items)
    if (item.path)
      interestOf.set(
        item.path,
        Math.round(((interestOf.get(item.path) ?? 0) + item.money.interest) * 100) / 100,
      );
  const perFile = files
    .flatMap((f) => {
      const past = history.files.get(f.path);
      if (!past) return [];
      return [
        {
          path: f.path,
          commits: past.commits,
          commitsAllTime: past.commitsAllTime,
          changesPerYear: changesPerYear(past, history.window),
          added: past.added,
          removed: past.removed,
          firstChange: new Date(past.firstChange * 1000).toISOString(),
          lastChange: new Date(past.lastChange * 1000).toISOString(),
          authors: past.authors.map((a) => ({
            name: a.name,
            added: a.added,
            commits: a.commits,
            share: a.share,
          })),
        },
      ];
    })
    .sort((a, b) => b.commits - a.commits || (a.path < b.path ? -1 : 1));
  return {
    window: {
      since: new Date(history.window.since * 1000).toISOString(),
      until: new Date(history.window.until * 1000).toISOString(),
      source: history.window.source,
    },
    commits: history.commits,
    authors: history.authors.size,
    files: perFile,
    hotspots: items
      .filter((i) => i.rule === "history/hotspot" && i.path)
      .map((i) => ({
        path: i.path!,
        changes: Number(i.evidence.changes),
        health: byPath.get(i.path!)?.health ?? Number(i.evidence.health),
        healthBeforeHotspot: Number(i.evidence.health),
        linesOfCode: byPath.get(i.path!)?.linesOfCode ?? Number(i.evidence.linesOfCode),
        interest: interestOf.get(i.path!) ?? 0,
      }))
      .sort(
        (a, b) => b.interest - a.interest || b.changes - a.changes || (a.path < b.path ? -1 : 1),
      ),
    coupling: items
      .filter((i) => i.rule === "history/change-coupling" && i.path)
      .map((i) => ({
        a: i.path!,
        b: String(i.evidence.coupledWith),
        shared: Number(i.evidence.shared),
        degree: Number(i.evidence.degree),
        revisionsA: Number(i.evidence.revisionsA),
        revisionsB: Number(i.evidence.revisionsB),
      }))
      .sort((x, y) => y.degree - x.degree || y.shared - x.shared || (x.a < y.a ? -1 : 1)),
    silos: items
      .filter((i) => i.rule === "history/knowledge-silo")
      .map((i) => ({
        module: String(i.evidence.module),
        author: String(i.evidence.author),
        share: Number(i.evidence.share),
        active: i.evidence.active === true,
        daysSinceLastCommit: Number(i.evidence.daysSinceLastCommit),
        files: Number(i.evidence.files),
      }))
      .sort((x, y) => (x.module < y.module ? -1 : 1)),
  };
}
export type HistorySection = ReturnType<typeof historySection>;
