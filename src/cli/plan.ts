import { lstatSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { Option, type Command } from "commander";
import { loadConfig, type Config } from "../config/index.ts";
import { runAudit } from "../audit/index.ts";
import {
  capacityOf,
  CODEOWNERS_LOCATIONS,
  explainMoney,
  formatInitiativesMarkdown,
  formatInitiativesTable,
  formatPlanCsv,
  formatPlanMarkdown,
  formatPlanTable,
  formatRoadmapTable,
  initiativesOf,
  jiraCsv,
  KnapsackTooLargeError,
  linearCsv,
  ownersOf,
  parseCodeowners,
  planItemOf,
  roadmapOf,
  sprintPlan,
  ticketsOfInitiatives,
  ticketsOfPlan,
  type CapacityInput,
  type CodeownersRule,
  type Grouping,
  type Objective,
  type SprintPlan,
} from "../plan/index.ts";
import { headlineItems, readReport, ReportFormatError, type AuditReport } from "../report/index.ts";
import { ruleCatalogue } from "../rules/index.ts";
import { InputError, writeFileNoFollow } from "../shared/index.ts";
import {
  listItems,
  openStore,
  resolveProject,
  resolveStoreLocation,
  storedReport,
  updateItem,
  type ItemState,
} from "../store/index.ts";
import type { Io } from "./io.ts";

/** Input flags every planning command takes: a folder to audit, or a saved report. */
interface SourceFlags {
  report?: string;
  /** Plan from the store: the project's latest snapshot, with each item's state. */
  project?: string;
  store?: string;
  config?: string;
  codeowners?: string;
  offline?: boolean;
  history: boolean;
  format: string;
  output?: string;
}

interface CapacityFlags {
  team?: string;
  sprintDays?: string;
  hoursPerDay?: string;
  debtShare?: string;
}

interface PlanFlags extends SourceFlags, CapacityFlags {
  objective?: string;
  groupByFile?: boolean;
  units: string;
  explain?: boolean;
  leftOut: string;
  perTeam?: boolean;
  save?: boolean;
}

interface InitiativeFlags extends SourceFlags {
  moduleDepth?: string;
}

type RoadmapFlags = SourceFlags & CapacityFlags;

/** GitHub refuses a CODEOWNERS file over 3 MB; so do we, before reading it. */
const CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024;

function number(
  flag: string,
  raw: string | undefined,
  check: (n: number) => boolean,
  expected: string,
): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || !check(n))
    throw new InputError("plan-flag", `${flag}: expected ${expected}, got "${raw}"`);
  return n;
}

export function readReportFile(file: string): AuditReport {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "no such file"
        : error instanceof SyntaxError
          ? "not valid JSON"
          : "cannot be read";
    throw new InputError("plan-report", `${file}: ${reason} (--report takes a saved JSON report)`);
  }
  try {
    return readReport(raw);
  } catch (error) {
    if (error instanceof ReportFormatError)
      throw new InputError("plan-report", `${file}: ${error.message}`);
    throw error;
  }
}

/**
 * CODEOWNERS of the audited folder, read as data: a link is never followed (it could point out of
 * the repository), and an oversized file is refused as GitHub refuses it.
 */
function readCodeowners(
  explicit: string | undefined,
  root: string | undefined,
): CodeownersRule[] | undefined {
  const candidates = explicit
    ? [resolve(explicit)]
    : root
      ? CODEOWNERS_LOCATIONS.map((p) => join(root, p))
      : [];
  for (const file of candidates) {
    let stat;
    try {
      stat = lstatSync(file);
    } catch {
      if (explicit) throw new InputError("plan-codeowners", `${explicit}: no such file`);
      continue;
    }
    if (!stat.isFile()) {
      if (explicit)
        throw new InputError(
          "plan-codeowners",
          `${explicit}: not a regular file (links are not followed)`,
        );
      continue;
    }
    if (stat.size > CODEOWNERS_MAX_BYTES)
      throw new InputError("plan-codeowners", `${file}: larger than 3 MB, as GitHub refuses it`);
    return parseCodeowners(readFileSync(file, "utf8"));
  }
  return undefined;
}

interface Source {
  report: AuditReport;
  config: Config;
  codeowners?: CodeownersRule[];
  /** Each item's state in the store's register (planning from --project). */
  states?: Map<string, ItemState>;
  project?: { id: number; name: string };
}

