import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { AuditInputError, runAudit, TOOL_VERSION } from "../audit/index.ts";
import { ConfigError, loadConfig, withFlags, type Config } from "../config/index.ts";
import {
  BaselineFileError,
  formatVerdict,
  GateInputError,
  runGate,
  TriageFileError,
  writeBaseline,
} from "../gate/index.ts";
import {
  formatMarkdown,
  explainItem,
  findItem,
  formatTable,
  UiBundleMissingError,
  type AuditReport,
} from "../report/index.ts";
import { ruleCatalogue } from "../rules/index.ts";
import { readReport, ReportFormatError } from "../report/index.ts";
import type { Io } from "./io.ts";
import {
  InputError,
  LinkRefusedError,
  syntaxErrorPlace,
  writeFileNoFollow,
} from "../shared/index.ts";
import {
  abandonAuditSave,
  registerStoreCommands,
  startAuditSave,
  storedReportHolding,
} from "./store.ts";
import { registerPlanCommands } from "./plan.ts";
import { registerServeCommands, uploadAuditReport } from "./serve.ts";
import { registerInitCommands } from "./init.ts";
import { FORMATS, formatForOutput, render, type Format } from "./render.ts";
import { registerReportCommand } from "./report.ts";
import { registerKpiCommands } from "./kpis.ts";
import { registerCalibrateCommands } from "./calibrate.ts";
import { registerSloCommands } from "./slo.ts";

/** Exit codes that CI can trust (SPEC section 4). */
export const EXIT = { ok: 0, gateFailed: 1, usage: 2 } as const;

/** Flags that decide what an audit reads (audit, gate and baseline take them all). */
interface AuditInputFlags {
  cacheDir?: string;
  coverage?: string;
  advisories?: string;
  offline?: boolean;
  scanHistory?: boolean;
  history: boolean;
  since?: string;
  scope?: string;
}

interface AuditFlags extends AuditInputFlags {
  format?: Format;
  output?: string;
  config?: string;
  top: string;
  cache: boolean;
  workers?: string;
}

interface BaselineFlags extends AuditInputFlags {
  config?: string;
  output?: string;
}

/** The audit options those flags give (the configuration takes the rest, through `withFlags`). */
function auditInputs(flags: AuditInputFlags) {
  return {
    ...(flags.cacheDir ? { cacheDir: resolve(flags.cacheDir) } : {}),
    ...(flags.coverage ? { coverage: resolve(flags.coverage) } : {}),
    ...(flags.advisories ? { advisories: resolve(flags.advisories) } : {}),
    offline: flags.offline === true,
    historySecrets: flags.scanHistory === true,
  };
}

/** The format a file name asks for: report.html, results.sarif, comment.md, register.csv. */
async function audit(path: string, flags: AuditFlags, io: Io): Promise<number> {
  const root = resolve(path);
  const config = configFrom(root, flags);
  const showProgress = io.stderrIsTTY;
  const report = await runAudit({
    root,
    ...auditInputs(flags),
    config,
    onProgress: showProgress
      ? (done, total) => io.stderr(`\rparsing ${done}/${total} files`)
      : undefined,
  }).catch(async (error: unknown) => {
    await abandonAuditSave(flags);
    throw error;
  });
  if (showProgress) io.stderr("\r\x1b[K");
  const format: Format =
    flags.format ??
    (flags.output ? formatForOutput(flags.output) : io.stdoutIsTTY ? "table" : "json");
  // The json format is the text the store keeps: made once, for both.
  const json = format === "json" ? render(report, "json", undefined) : undefined;
  // Issue 13: `--save` hands the report to the store's process (src/cli/store.ts), which saves it
  // while the report is rendered and written below.
  const saved = startAuditSave(flags, report, json);
  const top = Number(flags.top);
  const text =
    json ??
    (format === "table"
      ? formatTable(report, {
          color: !flags.output && io.stdoutIsTTY,
          top: Number.isFinite(top) ? top : 20,
          width: io.columns,
        })
      : render(report, format, config.reports.docsBaseUrl));
  if (flags.output) {
    writeFileNoFollow(flags.output, text);
    io.stderr(`wrote ${format} report to ${flags.output} (${report.summary.items} items)\n`);
  } else {
    io.stdout(text);
  }
  await saved(io);
  // Issue 14: `--upload URL --token T` sends the report to a debtlens server (src/cli/serve.ts).
  await uploadAuditReport(flags, report, io);
  return EXIT.ok;
}

class UsageError extends Error {}

interface GateFlags extends AuditInputFlags {
  base?: string;
  config?: string;
  format: string;
  output?: string;
  cache: boolean;
}

