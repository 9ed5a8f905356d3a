import { readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { Option, type Command } from "commander";
import { findRouteHandlers } from "../frameworks/index.ts";
import { formatHtml, formatJson } from "../report/index.ts";
import { readReport, ReportFormatError, type AuditReport } from "../report/index.ts";
import { InputError, readFileNoFollow, writeFileNoFollow } from "../shared/index.ts";
import {
  SLO_DEBT_DEFAULTS,
  withSloDebt,
  formatAlertmanagerConfig,
  formatRuleFile,
  formatStatusTable,
  parseMaintenance,
  prometheusClient,
  readSloSpecs,
  sloStatus,
  type Priority,
  type Slo,
  type SpecFile,
} from "../slo/index.ts";
import type { Io } from "./io.ts";

function readSpecFiles(paths: readonly string[]): Slo[] {
  const files: SpecFile[] = paths.map((path) => {
    try {
      return { path, text: readFileSync(path, "utf8") };
    } catch (error) {
      throw new InputError(
        "slo-spec-unreadable",
        `${path}: cannot read the SLO spec (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      );
    }
  });
  return readSloSpecs(files);
}

function emit(io: Io, text: string, output: string | undefined, what: string): void {
  if (output) {
    writeFileNoFollow(output, text);
    io.stderr(`wrote ${what} to ${output}\n`);
  } else io.stdout(text);
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function percent(n: number): string {
  return `${Number((n * 100).toPrecision(10))}%`;
}

interface AlertmanagerFlags {
  output?: string;
  webhook?: string[];
  maintenance?: string[];
  digestAt?: string;
  timeZone?: string;
}

function webhooksOf(values: readonly string[] = []): Partial<Record<Priority, string>> {
  const out: Partial<Record<Priority, string>> = {};
  for (const value of values) {
    const match = /^(P[0-3])=(https?:\/\/\S+)$/.exec(value);
    if (!match)
      throw new InputError(
        "slo-webhook",
        "--webhook: expected PRIORITY=URL such as P0=https://pager.example/hook",
      );
    out[match[1] as Priority] = match[2]!;
  }
  return out;
}

interface StatusFlags {
  prometheus: string;
  format: "table" | "json";
  at?: string;
  output?: string;
}

function timeOf(text: string | undefined): number {
  if (text === undefined) return Date.now();
  const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  if (!Number.isFinite(ms))
    throw new InputError("slo-time", `--at: expected an ISO date-time or Unix seconds`);
  return ms;
}

interface DebtFlags {
  prometheus: string;
  report: string;
  repo: string;
  costPerMinute: string;
  remediationMinutes: string;
  at?: string;
  output?: string;
}

function readReportFile(file: string): AuditReport {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new InputError(
      "slo-report",
      `${file}: cannot read a JSON report (${(error as NodeJS.ErrnoException).code ?? "not valid JSON"})`,
    );
  }
  try {
    return readReport(raw);
  } catch (error) {
    if (error instanceof ReportFormatError)
      throw new InputError("slo-report", `${file}: ${error.message}`);
    throw error;
  }
}

function positive(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0)
    throw new InputError("slo-flag", `${flag}: expected a non-negative number`);
  return n;
}

/**
 * Reads a file the audit analysed, from the audited folder: never through a link, never outside
 * the folder (the report's paths are relative); a file that is gone or refused is left out.
 */
function repositoryReader(root: string): (path: string) => string | undefined {
  return (path) => {
    if (isAbsolute(path) || path.split("/").includes("..")) return undefined;
    try {
      return readFileNoFollow(join(root, path)).toString("utf8");
    } catch {
      return undefined;
    }
  };
}

/** `debtlens slo validate|rules|alertmanager|status|debt` (SPEC section 4; docs/slo.md). */
export function registerSloCommands(
  program: Command,
  io: Io,
  setExitCode: (code: number) => void,
): void {
  const slo = program
    .command("slo")
    .description(
      "service-level objectives: validate OpenSLO/Sloth specs, generate Prometheus rules and Alertmanager routes, read live error budgets",
    );
  slo
    .command("validate")
    .description("read OpenSLO v1 and Sloth prometheus/v1 specs and report the SLOs they define")
    .argument("<files...>", "spec files (YAML, several documents each)")
    .action((files: string[]) => {
      const slos = readSpecFiles(files);
      const lines = slos.map(
        (s) =>
          `${s.source.file}:${s.source.line}: ${s.name} (${s.format}, service ${s.service}, ${percent(s.objective)} over ${s.window.kind} ${s.window.text}${s.route !== undefined ? `, route ${s.route}` : ""})`,
      );
      io.stdout(`${lines.join("\n")}\n${slos.length} SLO${slos.length === 1 ? "" : "s"} valid\n`);
      setExitCode(0);
    });
  slo
    .command("rules")
    .description(
      "Prometheus recording rules and multi-window multi-burn-rate alerts (SRE workbook) for the specs",
    )
    .argument("<files...>", "spec files")
    .option("-o, --output <file>", "write the rule file here instead of standard output")
    .action((files: string[], flags: { output?: string }) => {
      emit(io, formatRuleFile(readSpecFiles(files)), flags.output, "Prometheus rules");
      setExitCode(0);
    });
  slo
    .command("alertmanager")
    .description(
      "Alertmanager routes, receivers, inhibitions and time intervals for the P0-P3 escalation policy",
    )
    .argument("<files...>", "spec files")
    .option("-o, --output <file>", "write the configuration here instead of standard output")
    .option(
      "--webhook <priority=url>",
      "a webhook receiver for one priority, e.g. P0=https://pager.example/hook (repeatable)",
      collect,
    )
    .option(
      "--maintenance <window>",
      'mute every SLO alert in a window: "[WEEKDAYS ]HH:MM-HH:MM", e.g. "sunday 02:00-04:00" (repeatable)',
      collect,
    )
    .option("--digest-at <HH:MM>", "when the daily P3 digest goes out", "09:00")
    .option(
      "--time-zone <zone>",
      "IANA time zone of the digest and maintenance times (default UTC)",
    )
    .action((files: string[], flags: AlertmanagerFlags) => {
      const slos = readSpecFiles(files);
      const text = formatAlertmanagerConfig(slos, {
        webhooks: webhooksOf(flags.webhook),
        maintenance: (flags.maintenance ?? []).map(parseMaintenance),
        ...(flags.digestAt ? { digestAt: flags.digestAt } : {}),
        ...(flags.timeZone ? { timeZone: flags.timeZone } : {}),
      });
      emit(io, text, flags.output, "Alertmanager configuration");
      setExitCode(0);
    });
  slo
    .command("status")
    .description("SLI, error budget remaining and burn rates of each SLO, read from Prometheus")
    .argument("<files...>", "spec files")
    .requiredOption("--prometheus <url>", "Prometheus base URL, e.g. http://localhost:9090")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["table", "json"])
        .default("table"),
    )
    .option("--at <time>", "evaluate at this time (ISO date-time or Unix seconds; default now)")
    .option("-o, --output <file>", "write to a file instead of standard output")
    .action(async (files: string[], flags: StatusFlags) => {
      const slos = readSpecFiles(files);
      const statuses = await sloStatus(slos, prometheusClient(flags.prometheus), timeOf(flags.at));
      const text =
        flags.format === "json"
          ? `${JSON.stringify({ schema: "debtlens.slo-status/v1", statuses }, null, 2)}\n`
          : formatStatusTable(statuses);
      emit(io, text, flags.output, "SLO status");
      setExitCode(0);
    });
  slo
    .command("debt")
    .description(
      "the audit report with SLO debt: SLOs burning faster than 1x become Performance items at their route's handler",
    )
    .argument("<files...>", "spec files")
    .requiredOption("--prometheus <url>", "Prometheus base URL")
    .requiredOption("-r, --report <file>", "the audit's JSON report (debtlens audit --format json)")
    .option("--repo <dir>", "the audited folder, to find route handlers", ".")
    .option(
      "--cost-per-minute <money>",
      "money per minute of error budget burned (an SLO's own setting wins)",
      String(SLO_DEBT_DEFAULTS.costPerMinute),
    )
    .option(
      "--remediation-minutes <n>",
      "effort to bring a burning SLO back within budget (principal)",
      String(SLO_DEBT_DEFAULTS.remediationMinutes),
    )
    .option("--at <time>", "evaluate at this time (ISO date-time or Unix seconds; default now)")
    .option(
      "-o, --output <file>",
      "write the report here instead of standard output (.html: the HTML page, else JSON)",
    )
    .action(async (files: string[], flags: DebtFlags) => {
      const slos = readSpecFiles(files);
      const report = readReportFile(flags.report);
      const costPerMinute = positive("--cost-per-minute", flags.costPerMinute);
      const remediationMinutes = positive("--remediation-minutes", flags.remediationMinutes);
      const statuses = await sloStatus(slos, prometheusClient(flags.prometheus), timeOf(flags.at));
      const handlers = findRouteHandlers(
        report.files.map((f) => f.path),
        repositoryReader(resolve(flags.repo)),
      );
      const costBySlo = new Map(
        slos.flatMap((s) => (s.costPerMinute !== undefined ? [[s.name, s.costPerMinute]] : [])),
      ) as Map<string, number>;
      const result = withSloDebt(report, statuses, {
        costPerMinute,
        remediationMinutes,
        handlers,
        costBySlo,
      });
      // `-o report.html` renders the page with its SLO error budgets section; else JSON.
      const html = flags.output !== undefined && /\.html?$/i.test(flags.output);
      emit(
        io,
        html ? formatHtml(result) : formatJson(result),
        flags.output,
        html ? "the HTML report with SLO debt" : "the report with SLO debt",
      );
      setExitCode(0);
    });
}
