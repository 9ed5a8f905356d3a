import { summaryOf } from "../engine/index.ts";
import { fanInOf } from "../graph/index.ts";
import { note } from "../shared/index.ts";
import { readRepositoryIdentity } from "../git/index.ts";
import { buildRegister } from "../register/index.ts";
import { withScopes, type AuditReport } from "../report/index.ts";
import { applyTriage, loadTriage } from "../triage/index.ts";
import { join } from "node:path";
import type { AuditEvent, AuditOptions, AuditStage } from "./options.ts";
import { planAudit } from "./plan.ts";
import { discoverStage, scopeStage } from "./stages/discover.ts";
import { analyseFilesStage } from "./stages/files.ts";
import { requestReachable, teamHours } from "./stages/exposure.ts";
import { changeRates, loadHistory, riskBumpsFrom } from "./stages/history.ts";
import { gatherExternalInputs, moduleGraphInput } from "./stages/inputs.ts";
import { repositoryStage } from "./stages/repository.ts";
import { assembleReport } from "./stages/report.ts";

export { AuditInputError, type AuditOptions } from "./options.ts";

/** Times each stage into the report's `stats.phases` and tells `onEvent` where the audit is. */
function stageClock(onEvent: ((event: AuditEvent) => void) | undefined) {
  const phases: Record<string, number> = {};
  let current: { stage: AuditStage; started: number } | undefined;
  const end = () => {
    if (!current) return;
    const ms = Math.round(performance.now() - current.started);
    phases[current.stage] = ms;
    onEvent?.({ stage: current.stage, state: "end", ms });
    current = undefined;
  };
  return {
    phases,
    begin(stage: AuditStage) {
      end();
      current = { stage, started: performance.now() };
      onEvent?.({ stage, state: "start" });
    },
    end,
  };
}

/**
 * The audit, stage by stage: plan (rules, cache), discover the files, analyse each file once
 * (cache first) while git's history streams in its own process, gather the inputs the rules
 * declared (history, advisories, registry, the module graph), run the rules' repository parts,
 * price everything in the register, and assemble the versioned report.
 */
export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const started = performance.now();
  const plan = planAudit(options);
  const clock = stageClock(options.onEvent);
  const { config } = plan;

  clock.begin("discover");
  const discovery = discoverStage(plan);
  const inGit = discovery.source === "git";
  const allPaths = discovery.files.map((f) => f.path);
  const scopes = scopeStage(plan, discovery);
  // git log runs in its own process and streams: started now, it overlaps the parsing.
  const historyPending = loadHistory(plan.root, config, allPaths, inGit);
  const identityPending = inGit ? readRepositoryIdentity(plan.root) : undefined;

  clock.begin("files");
  const files = await analyseFilesStage(plan, discovery.files, scopes, (done, total) => {
    options.onProgress?.(done, total);
    options.onEvent?.({ stage: "files", state: "progress", done, total });
  });

  clock.begin("inputs");
  const { history, note: historyNote } = await historyPending;
  const summaries = files.analysed.map(summaryOf);
  const inputs = await gatherExternalInputs(
    plan,
    summaries,
    files.analysed.flatMap((r) => r.findings),
  );
  const graph = moduleGraphInput(plan, files);

  clock.begin("repository");
  const { findings, errors } = repositoryStage({
    config,
    rules: plan.rules,
    analysed: files.analysed,
    summaries,
    allPaths: files.allPaths,
    ...(history ? { history } : {}),
    graph,
    external: inputs.external,
    memo: files.memo,
  });

  clock.begin("register");
  const team = teamHours(config, history);
  const register = buildRegister({
    findings,
    files: files.analysed,
    scoring: config.scoring,
    fanIn: fanInOf(graph),
    riskBumps: riskBumpsFrom(
      findings,
      plan.rules,
      files.analysed.filter((r) => r.language).map((r) => r.path),
    ),
    ...(history ? { changesPerYear: changeRates(history, files.allPaths) } : {}),
    team,
    exposed: requestReachable(graph, files.analysed),
  });

  clock.begin("report");
  const identity = await identityPending;
  const assembled = assembleReport({
    plan,
    discovery,
    files,
    skipped: [...discovery.skipped, ...files.skipped],
    notes: [
      ...plan.notes,
      ...discovery.notes,
      ...files.notes,
      historyNote,
      note("team.hours", team.note),
      ...inputs.notes,
      ...(graph.coverage?.problem ? [note("coverage.unreadable", graph.coverage.problem)] : []),
    ],
    findings,
    errors,
    register,
    team: {
      source: team.source,
      engineers: team.engineers,
      hoursPerYear: team.hoursPerYear,
      hours: team.hours,
      ...(team.authors === undefined ? {} : { authors: team.authors, bots: team.bots ?? 0 }),
    },
    ...(history ? { history } : {}),
    graph,
    inputs,
    ...(identity ? { identity } : {}),
    durationMs: Math.round(performance.now() - started),
    phases: clock.phases,
  });
  clock.end();
  // Scopes before triage: triage's totals are then the counted scopes' too.
  const fileScopes = new Map(files.analysed.map((r) => [r.path, r.scope]));
  const report = withScopes(
    assembled,
    (path) => fileScopes.get(path) ?? scopes.ofPath(path),
    config.reports.scopes,
  );
  // Triage applies once, here: every format and the gate see the same totals.
  const triage =
    options.triage === undefined
      ? loadTriage(join(plan.root, config.gate.triageFile))
      : (options.triage ?? undefined);
  return triage ? applyTriage(report, triage, config.gate.triageFile, options.today) : report;
}
