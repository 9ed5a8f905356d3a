import { z } from "zod";
import { defineRule, type FileSummary } from "../../engine/index.ts";
import { monthsBefore, type AuthorHistory, type HistoryView } from "../../history/index.ts";
import { isTestFile } from "../../shared/index.ts";
import { artifactKind } from "./artifacts.ts";
import { moduleOf } from "./modules.ts";

const options = z.strictObject({
  /** Share of the code's knowledge (its authors' shares, weighted by lines) held by authors who left. */
  minShare: z.number().gt(0.5).max(1).default(0.8),
  /** Lines of code the orphaned files must hold together to be worth an item. */
  minLines: z.number().int().min(0).default(200),
  /** An author with no commit in this many months before the newest commit is no longer active. */
  inactiveMonths: z.number().int().min(1).default(6),
  moduleDepth: z.number().int().min(0).default(0),
  /** Authors whose name or e-mail contains one of these (any case) are tools: they know nothing. */
  bots: z
    .array(z.string().min(1))
    .default([
      "[bot]",
      "dependabot",
      "renovate",
      "github-actions",
      "greenkeeper",
      "semantic-release",
      "weblate",
      "crowdin",
      "transifex",
    ]),
});

const DAY = 24 * 3600;
/** Migrations and seeds are written once and never read again: nobody needs to know them. */
const WRITE_ONCE = /(^|\/)(migrations?|seeds?|seeders)\//;
/** A person, whatever address they commit from: a personal and a work e-mail are one author. */
const personOf = (a: AuthorHistory) => a.name.trim().toLowerCase() || a.key;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const percent = (share: number) => Math.round(share * 1000) / 10;

interface Orphan {
  path: string;
  lines: number;
  linesOfCode: number;
  /** Share of the file's knowledge held by inactive authors. */
  gone: number;
  /** Knowledge per inactive author, weighted by the file's lines of code. */
  byAuthor: Map<string, number>;
  changedInWindow: boolean;
}

interface Module {
  lines: number;
  files: number;
  orphans: Orphan[];
}

/** Per module: its lines of code and files judged, and the files whose knowledge left with authors. */
function orphansByModule(
  files: readonly FileSummary[],
  history: HistoryView,
  { minShare, moduleDepth }: { minShare: number; moduleDepth: number },
  gone: (a: AuthorHistory | undefined) => boolean,
  isBot: (a: AuthorHistory) => boolean,
): Map<string, Module> {
  const known = (a: AuthorHistory | undefined) => a !== undefined && !isBot(a);
  const modules = new Map<string, Module>();
  for (const file of files) {
    const past = history.files.get(file.path);
    if (!past || !file.language || file.linesOfCode === 0) continue;
    // Tests follow the code they test; tool-written and write-once files hold no knowledge.
    if (isTestFile(file.path) || artifactKind(file.path) || WRITE_ONCE.test(file.path)) continue;
    const authors = past.authors.filter((a) => known(history.authors.get(a.key)));
    const total = authors.reduce((s, a) => s + a.share, 0);
    if (total === 0) continue;
    const name = moduleOf(file.path, moduleDepth);
    const module = modules.get(name) ?? { lines: 0, files: 0, orphans: [] };
    modules.set(name, module);
    module.lines += file.linesOfCode;
    module.files++;
    const byAuthor = new Map<string, number>();
    for (const a of authors) {
      const author = history.authors.get(a.key)!;
      const person = personOf(author);
      if (gone(author))
        byAuthor.set(person, (byAuthor.get(person) ?? 0) + (a.share / total) * file.linesOfCode);
    }
    const goneShare = [...byAuthor.values()].reduce((s, v) => s + v, 0) / file.linesOfCode;
    if (goneShare >= minShare)
      module.orphans.push({
        path: file.path,
        lines: file.lines,
        linesOfCode: file.linesOfCode,
        gone: goneShare,
        byAuthor,
        changedInWindow: past.commits > 0,
      });
  }
  return modules;
}

/**
 * Knowledge of a file is its human authors' shares of the lines they added over the history read
 * (of their commits, in a clone without line counts), renames followed; bots hold none. A file is
 * orphaned when authors who are no longer active hold at least `minShare` of it. A module whose
 * code (by lines) is that orphaned is reported whole; otherwise its orphaned files are reported by
 * name. An author who is still active is no silo, however much of the code they wrote: a founder
 * who wrote most of the repository is the team's size, not a finding. A shallow clone, whose older
 * authors are unknown, has no silos to report.
 */
