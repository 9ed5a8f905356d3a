import type { Finding } from "../findings/index.ts";
import { toFinding, type AnalyzerError, type FileResult } from "./analyze-file.ts";
import type { HistoryView } from "../history/index.ts";
import type { ModuleGraph } from "../graph/build.ts";
import type { ActiveRule, FileSummary, Report } from "./rule.ts";

export function summaryOf(file: FileResult): FileSummary {
  const summary: FileSummary = { path: file.path, lines: file.lines, linesOfCode: file.linesOfCode, facts: file.facts };
  if (file.language) summary.language = file.language;
  return summary;
}

/** Runs every rule's repository stage on the per-file summaries (no file is read again). */
export function analyzeRepository(
  files: readonly FileSummary[],
  allPaths: readonly string[],
  rules: readonly ActiveRule[],
  history?: HistoryView,
  graph?: ModuleGraph,
  /** What the pipeline gathered by I/O for named rules (advisories, registry, git history secrets). */
  external?: Readonly<Record<string, unknown>>,
): { findings: Finding[]; errors: AnalyzerError[] } {
  const findings: Finding[] = [];
  const errors: AnalyzerError[] = [];
  for (const active of rules) {
    const analyze = active.rule.analyze;
    if (!analyze) continue;
    const reports: Report[] = [];
    try {
      analyze({
        files,
        allPaths,
        ...(history ? { history } : {}),
        ...(graph ? { graph } : {}),
        ...(external ? { external } : {}),
        options: active.options,
        report: (report) => reports.push(report),
        factsOf: <T>(ruleId: string) =>
          files.filter((f) => ruleId in f.facts).map((f) => ({ path: f.path, fact: f.facts[ruleId] as T })),
      });
    } catch (error) {
      errors.push({ path: "", rule: active.rule.id, message: (error as Error).message });
      continue;
    }
    const ordinals = new Map<string, number>();
    for (const report of reports) {
      const key = report.symbol ?? report.key ?? "";
      const ordinalKey = `${report.path ?? ""}\u0000${key}`;
      const ordinal = ordinals.get(ordinalKey) ?? 0;
      ordinals.set(ordinalKey, ordinal + 1);
      findings.push(
        toFinding(active, report, {
          path: report.path,
          startLine: report.startLine,
          endLine: report.endLine ?? report.startLine,
          key,
          ordinal,
        }),
      );
    }
  }
  return { findings, errors };
}
