import type { Config } from "../../config/index.ts";
import {
  analyzeRepository,
  type ActiveRule,
  type AnalyzerError,
  type FileResult,
  type FileSummary,
  type RepositoryMemo,
} from "../../engine/index.ts";
import type { Finding } from "../../findings/index.ts";
import type { ModuleGraph } from "../../graph/index.ts";
import type { RepositoryHistory } from "../../history/index.ts";
import { buildRegister } from "../../register/index.ts";

export interface RepositoryStageInput {
  config: Config;
  rules: readonly ActiveRule[];
  analysed: readonly FileResult[];
  summaries: readonly FileSummary[];
  allPaths: readonly string[];
  history?: RepositoryHistory;
  graph: ModuleGraph;
  external: Record<string, unknown>;
  memo: RepositoryMemo & { save(): void };
}

/**
 * Stage 4: the rules' repository parts on the per-file summaries, the graph, history and the
 * gathered inputs; then the rules that run after the register (`runsAfter: "register"`), with
 * each file's code health priced from everything found before them.
 */
export function repositoryStage(input: RepositoryStageInput): {
  findings: Finding[];
  errors: AnalyzerError[];
} {
  const { rules, analysed, summaries, allPaths, history, graph } = input;
  const early = rules.filter((r) => r.rule.runsAfter !== "register");
  const late = rules.filter((r) => r.rule.runsAfter === "register");
  const repository = analyzeRepository(summaries, allPaths, early, {
    ...(history ? { history } : {}),
    graph,
    external: input.external,
    memo: input.memo,
  });
  input.memo.save();
  const findings = [...analysed.flatMap((r) => r.findings), ...repository.findings];
  const errors: AnalyzerError[] = [...analysed.flatMap((r) => r.errors), ...repository.errors];
  if (history && late.length > 0) {
    const health = new Map(
      buildRegister({ findings, files: analysed, scoring: input.config.scoring }).files.map((f) => [
        f.path,
        f.health,
      ]),
    );
    const after = analyzeRepository(summaries, allPaths, late, {
      history: { ...history, health },
      graph,
    });
    findings.push(...after.findings);
    errors.push(...after.errors);
  }
  return { findings, errors };
}