/** The report to plan from: a saved one (`--report`), or a fresh audit of PATH as `audit` runs it. */
async function sourceOf(path: string | undefined, flags: SourceFlags): Promise<Source> {
  const root = resolve(path ?? ".");
  const { config } = loadConfig(root, flags.config, ruleCatalogue);
  let report: AuditReport;
  if (flags.project !== undefined || flags.store !== undefined) {
    const stored = await storedSource(flags);
    return { ...stored, report: countedOnly(stored.report), config };
  } else if (flags.report) {
    report = readReportFile(flags.report);
  } else {
    if (!flags.history) config.history.enabled = false;
    report = await runAudit({ root, config }); // the committed triage file applies
  }
  // With a saved report the folder is known only when PATH was given.
  const codeowners = readCodeowners(flags.codeowners, flags.report && !path ? undefined : root);
  return { report: countedOnly(report), config, ...(codeowners ? { codeowners } : {}) };
}

/**
 * Plans, initiatives and roadmaps repay the debt the headline counts: the counted scopes'
 * items (production by default; `reports.scopes` or the report's own widening), not the tests'.
 */
function countedOnly(report: AuditReport): AuditReport {
  return { ...report, items: headlineItems(report) };
}

/** The project's latest snapshot in the store, and each item's state in its register. */
async function storedSource(flags: SourceFlags): Promise<Omit<Source, "config">> {
  const store = await openStore(resolveStoreLocation(flags.store));
  try {
    const project = await resolveProject(store, flags.project, basename(process.cwd()));
    const stored = await storedReport(store, project.id);
    if (!stored)
      throw new InputError("plan-project", `project ${project.name} has no snapshot to plan from`);
    const states = new Map<string, ItemState>();
    for (const row of await listItems(store, project.id))
      states.set(row.id, row.state as ItemState);
    return { report: stored.report, states, project: { id: project.id, name: project.name } };
  } finally {
    await store.close();
  }
}

/** `plan --save`: the chosen open items become `planned` in the register, each with a state change. */
async function savePlan(
  plan: SprintPlan,
  source: Source,
  flags: SourceFlags,
  io: Io,
): Promise<void> {
  const store = await openStore(resolveStoreLocation(flags.store));
  let planned = 0;
  try {
    const note = `sprint plan of ${new Date().toISOString().slice(0, 10)}: ${plan.usedHours} of ${plan.capacityHours} debt hours`;
    for (const item of plan.items) {
      if ((source.states?.get(item.id) ?? "open") !== "open") continue;
      await updateItem(store, source.project!.id, item.id, {
        state: "planned",
        note,
        by: process.env.USER ?? "debtlens plan",
      });
      planned += 1;
    }
  } finally {
    await store.close();
  }
  io.stderr(
    `recorded the plan in project ${source.project!.name}: ${planned} item(s) now planned (${plan.items.length - planned} were already planned or in progress)\n`,
  );
}

function capacityInput(
  flags: CapacityFlags,
  config: Config,
  required: boolean,
): CapacityInput | undefined {
  const positive = (n: number) => n > 0;
  const team =
    number("--team", flags.team, (n) => Number.isInteger(n) && n > 0, "a whole number above 0") ??
    config.plan.team;
  const sprintDays =
    number("--sprint-days", flags.sprintDays, positive, "a number of days above 0") ??
    config.plan.sprintDays;
  const hoursPerDay =
    number(
      "--hours-per-day",
      flags.hoursPerDay,
      (n) => n > 0 && n <= 24,
      "hours between 0 and 24",
    ) ?? config.plan.hoursPerDay;
  const debtShare =
    number(
      "--debt-share",
      flags.debtShare,
      (n) => n > 0 && n <= 1,
      "a share above 0 and at most 1 (0.2 = 20%)",
    ) ?? config.plan.debtShare;
  if (team === undefined || sprintDays === undefined) {
    if (!required) return undefined;
    throw new InputError(
      "plan-capacity",
      `${team === undefined ? "--team" : "--sprint-days"}: required (or plan.${team === undefined ? "team" : "sprintDays"} in the configuration)`,
    );
  }
  return { team, sprintDays, hoursPerDay, debtShare };
}

function emit(text: string, flags: SourceFlags, io: Io, what: string): void {
  if (flags.output) {
    writeFileNoFollow(flags.output, text);
    io.stderr(`wrote ${what} to ${flags.output}\n`);
  } else io.stdout(text);
}

/** A plan too large to solve exactly is the user's input to change, not a crash. */
function solve(make: () => SprintPlan): SprintPlan {
  try {
    return make();
  } catch (error) {
    if (error instanceof KnapsackTooLargeError)
      throw new InputError("plan-too-large", error.message);
    throw error;
  }
}

function renderPlan(plan: SprintPlan, format: string): string {
  if (format === "json") return `${JSON.stringify(plan, null, 2)}\n`;
  if (format === "markdown") return formatPlanMarkdown(plan);
  if (format === "csv") return formatPlanCsv(plan);
  if (format === "jira-csv") return jiraCsv(ticketsOfPlan(plan));
  if (format === "linear-csv") return linearCsv(ticketsOfPlan(plan));
  return formatPlanTable(plan);
}

