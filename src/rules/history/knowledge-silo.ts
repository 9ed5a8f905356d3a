import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { moduleOf } from "./modules.ts";

const options = z.strictObject({
  /** Share of the module's added lines one author must have written. */
  minShare: z.number().gt(0.5).max(1).default(0.8),
  /** Modules with fewer added lines in their history are too small to matter. */
  minLines: z.number().int().min(0).default(200),
  /** An author with no commit this many days before the newest commit is no longer active. */
  inactiveDays: z.number().int().min(1).default(180),
  moduleDepth: z.number().int().min(0).default(0),
});

const DAY = 24 * 3600;

/**
 * Knowledge per module is the authors' shares of the lines added, over the history read, to the
 * module's current files (renamed files keep their authors). A module is a silo when one author
 * wrote at least `minShare` of it; `high` when that author is no longer active. A repository with
 * a single author has no silos to report (every module would be one; that is the team's size,
 * not a finding per module).
 */
export const knowledgeSilo = defineRule({
  id: "history/knowledge-silo",
  riskBump: { bump: "silo", on: "places" },
  category: "quality",
  severity: "medium",
  remediationMinutes: 480,
  description: "A module written mostly by one author, worse when that author is no longer active.",
  rationale:
    "When one person holds a module's knowledge, their absence stops its changes and a newcomer pays to relearn it; code whose author has left is where defects hide longest.",
  version: 1,
  options,
  messages: {
    silo: "{{author}} wrote {{share}}% of module {{module}} ({{lines}} added lines, {{files}} files). Spread the knowledge: pair, review and document before it is needed.",
    inactive:
      "{{author}} wrote {{share}}% of module {{module}} ({{lines}} added lines, {{files}} files) and has not committed for {{days}} days. Nobody active knows this code: have someone take it over.",
  },
  analyze(context) {
    const history = context.history;
    if (!history || history.authors.size < 2) return;
    const { minShare, minLines, inactiveDays, moduleDepth } = context.options;
    const modules = new Map<
      string,
      {
        files: Array<{ path: string; lines: number }>;
        byAuthor: Map<string, number>;
        total: number;
      }
    >();
    for (const file of context.files) {
      const past = history.files.get(file.path);
      if (!past) continue;
      const name = moduleOf(file.path, moduleDepth);
      let module = modules.get(name);
      if (!module) modules.set(name, (module = { files: [], byAuthor: new Map(), total: 0 }));
      module.files.push({ path: file.path, lines: file.lines });
      for (const author of past.authors) {
        module.byAuthor.set(author.key, (module.byAuthor.get(author.key) ?? 0) + author.added);
        module.total += author.added;
      }
    }
    for (const [name, module] of [...modules].sort(([x], [y]) => (x < y ? -1 : 1))) {
      if (module.total < minLines || module.total === 0) continue;
      const [key, lines] = [...module.byAuthor].sort(
        (x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1),
      )[0]!;
      const share = lines / module.total;
      if (share < minShare) continue;
      const author = history.authors.get(key)!;
      const idleDays = Math.floor((history.window.until - author.lastActive) / DAY);
      const inactive = idleDays >= inactiveDays;
      const percent = Math.round(share * 1000) / 10;
      context.report({
        messageId: inactive ? "inactive" : "silo",
        key: `silo:${name}`,
        symbol: name,
        severity: inactive ? "high" : "medium",
        places: module.files.map((f) => ({ path: f.path, startLine: 1, endLine: f.lines })),
        data: {
          author: author.name,
          share: percent,
          module: name,
          lines: module.total,
          files: module.files.length,
          days: idleDays,
        },
        evidence: {
          module: name,
          author: author.name,
          share: percent,
          authorLines: lines,
          moduleLines: module.total,
          files: module.files.length,
          daysSinceLastCommit: idleDays,
          active: !inactive,
        },
      });
    }
  },
});
