import { z } from "zod";
import { defineRule } from "../../engine/index.ts";

const options = z.strictObject({
  /** Share of the changed files, by changes in the window, that count as frequently changed. */
  topShare: z.number().gt(0).max(1).default(0.1),
  /** A file needs at least this many commits in the window to be a hotspot. */
  minChanges: z.number().int().min(1).default(3),
  /** Code health below which a frequently changed file is a hotspot (the register's healthy threshold). */
  maxHealth: z.number().min(1).max(10).default(9),
  /** Health below which a hotspot is `high` rather than `medium` (the register's alert threshold). */
  alertHealth: z.number().min(1).max(10).default(4),
});

/**
 * Ranking (documented in docs/rules/history/hotspot.md): files changed in the window are ordered
 * by commits in the window (then lines of code, then path); the first `topShare` of them (at least
 * one) with at least `minChanges` commits are the frequently changed files. Of those, the ones
 * whose code health is below `maxHealth` are hotspots, reported in order of
 * changes x (10 - health): how often the extra cost of unhealthy code is paid, times how unhealthy.
 * Code health comes from the other rules' findings, so the audit runs this rule after them.
 */
export const hotspot = defineRule({
  id: "history/hotspot",
  runsAfter: "register",
  riskBump: { bump: "hotspot", on: "path" },
  category: "quality",
  severity: "medium",
  remediationMinutes: 480,
  description: "A file among the most frequently changed that is also complex or unhealthy.",
  rationale:
    "Unhealthy code costs extra on every change (124% more time at alert level, Tornhill and Borg 2022); in a file that changes every week that cost is paid every week, so refactoring it repays first.",
  version: 1,
  options,
  messages: {
    hotspot:
      "{{path}} is a hotspot: {{changes}} commits in the history window (rank {{rank}} of {{changed}} changed files) with code health {{health}}. Refactor it first: its extra change cost is paid on every one of those changes.",
  },
  analyze(context) {
    const history = context.history;
    if (!history?.health) return;
    const { topShare, minChanges, maxHealth, alertHealth } = context.options;
    const changed = context.files
      .map((file) => ({ file, changes: history.files.get(file.path)?.commits ?? 0 }))
      .filter((f) => f.changes > 0)
      .sort(
        (x, y) =>
          y.changes - x.changes ||
          y.file.linesOfCode - x.file.linesOfCode ||
          (x.file.path < y.file.path ? -1 : 1),
      );
    const top = Math.max(1, Math.ceil(changed.length * topShare));
    const hotspots = changed
      .slice(0, top)
      .map((f, index) => ({
        ...f,
        rank: index + 1,
        health: history.health!.get(f.file.path) ?? 10,
      }))
      .filter((f) => f.changes >= minChanges && f.health < maxHealth)
      .sort((x, y) => y.changes * (10 - y.health) - x.changes * (10 - x.health) || x.rank - y.rank);
    for (const h of hotspots) {
      context.report({
        messageId: "hotspot",
        path: h.file.path,
        key: "hotspot",
        startLine: 1,
        endLine: h.file.lines,
        severity: h.health < alertHealth ? "high" : "medium",
        data: {
          path: h.file.path,
          changes: h.changes,
          rank: h.rank,
          changed: changed.length,
          health: h.health,
        },
        evidence: {
          changes: h.changes,
          rank: h.rank,
          changedFiles: changed.length,
          health: h.health,
          linesOfCode: h.file.linesOfCode,
          score: Math.round(h.changes * (10 - h.health) * 10) / 10,
        },
      });
    }
  },
});