async function plan(path: string | undefined, flags: PlanFlags, io: Io): Promise<void> {
  const source = await sourceOf(path, flags);
  const { report, config, codeowners } = source;
  if (flags.save && !source.project)
    throw new InputError(
      "plan-save",
      "--save records the plan in the store: plan from it with --project NAME (or --store)",
    );
  if (flags.save && flags.perTeam)
    throw new InputError("plan-save", "--save records one plan: leave out --per-team");
  const base = capacityInput(flags, config, true)!;
  const options = {
    objective: (flags.objective ?? config.plan.objective) as Objective,
    groupBy: flags.groupByFile ? "file" : (flags.units as Grouping),
    leftOut: number(
      "--left-out",
      flags.leftOut,
      (n) => Number.isInteger(n) && n >= 0,
      "a whole number",
    )!,
    riskBuffer: config.plan.riskBuffer,
    currency: report.scoring.currency,
    moduleDepth: config.plan.moduleDepth,
  };
  const withExplain = (p: SprintPlan, text: string) =>
    flags.explain ? `${text}\n${explainMoney(p.money)}` : text;
  if (!flags.perTeam) {
    const states = source.states;
    const result = solve(() =>
      sprintPlan(report.items, {
        ...options,
        capacity: capacityOf(base),
        ...(states ? { stateOf: (item) => states.get(item.id) ?? "open" } : {}),
      }),
    );
    emit(withExplain(result, renderPlan(result, flags.format)), flags, io, "the plan");
    if (flags.save) await savePlan(result, source, flags, io);
    return;
  }
  if (!codeowners)
    throw new InputError(
      "plan-codeowners",
      "--per-team: no CODEOWNERS found (looked in .github/, the root and docs/; or give --codeowners FILE)",
    );
  const teams = [...itemsByOwner(report.items, codeowners)].map(([owner, items]) => {
    const capacity = capacityOf({ ...base, ...(config.plan.teams[owner] ?? {}) });
    const states = source.states;
    const stateOf = states
      ? { stateOf: (item: AuditReport["items"][number]) => states.get(item.id) ?? "open" }
      : {};
    return { owner, plan: solve(() => sprintPlan(items, { ...options, capacity, ...stateOf })) };
  });
  let text: string;
  if (flags.format === "json") text = `${JSON.stringify({ teams }, null, 2)}\n`;
  else if (flags.format === "jira-csv") text = jiraCsv(teams.flatMap((t) => ticketsOfPlan(t.plan)));
  else if (flags.format === "linear-csv")
    text = linearCsv(teams.flatMap((t) => ticketsOfPlan(t.plan)));
  else
    text = teams
      .map(
        (t) =>
          `${flags.format === "markdown" ? "# " : "== "}${t.owner}\n${withExplain(t.plan, renderPlan(t.plan, flags.format))}`,
      )
      .join("\n");
  emit(text, flags, io, "the plans");
}

/** Each team plans the items in the paths it owns: the first owner of the last matching line. */
function itemsByOwner(
  items: AuditReport["items"],
  codeowners: readonly CodeownersRule[],
): Map<string, AuditReport["items"]> {
  const byOwner = new Map<string, AuditReport["items"]>();
  for (const item of items) {
    const owner = ownersOf(codeowners, item.path)[0] ?? "(unowned)";
    const list = byOwner.get(owner);
    if (list) list.push(item);
    else byOwner.set(owner, [item]);
  }
  return new Map([...byOwner].sort(([a], [b]) => a.localeCompare(b)));
}

async function initiatives(
  path: string | undefined,
  flags: InitiativeFlags,
  io: Io,
): Promise<void> {
  const { report, config, codeowners } = await sourceOf(path, flags);
  const moduleDepth =
    number(
      "--module-depth",
      flags.moduleDepth,
      (n) => Number.isInteger(n) && n >= 0,
      "a whole number",
    ) ?? config.plan.moduleDepth;
  const open = report.items;
  const list = initiativesOf(open, {
    moduleDepth,
    approval: config.plan.approval,
    ...(codeowners ? { codeowners } : {}),
  });
  const currency = report.scoring.currency;
  const byId = new Map(open.map((i) => [i.id, planItemOf(i, i.id, "open")]));
  const text =
    flags.format === "json"
      ? `${JSON.stringify({ currency, initiatives: list }, null, 2)}\n`
      : flags.format === "markdown"
        ? formatInitiativesMarkdown(list, currency)
        : flags.format === "jira-csv"
          ? jiraCsv(ticketsOfInitiatives(list, byId, currency))
          : flags.format === "linear-csv"
            ? linearCsv(ticketsOfInitiatives(list, byId, currency))
            : formatInitiativesTable(list, currency);
  emit(text, flags, io, `${list.length} initiatives`);
}

