import { existsSync } from "node:fs";
import { join } from "node:path";
import stripJsonComments from "strip-json-comments";
import {
  ASSUMED_TEAM_SIZE,
  configSchema,
  validateConfig,
  type Config,
  type RuleOptionsCatalogue,
} from "../config/index.ts";
import { measureTeam, readHistory, type MeasuredTeam } from "../history/index.ts";
import { InputError, LinkRefusedError, readFileNoFollow } from "../shared/index.ts";

/** The defaults, parsed on first use rather than at start-up (which every command paid for). */
let parsedDefaults: ReturnType<typeof configSchema.parse> | undefined;
const defaults = () => (parsedDefaults ??= configSchema.parse({}));

/** Where a figure of the money model comes from. */
export type FigureSource = "default" | "configuration" | "measured" | "assumed";

export interface Figure {
  value: number;
  source: FigureSource;
  /** The configuration key that sets it. */
  key: string;
}

/** The figures `debtlens calibrate` shows: what the money model uses for this repository. */
export interface Calibration {
  team: Figure;
  hoursPerYear: Figure;
  /** team x hours per engineer-year: what change-cost interest shares at most. */
  teamHours: number;
  hourlyCost: Figure;
  /** teamHours x hourly cost: the ceiling of the change-cost interest. */
  teamCost: number;
  incidentCost: Figure;
  incidentLikelihood: Config["scoring"]["incidentLikelihood"];
  currency: string;
  /** The team history shows (absent without git history, with the reason in `note`). */
  measured?: MeasuredTeam & { since: number; until: number };
  note?: string;
}

function figure(key: string, value: number, fallback: number): Figure {
  return { key, value, source: value === fallback ? "default" : "configuration" };
}

/**
 * Measures the team from git history (through the hardened runner) and reads the money figures
 * the configuration sets: the numbers behind every interest figure, for a team to check and set.
 */
export async function calibrate(root: string, config: Config): Promise<Calibration> {
  const result = config.history.enabled
    ? await readHistory(root, {
        ...(config.history.since === undefined ? {} : { since: config.history.since }),
        windowMonths: config.history.windowMonths,
        maxChangesetSize: config.history.maxChangesetSize,
        // Team activity needs the window only.
        readAll: false,
      })
    : { history: undefined, note: "History is off (history.enabled: false)." };
  const measured = result.history
    ? {
        ...measureTeam(result.history),
        since: result.history.window.since,
        until: result.history.window.until,
      }
    : undefined;
  const size = config.team.size;
  const team: Figure =
    size !== undefined
      ? { key: "team.size", value: size, source: "configuration" }
      : measured
        ? { key: "team.size", value: measured.engineers, source: "measured" }
        : { key: "team.size", value: ASSUMED_TEAM_SIZE, source: "assumed" };
  const hoursPerYear = figure(
    "team.hoursPerYear",
    config.team.hoursPerYear,
    defaults().team.hoursPerYear,
  );
  const hourlyCost = figure(
    "scoring.hourlyCost",
    config.scoring.hourlyCost,
    defaults().scoring.hourlyCost,
  );
  const teamHours = Math.round(team.value * hoursPerYear.value * 100) / 100;
  return {
    team,
    hoursPerYear,
    teamHours,
    hourlyCost,
    teamCost: Math.round(teamHours * hourlyCost.value * 100) / 100,
    incidentCost: figure(
      "scoring.incidentCost",
      config.scoring.incidentCost,
      defaults().scoring.incidentCost,
    ),
    incidentLikelihood: config.scoring.incidentLikelihood,
    currency: config.scoring.currency,
    ...(measured ? { measured } : {}),
    ...(result.note ? { note: result.note } : {}),
  };
}

/** Values `debtlens calibrate --write` sets; absent ones are left as they are. */
export interface CalibrationUpdate {
  teamSize?: number;
  hoursPerYear?: number;
  hourlyCost?: number;
  incidentCost?: number;
}

/**
 * The configuration file with the calibration's values set (`team.size`, `team.hoursPerYear`,
 * `scoring.hourlyCost`, `scoring.incidentCost`), checked against the schema before anything is
 * written. The file is read without following links; a file with comments or in YAML is not
 * rewritten (its comments would be lost): the error names the keys to set by hand.
 */
export function updatedConfigText(
  file: string,
  update: CalibrationUpdate,
  rules: RuleOptionsCatalogue,
): string {
  const wanted = [
    update.teamSize === undefined ? undefined : `team.size ${update.teamSize}`,
    update.hoursPerYear === undefined ? undefined : `team.hoursPerYear ${update.hoursPerYear}`,
    update.hourlyCost === undefined ? undefined : `scoring.hourlyCost ${update.hourlyCost}`,
    update.incidentCost === undefined ? undefined : `scoring.incidentCost ${update.incidentCost}`,
  ].filter(Boolean);
  const byHand = `set ${wanted.join(", ")} by hand`;
  if (!file.endsWith(".json"))
    throw new InputError("calibrate", `${file}: a YAML configuration is not rewritten; ${byHand}`);
  let raw: Record<string, unknown> = {};
  if (existsSync(file)) {
    let text: string;
    try {
      text = readFileNoFollow(file).toString("utf8");
    } catch (error) {
      if (error instanceof LinkRefusedError)
        throw new InputError("calibrate", `${file}: is a symbolic link; it is not written through`);
      throw error;
    }
    if (stripJsonComments(text) !== text)
      throw new InputError(
        "calibrate",
        `${file}: has comments, which rewriting would lose; ${byHand}`,
      );
    try {
      raw = text.trim() === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
    } catch {
      throw new InputError("calibrate", `${file}: not valid JSON; fix it before --write`);
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw))
      throw new InputError("calibrate", `${file}: expected a JSON object`);
  }
  const section = (name: string) => {
    const value = raw[name];
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  };
  const team = section("team");
  const scoring = section("scoring");
  if (update.teamSize !== undefined) team.size = update.teamSize;
  if (update.hoursPerYear !== undefined) team.hoursPerYear = update.hoursPerYear;
  if (update.hourlyCost !== undefined) scoring.hourlyCost = update.hourlyCost;
  if (update.incidentCost !== undefined) scoring.incidentCost = update.incidentCost;
  const next = {
    ...raw,
    ...(Object.keys(scoring).length ? { scoring } : {}),
    ...(Object.keys(team).length ? { team } : {}),
  };
  // Refuse to write what the next audit could not load (a negative cost, a typo elsewhere).
  validateConfig(next, file, rules);
  return `${JSON.stringify(next, null, 2)}\n`;
}

/** The configuration file calibrate writes: the one given, the one found, or a new debtlens.config.json. */
export function calibrationTarget(root: string, found: string | undefined): string {
  return found ?? join(root, "debtlens.config.json");
}
