import { changesPerYear, type RepositoryHistory } from "../history/index.ts";

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