async function gate(path: string, flags: GateFlags, io: Io): Promise<number> {
  if (!["text", "markdown", "json"].includes(flags.format)) {
    throw new UsageError(`--format: expected text, markdown or json, got "${flags.format}"`);
  }
  const root = resolve(path);
  const config = configFrom(root, flags);
  const result = await runGate({ root, config, base: flags.base, audit: auditInputs(flags) });
  const text =
    flags.format === "markdown"
      ? formatMarkdown(result.head, { change: result.comparison })
      : flags.format === "json"
        ? `${JSON.stringify({ passed: result.comparison.passed, reasons: result.comparison.reasons, base: result.comparison.base, added: result.comparison.added, fixed: result.comparison.fixed, unchanged: result.comparison.unchanged, moved: result.comparison.moved, addedPrincipal: result.comparison.addedPrincipal, addedInterest: result.comparison.addedInterest, staleBaseline: result.comparison.staleBaseline, triage: result.head.triage }, null, 2)}\n`
        : formatVerdict(result);
  if (flags.output) {
    writeFileNoFollow(flags.output, text);
    io.stderr(formatVerdict(result));
  } else {
    io.stdout(text);
  }
  return result.comparison.passed ? EXIT.ok : EXIT.gateFailed;
}

async function baseline(path: string, flags: BaselineFlags, io: Io): Promise<number> {
  const root = resolve(path);
  const config = configFrom(root, flags);
  const report = await runAudit({ root, config, ...auditInputs(flags) });
  const target = flags.output ? resolve(flags.output) : join(root, config.gate.baselineFile);
  const written = writeBaseline(target, report);
  io.stderr(
    `wrote a baseline of ${written.items} items to ${target}: commit it, and the gate fails only on debt that is new against it\n`,
  );
  return EXIT.ok;
}

/** The configuration file's settings with the command line's flags merged in (a pure merge). */
function configFrom(
  root: string,
  flags: {
    config?: string;
    cache?: boolean;
    history?: boolean;
    since?: string;
    workers?: string;
    scope?: string;
  },
): Config {
  const { config } = loadConfig(root, flags.config, ruleCatalogue);
  return withFlags(config, {
    ...(flags.cache === undefined ? {} : { cache: flags.cache }),
    ...(flags.history === undefined ? {} : { history: flags.history }),
    ...(flags.since === undefined ? {} : { since: flags.since }),
    ...(flags.workers === undefined ? {} : { workers: flags.workers as unknown as number }),
    ...(flags.scope === undefined ? {} : { scope: flags.scope }),
  });
}

interface ExplainFlags {
  report?: string;
  config?: string;
  history: boolean;
  since?: string;
}

/**
 * Explains one item. With `--report` it reads a saved JSON report, so the figures explained are
 * exactly the ones a reader was shown; without it, it audits the folder again (the cache makes
 * that fast) and explains the item in that fresh result.
 */
