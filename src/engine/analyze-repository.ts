import type { Finding } from "../findings/index.ts";
import { toFinding, type AnalyzerError, type FileResult } from "./analyze-file.ts";
import type { HistoryView } from "../history/index.ts";
// The graph's data types only (src/graph/model.ts imports nothing of the engine: no cycle).
import type { ModuleGraph } from "../graph/model.ts";
import { scopeByConvention, type Scope } from "../scopes/index.ts";
import type { ActiveRule, FileSummary, Report } from "./rule.ts";

export function summaryOf(file: FileResult): FileSummary {
  const summary: FileSummary = {
    path: file.path,
    lines: file.lines,
    linesOfCode: file.linesOfCode,
    facts: file.facts,
  };
  if (file.language) summary.language = file.language;
  if (file.scope) summary.scope = file.scope;
  return summary;
}

/** Runs every rule's repository stage on the per-file summaries (no file is read again). */
/** What the pipeline gathered for the repository stage besides the files (all optional). */
export interface RepositoryInputs {
  history?: HistoryView;
  graph?: ModuleGraph;
  /** What the pipeline gathered by I/O for named rules (advisories, registry, git history secrets). */
  external?: Readonly<Record<string, unknown>>;
  /** Results of `filesOnly` rules from an earlier audit of the very same files. */
  memo?: RepositoryMemo;
}

export interface RepositoryMemo {
  get(ruleId: string): { findings: Finding[]; errors: AnalyzerError[] } | undefined;
  set(ruleId: string, result: { findings: Finding[]; errors: AnalyzerError[] }): void;
  /** What a `filesOnly` rule carried from the previous audit, whatever the files (`carried`). */
  carried?(ruleId: string): unknown;
  carry?(ruleId: string, value: unknown): void;
}

export function analyzeRepository(
  files: readonly FileSummary[],
  allPaths: readonly string[],
  rules: readonly ActiveRule[],
  inputs: RepositoryInputs = {},
): { findings: Finding[]; errors: AnalyzerError[] } {
  const findings: Finding[] = [];
  const errors: AnalyzerError[] = [];
  const { history, graph, external, memo } = inputs;
  const scopes = new Map<string, Scope>();
  for (const f of files) if (f.scope) scopes.set(f.path, f.scope);
  const scopeOf = (path: string) => scopes.get(path) ?? scopeByConvention(path);
  const withScope = (finding: Finding): Finding =>
    finding.path ? { ...finding, scope: scopeOf(finding.path) } : finding;
  for (const active of rules) {
    const analyze = active.rule.analyze;
    if (!analyze) continue;
    const remembered = active.rule.filesOnly ? memo?.get(active.rule.id) : undefined;
    if (remembered) {
      // Scopes come from the configuration too, which the memo's key does not name.
      findings.push(...remembered.findings.map(withScope));
      errors.push(...remembered.errors);
      continue;
    }
    const ruleFindings: Finding[] = [];
    const ruleErrors: AnalyzerError[] = [];
    const reports: Report[] = [];
    const carry = carrying(active, memo);
    try {
      analyze({
        files,
        allPaths,
        ...(history ? { history } : {}),
        ...(graph ? { graph } : {}),
        ...(external ? { external } : {}),
        options: active.options,
        scopeOf,
        report: (report) => reports.push(report),
        ...carry.context,
        factsOf: <T>(ruleId: string) =>
          files
            .filter((f) => ruleId in f.facts)
            .map((f) => ({ path: f.path, fact: f.facts[ruleId] as T })),
      });
      carry.keep();
    } catch (error) {
      // A rule that throws contributes its error, not half of its findings.
      ruleErrors.push({ path: "", rule: active.rule.id, message: (error as Error).message });
      reports.length = 0;
    }
    const ordinals = new Map<string, number>();
    for (const report of reports) {
      const key = report.symbol ?? report.key ?? "";
      const ordinalKey = `${report.path ?? ""}\u0000${key}`;
      const ordinal = ordinals.get(ordinalKey) ?? 0;
      ordinals.set(ordinalKey, ordinal + 1);
      ruleFindings.push(
        toFinding(active, report, {
          path: report.path,
          startLine: report.startLine,
          endLine: report.endLine ?? report.startLine,
          key,
          ordinal,
        }),
      );
    }
    if (active.rule.filesOnly)
      memo?.set(active.rule.id, { findings: ruleFindings, errors: ruleErrors });
    findings.push(...ruleFindings.map(withScope));
    errors.push(...ruleErrors);
  }
  return { findings, errors };
}

/**
 * What a `filesOnly` rule gets to carry data from one audit to the next (`carried`, `carry`), and
 * `keep`, which hands the memo what it carried: called only once `analyze` has returned.
 */
function carrying(
  active: ActiveRule,
  memo: RepositoryMemo | undefined,
): { context: { carried?: unknown; carry?(value: unknown): void }; keep(): void } {
  const store = memo?.carry;
  if (!active.rule.filesOnly || !store) return { context: {}, keep: () => {} };
  let carried: { value: unknown } | undefined;
  return {
    context: {
      carried: memo.carried?.(active.rule.id),
      carry: (value) => {
        carried = { value };
      },
    },
    keep: () => {
      if (carried) store.call(memo, active.rule.id, carried.value);
    },
  };
}
