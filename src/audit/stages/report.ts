import { basename } from "node:path";
import type { Discovery, Skip } from "../../discovery/index.ts";
import type { AnalyzerError } from "../../engine/index.ts";
import type { Note } from "../../shared/index.ts";
import type { Finding } from "../../findings/index.ts";
import type { RepositoryIdentity } from "../../git/index.ts";
import { coverageSection, graphSection, type ModuleGraph } from "../../graph/index.ts";
import { duplicatedLines } from "../../duplication/index.ts";
import type { RepositoryHistory } from "../../history/index.ts";
import type { Register } from "../../register/index.ts";
import { historySection, REPORT_SCHEMA_ID, type AuditReport } from "../../report/index.ts";
import { RULES } from "../../rules/index.ts";
import type { AuditPlan } from "../plan.ts";
import { TOOL_VERSION } from "../version.ts";
import type { TeamHours } from "./exposure.ts";
import type { FilesStage } from "./files.ts";
import type { ExternalInputs } from "./inputs.ts";

export interface ReportParts {
  plan: AuditPlan;
  discovery: Discovery;
  files: FilesStage;
  skipped: Skip[];
  notes: Note[];
  findings: readonly Finding[];
  errors: AnalyzerError[];
  register: Register;
  /** The team whose hours bound the change-cost interest (ADR 0009). */
  team?: Omit<TeamHours, "files" | "note">;
  history?: RepositoryHistory;
  graph: ModuleGraph;
  inputs: ExternalInputs;
  identity?: RepositoryIdentity;
  durationMs: number;
  phases: Record<string, number>;
}

/** Stage 6: the versioned report, every section from the stages before; no rule is named. */
export function assembleReport(parts: ReportParts): AuditReport {
  const { plan, register, files, graph, history } = parts;
  const { config } = plan;
  const byId = new Map(plan.rules.map((r) => [r.rule.id, r.rule]));
  const clones = parts.findings.filter((f) => byId.get(f.rule)?.countsDuplication && f.places);
  const dupLines = duplicatedLines(
    clones.map((f) => ({ tokens: 0, lines: 0, contentHash: "", places: f.places! })),
  ).total;
  const functionsRule = plan.rules.find((r) => r.rule.publishesFunctions)?.rule.id;
  const byPath = new Map(files.analysed.map((r) => [r.path, r]));
  const skipCounts: Record<string, number> = {};
  for (const s of parts.skipped) skipCounts[s.reason] = (skipCounts[s.reason] ?? 0) + 1;
  const enabled = new Set(plan.selection.map((s) => s.id));
  const identity =
    parts.identity && Object.keys(parts.identity).length ? parts.identity : undefined;
  return {
    schema: REPORT_SCHEMA_ID,
    tool: { name: "debtlens", version: TOOL_VERSION },
    root: basename(plan.root),
    ...(identity ? { repository: identity } : {}),
    run: {
      generatedAt: new Date().toISOString(),
      durationMs: parts.durationMs,
      discovery: parts.discovery.source,
      filesRead: parts.discovery.files.length,
      cacheHits: files.results.length - files.parsed,
      parsed: files.parsed,
      workers: files.workers,
      phases: parts.phases,
    },
    notes: parts.notes,
    ...(parts.team ? { team: parts.team } : {}),
    scoring: {
      preset: config.scoring.preset,
      currency: config.scoring.currency,
      hourlyCost: config.scoring.hourlyCost,
      hoursPerChange: config.scoring.hoursPerChange,
      defaultChangesPerYear: config.scoring.defaultChangesPerYear,
      minutesPerLine: config.scoring.minutesPerLine,
      incidentCost: config.scoring.incidentCost,
      weights: config.scoring.weights,
      healthyThreshold: config.scoring.healthyThreshold,
      alertThreshold: config.scoring.alertThreshold,
      alertOverhead: config.scoring.alertOverhead,
      incidentLikelihood: config.scoring.incidentLikelihood,
    },
    summary: {
      files: register.files.length,
      linesOfCode: register.totals.linesOfCode,
      items: register.totals.items,
      remediationMinutes: register.totals.remediationMinutes,
      principal: register.totals.principal,
      interest: register.totals.interest,
      debtRatio: register.totals.debtRatio,
      rating: register.totals.rating,
      byCategory: register.totals.byCategory,
      byClass: register.totals.byClass,
      range: register.totals.range,
      duplicatedLines: dupLines,
    },
    items: register.items,
    files: register.files.map((f) => {
      const result = byPath.get(f.path)!;
      const functions = functionsRule
        ? (result.facts[functionsRule] as AuditReport["files"][number]["functions"])
        : undefined;
      return {
        path: f.path,
        language: result.language ?? "unknown",
        lines: result.lines,
        linesOfCode: f.linesOfCode,
        health: f.health,
        findings: f.findings,
        ...(functions ? { functions } : {}),
      };
    }),
    ...(history ? { history: historySection(history, register.items, register.files) } : {}),
    ...(parts.inputs.dependencies ? { dependencies: parts.inputs.dependencies } : {}),
    graph: graphSection(graph),
    ...(graph.coverage ? { coverage: coverageSection(graph) } : {}),
    skipped: { counts: skipCounts, files: parts.skipped },
    errors: parts.errors,
    rules: RULES.map((r) => ({
      id: r.id,
      category: r.category,
      severity: r.severity,
      description: r.description,
      docs: `docs/rules/${r.id}.md`,
      enabled: enabled.has(r.id),
    })),
  };
}
