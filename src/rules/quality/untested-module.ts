import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { generatedNodes, reachable, runtimeEdges } from "../../graph/index.ts";
import { isTestFile } from "../../shared/index.ts";

const NOT_SOURCE =
  /\.d\.[cm]?ts$|\.json$|(^|\/)[^/]+\.config\.[cm]?[jt]s$|(^|\/)(scripts|migrations|seeds?|fixtures|__fixtures__|bench)\//;

export const untestedModule = defineRule({
  id: "quality/untested-module",
  riskBump: { bump: "untested", on: "path" },
  category: "quality",
  severity: "low",
  remediationMinutes: 120,
  description:
    "Source modules that no test reaches, or below the coverage threshold when a coverage report is given.",
  rationale:
    "Code no test exercises breaks silently: every change to it is a bet, and refactoring it is slow because nothing tells you what you broke.",
  version: 1,
  options: z.strictObject({
    /** Line coverage (percent) below which a module is reported when --coverage is given. */
    minCoverage: z.number().min(0).max(100).default(60),
  }),
  messages: {
    unreached:
      "No test file imports {{path}}, directly or through other modules. Add tests for its behaviour (a test file that imports it).",
    noTests:
      "None of the {{count}} source modules is reached by a test file: the project has no tests the module graph can see. Start with tests for the modules that change most.",
    coverage:
      "{{path}} has {{pct}}% line coverage ({{hit}} of {{found}} lines), below the {{min}}% threshold. Add tests for its untested branches.",
    notCovered:
      "{{path}} does not appear in the coverage report {{source}}: no test loaded it. Add tests that import it.",
  },
  analyze(ctx) {
    const graph = ctx.graph;
    if (!graph) return;
    const generated = generatedNodes(graph);
    const sources = graph.files
      .map((path, v) => ({ path, v }))
      .filter(({ path, v }) => !isTestFile(path) && !NOT_SOURCE.test(path) && !generated(v));
    const coverage = graph.coverage;
    if (coverage && !coverage.problem) {
      const byPath = new Map(coverage.files.map((f) => [f.path, f]));
      for (const { path } of sources) {
        const file = byPath.get(path);
        if (!file) {
          ctx.report({
            messageId: "notCovered",
            data: { path, source: coverage.source },
            path,
            startLine: 1,
            key: "coverage",
            evidence: { coverage: 0 },
          });
        } else if (file.pct < ctx.options.minCoverage) {
          ctx.report({
            messageId: "coverage",
            data: {
              path,
              pct: file.pct,
              hit: file.linesHit,
              found: file.linesFound,
              min: ctx.options.minCoverage,
            },
            path,
            startLine: 1,
            key: "coverage",
            evidence: { coverage: file.pct },
          });
        }
      }
      return;
    }
    const tests = graph.files.map((path, v) => (isTestFile(path) ? v : -1)).filter((v) => v >= 0);
    if (tests.length === 0) {
      if (sources.length)
        ctx.report({
          messageId: "noTests",
          data: { count: sources.length },
          key: "no-tests",
          remediationMinutes: 120 + 30 * Math.min(sources.length, 40),
        });
      return;
    }
    const seen = reachable(graph, tests, runtimeEdges);
    for (const { path, v } of sources) {
      if (!seen[v])
        ctx.report({ messageId: "unreached", data: { path }, path, startLine: 1, key: "tests" });
    }
  },
});