async function roadmap(path: string | undefined, flags: RoadmapFlags, io: Io): Promise<void> {
  const { report, config, codeowners } = await sourceOf(path, flags);
  const capacity = capacityInput(flags, config, false);
  const result = roadmapOf(report, {
    ...(config.plan.phases ? { phases: config.plan.phases } : {}),
    ...(capacity ? { capacity } : {}),
    workingDaysPerMonth: config.plan.workingDaysPerMonth,
    riskBuffer: config.plan.riskBuffer,
    moduleDepth: config.plan.moduleDepth,
    approval: config.plan.approval,
    ...(codeowners ? { codeowners } : {}),
  });
  const text =
    flags.format === "json"
      ? `${JSON.stringify(result, null, 2)}\n`
      : formatRoadmapTable(result, flags.format === "markdown");
  emit(text, flags, io, "the roadmap");
}

function withSource(command: Command, formats: readonly string[]): Command {
  return command
    .argument(
      "[path]",
      "folder to audit (default: the current folder), or with --report where CODEOWNERS is",
    )
    .option(
      "-r, --report <file>",
      "plan from a saved JSON report (debtlens.report/v2 or v1) instead of auditing",
    )
    .option(
      "--project <name>",
      "plan from the store: the project's latest snapshot, with each item's state (closed ones left out, planned and in progress first)",
    )
    .option(
      "--store <dir|url>",
      "the store for --project (default: DEBTLENS_STORE, DATABASE_URL, else the user's data folder)",
    )
    .option("-c, --config <file>", "configuration file (its `plan` section)")
    .option(
      "--codeowners <file>",
      "CODEOWNERS file (default: .github/, the root or docs/ of the folder)",
    )
    .option("--offline", "audit without network (no OSV API, no npm registry)")
    .option("--no-history", "audit without git history")
    .addOption(
      new Option("-f, --format <format>", "output format").choices(formats).default("table"),
    )
    .option("-o, --output <file>", "write to a file instead of standard output");
}

function withCapacity(command: Command): Command {
  return command
    .option("--team <n>", "people on the team (or plan.team)")
    .option("--sprint-days <d>", "working days in a sprint (or plan.sprintDays)")
    .option("--hours-per-day <h>", "focus hours a day (default 6, plan.hoursPerDay)")
    .option("--debt-share <s>", "share of the sprint for debt (default 0.2, plan.debtShare)");
}

export function registerPlanCommands(
  program: Command,
  io: Io,
  setExitCode: (code: number) => void,
): void {
  withCapacity(
    withSource(
      program
        .command("plan")
        .description(
          "the sprint plan under the 20% rule: the open items that maximise priority (or avoided interest) within the team's debt hours, an exact knapsack",
        ),
      ["table", "json", "markdown", "csv", "jira-csv", "linear-csv"],
    ),
  )
    .addOption(
      new Option(
        "--objective <objective>",
        "what to maximise (default: plan.objective, priority)",
      ).choices(["priority", "interest"]),
    )
    .option("--group-by-file", "keep the items of one file together (one file, one unit)")
    .addOption(
      new Option("--units <units>", "what the plan chooses: single items or whole initiatives")
        .choices(["item", "initiative"])
        .default("item"),
    )
    .option("--left-out <n>", "how many units just above the line to show", "10")
    .option("--explain", "add every money figure's formula and inputs")
    .option(
      "--save",
      "with --project: record the plan in the store (its open items become planned)",
    )
    .option(
      "--per-team",
      "one plan per CODEOWNERS team over the paths it owns (capacity: plan.teams)",
    )
    .action(async (path: string | undefined, flags: PlanFlags) => {
      await plan(path, flags, io);
      setExitCode(0);
    });
  withSource(
    program
      .command("initiatives")
      .description(
        "group items into fundable initiatives by module and rule family: principal, interest saved, payback, owner, approver",
      ),
    ["table", "json", "markdown", "jira-csv", "linear-csv"],
  )
    .option("--module-depth <n>", "folders that make a module (default 0: each file's folder)")
    .action(async (path: string | undefined, flags: InitiativeFlags) => {
      await initiatives(path, flags, io);
      setExitCode(0);
    });
  withCapacity(
    withSource(
      program
        .command("roadmap")
        .description(
          "the roadmap in phases (immediate, short term, long term): initiatives, investment, savings, readiness and the months each needs",
        ),
      ["table", "json", "markdown"],
    ),
  ).action(async (path: string | undefined, flags: RoadmapFlags) => {
    await roadmap(path, flags, io);
    setExitCode(0);
  });
}