export const knowledgeSilo = defineRule({
  id: "history/knowledge-silo",
  riskBump: { bump: "silo", on: "places" },
  category: "quality",
  severity: "medium",
  remediationMinutes: 480,
  description:
    "Modules and files whose only or main authors are no longer active: nobody left knows them.",
  rationale:
    "Code whose authors have left is relearned at every change: a newcomer pays for what the author knew, and it is where defects hide longest.",
  version: 2,
  options,
  messages: {
    module:
      "Nobody active knows module {{module}} ({{files}}, {{lines}} lines of code): {{share}}% of it was written by authors who no longer commit, {{authors}}; active authors wrote {{active}}%. Have an active engineer take it over, starting with its tests.",
    files:
      "Nobody active knows {{count}} of the {{total}} files of {{module}} ({{names}}; {{lines}} lines of code): {{share}}% of them was written by authors who no longer commit, {{authors}}. Have an active engineer take them over, starting with their tests.",
  },
  analyze(context) {
    const history = context.history;
    if (!history || history.completeness.shallowSince !== undefined) return;
    const { minShare, minLines, inactiveMonths, moduleDepth, bots } = context.options;
    const marks = bots.map((b) => b.toLowerCase());
    const isBot = (a: AuthorHistory) =>
      marks.some((m) => a.name.toLowerCase().includes(m) || a.key.includes(m));
    // A person is active when any of their identities is (outline's founder commits from two).
    const people = new Map<string, AuthorHistory>();
    for (const a of history.authors.values()) {
      if (isBot(a)) continue;
      const seen = people.get(personOf(a));
      if (!seen || a.lastActive > seen.lastActive) people.set(personOf(a), a);
    }
    if (people.size < 2) return;
    const activeSince = monthsBefore(history.window.until, inactiveMonths);
    const gone = (a: AuthorHistory | undefined) =>
      a !== undefined && !isBot(a) && people.get(personOf(a))!.lastActive < activeSince;

    const modules = orphansByModule(context.files, history, { minShare, moduleDepth }, gone, isBot);

    for (const [name, module] of [...modules].sort(([x], [y]) => (x < y ? -1 : 1))) {
      const orphanLines = module.orphans.reduce((s, o) => s + o.linesOfCode, 0);
      if (orphanLines === 0 || orphanLines < minLines) continue;
      const goneLines = module.orphans.reduce((s, o) => s + o.gone * o.linesOfCode, 0);
      const whole = goneLines / module.lines >= minShare;
      const byAuthor = new Map<string, number>();
      for (const o of module.orphans)
        for (const [key, lines] of o.byAuthor) byAuthor.set(key, (byAuthor.get(key) ?? 0) + lines);
      const ranked = [...byAuthor].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
      const main = people.get(ranked[0]![0])!;
      const idleDays = Math.floor((history.window.until - main.lastActive) / DAY);
      const named = ranked
        .slice(0, 2)
        .map(([key]) => people.get(key)!)
        .map(
          (a) =>
            `${a.name} (last commit ${Math.floor((history.window.until - a.lastActive) / DAY)} days before the newest)`,
        )
        .join(" and ");
      const authors = ranked.length > 2 ? `${named} and ${ranked.length - 2} more` : named;
      const base = whole ? module.lines : orphanLines;
      const share = percent(goneLines / base);
      const orphans = module.orphans.map((o) => o.path).sort();
      context.report({
        messageId: whole ? "module" : "files",
        key: `silo:${name}`,
        symbol: name,
        // Code nobody knows that still changes is the expensive kind; dormant code waits.
        severity: module.orphans.some((o) => o.changedInWindow) ? "high" : "medium",
        places: module.orphans
          .map((o) => ({ path: o.path, startLine: 1, endLine: o.lines }))
          .sort((x, y) => (x.path < y.path ? -1 : 1)),
        data: {
          module: name,
          files: plural(module.files, "file"),
          count: orphans.length,
          total: module.files,
          names: orphans
            .slice(0, 5)
            .map((p) => p.slice(p.lastIndexOf("/") + 1))
            .join(", ")
            .concat(orphans.length > 5 ? `, and ${orphans.length - 5} more` : ""),
          lines: base,
          authors,
          share,
          active: percent(1 - goneLines / base),
        },
        evidence: {
          module: name,
          scope: whole ? "module" : "files",
          author: main.name,
          share,
          authors: ranked.length,
          orphanedFiles: orphans.length,
          files: whole ? module.files : orphans.length,
          linesOfCode: base,
          daysSinceLastCommit: idleDays,
          active: false,
          basis: history.completeness.lineCounts ? "lines" : "commits",
        },
      });
    }
  },
});
