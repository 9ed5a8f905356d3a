import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { Command } from "commander";
import * as calibration from "../audit/index.ts";
import type { Calibration, CalibrationUpdate, Figure } from "../audit/index.ts";
import { loadConfig } from "../config/index.ts";
import { ruleCatalogue } from "../rules/index.ts";
import { InputError, writeFileNoFollow } from "../shared/index.ts";
import type { Io } from "./io.ts";

interface CalibrateFlags {
  config?: string;
  teamSize?: string;
  hoursPerYear?: string;
  hourlyCost?: string;
  incidentCost?: string;
  write?: boolean;
  format?: string;
}

const isoDate = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
const number = (v: number) => v.toLocaleString("en-US", { maximumFractionDigits: 2 });

function positive(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new InputError("calibrate", `${flag}: expected a positive number, got "${text}"`);
  return value;
}

function sourceOf(f: Figure): string {
  return f.source === "configuration" ? `configuration (${f.key})` : `${f.source} (${f.key})`;
}

/** The calibration as text: each figure, where it comes from, and how to set it. */
export function formatCalibration(root: string, c: Calibration): string {
  const cur = c.currency;
  const m = c.measured;
  const team =
    c.team.source === "measured" && m
      ? `measured: ${m.authors} authors committed in ${isoDate(m.since)} to ${isoDate(m.until)} (${m.bots} bots left out), each counted as active weeks / 46, at most 1`
      : c.team.source === "assumed"
        ? `assumed: ${c.note ?? "no git history"}`
        : `${sourceOf(c.team)}${m ? `; history measures ${number(m.engineers)} from ${m.authors} authors` : ""}`;
  const l = c.incidentLikelihood;
  return [
    `debtlens calibrate of ${basename(root)}: the figures the money model uses (docs/adr/0009-money.md)`,
    `  team               ${number(c.team.value)} full-time engineers  [${team}]`,
    `  hours per year     ${number(c.hoursPerYear.value)} per engineer  [${sourceOf(c.hoursPerYear)}]`,
    `  team hours         ${number(c.teamHours)} a year  [change-cost interest shares these by changed lines; it never exceeds them]`,
    `  hourly cost        ${number(c.hourlyCost.value)} ${cur}  [${sourceOf(c.hourlyCost)}]`,
    `  team cost          ${number(c.teamCost)} ${cur} a year  [team hours x hourly cost]`,
    `  incident cost      ${number(c.incidentCost.value)} ${cur}  [${sourceOf(c.incidentCost)}]`,
    `  likelihood a year  critical ${l.critical}, high ${l.high}, medium ${l.medium}, low ${l.low}  [scoring.incidentLikelihood]`,
    "",
    "Set your own figures: debtlens calibrate --hourly-cost N --incident-cost N --hours-per-year N [--team-size N|measured] --write",
    "",
  ].join("\n");
}

/**
 * `debtlens calibrate [path]`: prints the figures behind every interest figure (the team measured
 * from history, hours per engineer-year, hourly cost, incident cost) and, with `--write`, sets the
 * given ones in the configuration file.
 */
export function registerCalibrateCommands(
  program: Command,
  io: Io,
  setExitCode: (code: number) => void,
): void {
  program
    .command("calibrate")
    .description(
      "show the money model's figures (team measured from git history, hours per engineer-year, hourly and incident cost) and set them with --write",
    )
    .argument("[path]", "folder to calibrate", ".")
    .option(
      "-c, --config <file>",
      "configuration file (default: the folder's debtlens.config.json)",
    )
    .option("--team-size <n>", "full-time engineers (`measured`: write the size history measures)")
    .option("--hours-per-year <n>", "hours one engineer spends on the code in a year")
    .option("--hourly-cost <n>", "cost of an engineering hour")
    .option("--incident-cost <n>", "cost of one security or infrastructure incident")
    .option("--write", "write the given figures into the configuration file")
    .option("-f, --format <format>", "text or json", "text")
    .action(async (path: string, flags: CalibrateFlags) => {
      const root = resolve(path);
      if (!existsSync(root)) throw new InputError("calibrate", `${path}: no such folder`);
      if (flags.format !== "text" && flags.format !== "json")
        throw new InputError("calibrate", `--format: expected text or json, got "${flags.format}"`);
      const { config, file } = loadConfig(root, flags.config, ruleCatalogue);
      const figures = await calibration.calibrate(root, config);
      const teamSize =
        flags.teamSize === "measured"
          ? figures.measured?.engineers
          : positive("--team-size", flags.teamSize);
      if (flags.teamSize === "measured" && teamSize === undefined)
        throw new InputError("calibrate", "--team-size measured: no git history to measure from");
      const update: CalibrationUpdate = {
        ...(teamSize === undefined ? {} : { teamSize }),
        ...optional("hoursPerYear", positive("--hours-per-year", flags.hoursPerYear)),
        ...optional("hourlyCost", positive("--hourly-cost", flags.hourlyCost)),
        ...optional("incidentCost", positive("--incident-cost", flags.incidentCost)),
      };
      io.stdout(
        flags.format === "json"
          ? `${JSON.stringify(figures, null, 2)}\n`
          : formatCalibration(root, figures),
      );
      if (!flags.write) {
        if (Object.keys(update).length)
          io.stderr("debtlens: nothing written; add --write to set these figures\n");
        setExitCode(0);
        return;
      }
      if (!Object.keys(update).length)
        throw new InputError(
          "calibrate",
          "--write: give the figures to set (--team-size, --hours-per-year, --hourly-cost, --incident-cost)",
        );
      const target = calibration.calibrationTarget(root, file);
      writeFileNoFollow(target, calibration.updatedConfigText(target, update, ruleCatalogue));
      io.stderr(`debtlens: wrote ${Object.keys(update).join(", ")} to ${target}\n`);
      setExitCode(0);
    });
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