async function explain(id: string, path: string, flags: ExplainFlags, io: Io): Promise<number> {
  let report: AuditReport;
  if (flags.report) {
    let text: string;
    try {
      text = readFileSync(flags.report, "utf8");
    } catch (error) {
      throw new UsageError(
        `${flags.report}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? "unreadable"})`,
      );
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${flags.report}: not a JSON report (${syntaxErrorPlace(text, error)})`);
    }
    try {
      report = readReport(raw);
    } catch (error) {
      if (error instanceof ReportFormatError)
        throw new UsageError(`${flags.report}: ${error.message}`);
      throw error;
    }
  } else {
    const root = resolve(path);
    // Issue 13: the store's latest snapshot answers when it holds the item (src/cli/store.ts).
    const stored = await storedReportHolding(root, id, flags, io);
    if (stored) {
      report = stored;
    } else {
      report = await runAudit({ root, config: configFrom(root, flags) });
    }
  }
  const found = findItem(report, id);
  if (!found.item) throw new UsageError(found.problem!);
  io.stdout(explainItem(report, found.item));
  return EXIT.ok;
}

export type { Io } from "./io.ts";

const processIo: Io = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stdoutIsTTY: !!process.stdout.isTTY,
  stderrIsTTY: !!process.stderr.isTTY,
  // no terminal (a file, a CI log): no width to fit, so the table cuts nothing
  columns: process.stdout.columns ?? Number.POSITIVE_INFINITY,
};

/** Only the CLI touches argv, the console and the exit code (STYLE practice 1). */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name("debtlens")
    .description("Find technical debt and scaling risks, price them in money, rank them.")
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  /** The options that decide what an audit reads: the same for audit, gate and baseline. */
  const withAuditInputs = (command: Command) =>
    command
      .option(
        "--coverage <file>",
        "lcov or istanbul JSON coverage report for quality/untested-module",
      )
      .option(
        "--advisories <dir>",
        "OSV advisory folder (OSV's published layout) for security/vulnerable-dependency; default: the OSV API",
      )
      .option(
        "--offline",
        "no network: no OSV API, no npm registry (outdated dependencies are skipped and the report says so)",
      )
      .option(
        "--scan-history",
        "also scan the lines every past commit added for secrets (a removed secret is still leaked)",
      )
      .option(
        "--no-history",
        "do not read git history (interest then assumes scoring.defaultChangesPerYear)",
      )
      .option(
        "--since <date>",
        "start of the history window (default: 12 months before the newest commit)",
      )
      .option("--cache-dir <dir>", "where the per-file cache lives (default: cache.dir)")
      .option(
        "--scope <list>",
        "the scopes the headline, totals, rating, gate and scorecard count, e.g. production,test (default: reports.scopes, production)",
      );
  const auditCommand = program
    .command("audit")
    .description("audit a repository folder and print the ranked debt register")
    .argument("[path]", "folder to audit", ".")
    .addOption(
      new Option(
        "-f, --format <format>",
        "report format (default: table on a terminal, json otherwise)",
      ).choices(FORMATS),
    )
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .option(
      "-c, --config <file>",
      "configuration file (default: debtlens.config.json or .debtlens.yml in the folder)",
    )
    .option("--top <n>", "how many items the table shows", "20")
    .option("--no-cache", "ignore and do not write the per-file cache")
    .option(
      "--workers <n>",
      "worker threads for parsing (0 = none; default: decided by the amount of code and cores)",
    );
  withAuditInputs(auditCommand).action(async (path: string, flags: AuditFlags) => {
    exitCode = await audit(path, flags, io);
  });
  const gateCommand = program
    .command("gate")
    .description(
      "compare with a base commit (and the committed baseline) and fail on new debt over the thresholds",
    )
    .argument("[path]", "folder to audit", ".")
    .option("-b, --base <ref>", "commit, branch or tag to compare with (e.g. origin/main)")
    .option("-c, --config <file>", "configuration file (thresholds in its `gate` section)")
    .option(
      "-f, --format <format>",
      "verdict format: text, markdown (a pull-request comment) or json",
      "text",
    )
    .option(
      "-o, --output <file>",
      "write the verdict to a file (the text verdict still goes to standard error)",
    )
    .option("--no-cache", "ignore and do not write the per-file cache");
  withAuditInputs(gateCommand).action(async (path: string, flags: GateFlags) => {
    exitCode = await gate(path, flags, io);
  });
  const baselineCommand = program
    .command("baseline")
    .description(
      "write the committed baseline: the gate then fails only on debt that is new against it",
    )
    .argument("[path]", "folder to audit", ".")
    .option("-c, --config <file>", "configuration file")
    .option(
      "-o, --output <file>",
      "where to write it (default: gate.baselineFile, debtlens.baseline.json)",
    );
  withAuditInputs(baselineCommand).action(async (path: string, flags: BaselineFlags) => {
    exitCode = await baseline(path, flags, io);
  });
  program
    .command("explain")
    .description(
      "show how one item's scores and money were computed, every input with its value and source",
    )
    .argument(
      "<item>",
      "the item's id (its fingerprint), or an unambiguous prefix of 6+ characters",
    )
    .argument("[path]", "folder to audit when no --report is given", ".")
    .option("-r, --report <file>", "read a saved JSON report instead of auditing again")
    .option("-c, --config <file>", "configuration file when auditing again")
    .option("--no-history", "do not read git history when auditing again")
    .option("--since <date>", "start of the history window when auditing again")
    .action(async (item: string, path: string, flags: ExplainFlags) => {
      exitCode = await explain(item, path, flags, io);
    });
  // Feature commands register themselves here, one line each (src/cli/<feature>.ts).
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  void setExitCode;
  registerStoreCommands(program, io, setExitCode);
  registerPlanCommands(program, io, setExitCode);
  registerServeCommands(program, io, setExitCode);
  registerSloCommands(program, io, setExitCode);
  registerKpiCommands(program, io, setExitCode);
  registerInitCommands(program, io, setExitCode);
  registerReportCommand(program, io, setExitCode);
  registerCalibrateCommands(program, io, setExitCode);
  try {
    await program.parseAsync(argv as string[]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (
      error instanceof InputError ||
      error instanceof ConfigError ||
      error instanceof AuditInputError ||
      error instanceof UsageError ||
      error instanceof UiBundleMissingError ||
      error instanceof GateInputError ||
      error instanceof TriageFileError ||
      error instanceof BaselineFileError ||
      error instanceof LinkRefusedError
    ) {
      io.stderr(`debtlens: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr(
      `debtlens: internal error, please report it with this trace:\n${(error as Error).stack ?? String(error)}\n`,
    );
    return EXIT.usage;
  }
}
