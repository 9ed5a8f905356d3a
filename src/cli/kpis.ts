import { resolve, basename } from "node:path";
import type { Command } from "commander";
import { runAudit } from "../audit/index.ts";
import { loadConfig } from "../config/index.ts";
import { locateRepository, runGit } from "../git/index.ts";
import {
  assembleKpis,
  figuresOfReport,
  storedKpiSnapshots,
  formatKpiTable,
  measureDelivery,
  type Delivery,
  type KpiSnapshot,
} from "../kpi/index.ts";
import { ruleCatalogue } from "../rules/index.ts";
import { InputError } from "../shared/index.ts";
import { before, openStore, resolveProject, resolveStoreLocation, SPAN } from "../store/index.ts";
import type { Io } from "./io.ts";
import { readReportFile } from "./plan.ts";

interface KpiFlags {
  store?: string;
  project?: string;
  report?: string;
  config?: string;
  since?: string;
  format?: string;
  history: boolean;
}

/** Snapshots read at most: each is a stored report to decompress. */
const MAX_SNAPSHOTS = 120;

/** The window's start: a span before its end (`12m`), or a date. */
function windowStart(until: Date, since: string | undefined): Date {
  const value = since ?? "12m";
  if (SPAN.test(value.trim())) return before(until, value);
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new InputError(
      "kpis.since",
      `--since: expected a span such as 12m, 26w, 90d or a date such as 2025-01-31, got "${value}"`,
    );
  return date;
}

async function newestCommitDate(root: string): Promise<Date | undefined> {
  const out = await runGit(["log", "-1", "--format=%cI"], { cwd: root, timeoutMs: 10_000 }).catch(
    () => "",
  );
  return out.trim() ? new Date(out.trim()) : undefined;
}

async function storedSnapshots(flags: KpiFlags): Promise<KpiSnapshot[]> {
  const store = await openStore(resolveStoreLocation(flags.store));
  try {
    const project = await resolveProject(store, flags.project, basename(process.cwd()));
    return await storedKpiSnapshots(store, project.id, MAX_SNAPSHOTS);
  } finally {
    await store.close();
  }
}

async function kpis(path: string, flags: KpiFlags, io: Io): Promise<void> {
  const root = resolve(path);
  windowStart(new Date(), flags.since); // a bad --since fails before any work
  const { config } = loadConfig(root, flags.config, ruleCatalogue);
  let snapshots: KpiSnapshot[];
  if (flags.project !== undefined || flags.store !== undefined) {
    snapshots = await storedSnapshots(flags);
  } else {
    const report = flags.report
      ? readReportFile(flags.report)
      : await runAudit({
          root,
          config: { ...config, history: { ...config.history, enabled: flags.history } },
        });
    snapshots = [
      {
        date: report.repository?.commitDate ?? new Date().toISOString(),
        commit: report.repository?.commit ?? null,
        figures: figuresOfReport(report),
      },
    ];
  }
  let delivery: Delivery | undefined;
  if (locateRepository(root)) {
    const until = (await newestCommitDate(root)) ?? new Date();
    delivery = await measureDelivery(root, { since: windowStart(until, flags.since), until });
  }
  const result = assembleKpis({
    snapshots,
    ...(delivery ? { delivery } : {}),
    targets: config.kpis.targets,
  });
  const format = flags.format ?? (io.stdoutIsTTY ? "table" : "json");
  if (format === "json") io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (format === "table") io.stdout(formatKpiTable(result, config.scoring.currency));
  else throw new InputError("kpis.format", `--format: expected table or json, got "${format}"`);
}

/** `debtlens kpis` (issue 15, docs/kpis.md). */
export function registerKpiCommands(
  program: Command,
  io: Io,
  setExitCode: (code: number) => void,
): void {
  program
    .command("kpis")
    .description(
      "the KPIs a CTO watches, each with its target and trend: debt ratio, money, code health, coverage, hotspots, cycles, vulnerable packages, libyears, and from git deployment frequency and lead time",
    )
    .argument("[path]", "the repository (its git history gives the delivery KPIs)", ".")
    .option("--project <name>", "read the project's snapshots from the store (their trend)")
    .option(
      "--store <dir|url>",
      "the store holding the snapshots (default: DEBTLENS_STORE, DATABASE_URL, else the user's data folder)",
    )
    .option("-r, --report <file>", "one saved JSON report instead of auditing PATH")
    .option("-c, --config <file>", "configuration file (its kpis.targets)")
    .option("--since <span|date>", "start of the delivery window: 12m (default), 26w, or a date")
    .option("--no-history", "when auditing PATH: do not read git history")
    .option("-f, --format <format>", "table or json (default: table on a terminal)")
    .action(async (path: string, flags: KpiFlags) => {
      await kpis(path, flags, io);
      setExitCode(0);
    });
}
