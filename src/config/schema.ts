import { z } from "zod";
import { kpisSchema } from "./kpis.ts";
import {
  LEGACY_PRIORITY_CLASSES,
  priorityClassNamed,
  SEVERITIES,
  type LegacyPriorityClass,
  type PriorityClass,
} from "../findings/index.ts";
import { SCOPES } from "../scopes/index.ts";
import { planSchema } from "./plan.ts";

const severity = z.enum(SEVERITIES);

let knownCurrencies: ReadonlySet<string> | undefined;
/** Whether Intl knows the code (it formats any three letters, so its list is the check). */
function isKnownCurrency(code: string): boolean {
  knownCurrencies ??= new Set(Intl.supportedValuesOf("currency"));
  return knownCurrencies.has(code);
}

export const ruleSettingSchema = z.union([
  z.literal("off"),
  severity,
  z.strictObject({
    enabled: z.boolean().optional(),
    severity: severity.optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  }),
]);
export type RuleSetting = z.infer<typeof ruleSettingSchema>;

/**
 * Money and scoring constants of SPEC section 3. Every one is a default that a team can change;
 * the report prints the values used next to every figure.
 */
export const scoringSchema = z.strictObject({
  /**
   * `balanced` (the default): I*0.4 + R*0.4 + (11-E)*0.2, so a cheap fix gains up to 2 points;
   * `framework`: the seed's I*0.4 + R*0.4 + (1/E)*0.2, whose effort term spans only 0.02-0.2.
   */
  preset: z.enum(["framework", "balanced"]).default("balanced"),
  weights: z
    .strictObject({
      impact: z.number().min(0).default(0.4),
      risk: z.number().min(0).default(0.4),
      effort: z.number().min(0).default(0.2),
    })
    .prefault({}),
  /**
   * An ISO 4217 code the runtime can format (Intl), checked here: every reporter prints money with
   * it, and an unknown code used to throw in three of them and leave the HTML report blank.
   */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, {
      error: "expected an ISO 4217 currency code in capitals, such as USD or EUR",
      abort: true,
    })
    .refine(isKnownCurrency, "not an ISO 4217 currency code this runtime knows (e.g. USD, EUR)")
    .default("USD"),
  hourlyCost: z.number().positive().default(90),
  /** Without git history only: assumed hours of one change (the team's hours still bound the total). */
  hoursPerChange: z.number().positive().default(2),
  /** Without git history only: assumed changes a year of each file. */
  defaultChangesPerYear: z.number().min(0).default(6),
  /** SonarQube's development cost per line of code, the denominator of the debt ratio. */
  minutesPerLine: z.number().positive().default(30),
  /** Code health at or above which code carries no extra change cost (Tornhill and Borg 2022). */
  healthyThreshold: z.number().min(1).max(10).default(9),
  /** Code health below which code is alert-level and every change costs `alertOverhead` more. */
  alertThreshold: z.number().min(1).max(10).default(4),
  alertOverhead: z.number().min(0).default(1.24),
  /** Cost of one incident, for items that cost through incidents (security, infrastructure). */
  incidentCost: z.number().min(0).default(20000),
  /** Yearly likelihood that an item of each severity causes an incident. */
  incidentLikelihood: z
    .strictObject({
      critical: z.number().min(0).max(1).default(0.3),
      high: z.number().min(0).max(1).default(0.1),
      medium: z.number().min(0).max(1).default(0.03),
      low: z.number().min(0).max(1).default(0.01),
      info: z.number().min(0).max(1).default(0),
    })
    .prefault({}),
});
export type ScoringConfig = z.infer<typeof scoringSchema>;

/**
 * `debtlens gate` thresholds ("clean as you code"): what a change may add before CI fails it.
 * A class left out of `maxNewItems` is not limited; an absent limit is not checked.
 */
/** A file path the audited repository may name: relative, and never leaving its folder. */
const insideRoot = z
  .string()
  .min(1)
  .refine(
    (path) => !/^([a-zA-Z]:)?[\\/]/.test(path) && !path.split(/[\\/]/).includes(".."),
    "must be a path inside the audited folder (relative, without ..)",
  );

const legacyClassLimits = Object.fromEntries(
  Object.entries(LEGACY_PRIORITY_CLASSES).map(([old, now]) => [
    old,
    z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ deprecated: true, description: `Read as ${now}.` }),
  ]),
) as Record<LegacyPriorityClass, z.ZodOptional<z.ZodNumber>>;

/** Limits by the classes' old names (critical, high, medium, low) read as their new names. */
function withClassNames(
  limits: Partial<Record<PriorityClass | LegacyPriorityClass, number>>,
): Partial<Record<PriorityClass, number>> {
  const out: Partial<Record<PriorityClass, number>> = {};
  for (const [name, limit] of Object.entries(limits)) {
    const now = priorityClassNamed(name)!;
    // The new name wins over the old one when a file has both.
    if (limit !== undefined && (name === now || out[now] === undefined)) out[now] = limit;
  }
  return out;
}

export const gateSchema = z.strictObject({
  /** Most new items a change may add, per priority class. */
  maxNewItems: z
    .strictObject({
      "fix-now": z.number().int().min(0).optional(),
      next: z.number().int().min(0).optional(),
      later: z.number().int().min(0).optional(),
      backlog: z.number().int().min(0).optional(),
      ...legacyClassLimits,
    })
    .transform(withClassNames)
    .default({ "fix-now": 0, next: 0, later: 0 }),
  /** Most principal (money) the new items may add. */
  maxNewPrincipal: z.number().min(0).optional(),
  /** Highest debt ratio (0-1) the changed code may have. */
  maxDebtRatio: z.number().min(0).optional(),
  /** Worst rating (A best, E worst) the changed code may have. */
  minRating: z.enum(["A", "B", "C", "D", "E"]).optional(),
  /**
   * New-code policy (SonarQube's default gate): a change fails when it adds an item of this
   * severity or above in a file it touches, whatever its priority class; "off" turns it off.
   */
  newCodeSeverity: z.enum(["critical", "high", "medium", "low", "info", "off"]).default("medium"),
  /** Committed ratchet written by `debtlens baseline`, relative to the audited root. */
  baselineFile: insideRoot.default("debtlens.baseline.json"),
  /** Committed triage decisions (false positive, won't fix, accepted until), relative to the audited root. */
  triageFile: insideRoot.default("debtlens.triage.json"),
});
export type GateConfig = z.infer<typeof gateSchema>;

/** Hours one full-time engineer spends on the code in a year (after leave, meetings, support). */
export const DEFAULT_HOURS_PER_YEAR = 1400;
/** The team assumed when neither git history nor `team.size` says how large it is. */
export const ASSUMED_TEAM_SIZE = 5;

/**
 * The team whose time the change-cost interest shares out (ADR 0009): measured from git history
 * (each author a fraction of a full-time engineer by active weeks) unless `size` is given.
 */
export const teamSchema = z.strictObject({
  /** Full-time engineers working on this code; absent: measured from history (or assumed 5 without it). */
  size: z.number().positive().optional(),
  hoursPerYear: z.number().positive().max(8760).default(DEFAULT_HOURS_PER_YEAR),
});
export type TeamConfig = z.infer<typeof teamSchema>;

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Globs of files to audit; empty means every file discovery finds. */
  include: z.array(z.string().min(1)).default([]),
  /** Globs of files to leave out, on top of .gitignore and the built-in skips. */
  exclude: z.array(z.string().min(1)).default([]),
  /** Files larger than this many bytes are skipped and counted. */
  maxFileSize: z.number().int().positive().default(1_000_000),
  rules: z.record(z.string(), ruleSettingSchema).default({}),
  scoring: scoringSchema.prefault({}),
  team: teamSchema.prefault({}),
  cache: z
    .strictObject({
      enabled: z.boolean().default(true),
      /**
       * Where the cache goes, relative to the audited root. Honoured only in a file passed with
       * --config: the audited repository may not choose where debtlens writes. Default:
       * node_modules/.cache/debtlens when the project has node_modules, else the user's cache.
       */
      dir: z.string().min(1).optional(),
    })
    .prefault({}),
  /** Git history (src/history): the window of change rates, hotspots, coupling and silos. */
  history: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Start of the window (a date, e.g. 2024-01-31); default: `windowMonths` before the newest commit. */
      since: z.string().min(1).optional(),
      windowMonths: z.number().int().positive().default(12),
      /** Read the whole history for all-time figures and authorship; false reads only the window. */
      readAll: z.boolean().default(true),
      /** Commits touching more files than this are left out of change coupling (code-maat's default). */
      maxChangesetSize: z.number().int().min(2).default(30),
    })
    .prefault({}),
  /** The module graph and the boundary rules (src/graph, architecture/boundary-violation). */
  architecture: z
    .strictObject({
      /** Count `import type` edges in cycles (they vanish at run time, so they are left out by default). */
      includeTypeImports: z.boolean().default(false),
      /** Extra entry points (globs) for quality/unused-code, on top of package.json and conventions. */
      entries: z.array(z.string().min(1)).default([]),
      /** Imports from a file matching `from` to a file matching `to` are violations. */
      forbidden: z
        .array(
          z.strictObject({
            name: z.string().min(1).optional(),
            from: z.string().min(1),
            to: z.string().min(1),
            comment: z.string().optional(),
          }),
        )
        .default([]),
      /** Ordered from top to bottom: a layer may import only the layers below it. */
      layers: z
        .array(
          z.strictObject({ name: z.string().min(1), paths: z.array(z.string().min(1)).min(1) }),
        )
        .default([]),
      /** Feature folders (e.g. `src/features/*`) import each other only through their entry file. */
      features: z
        .strictObject({
          paths: z.array(z.string().min(1)).min(1),
          entry: z
            .array(z.string().min(1))
            .default(["index.ts", "index.tsx", "index.js", "index.mts"]),
        })
        .optional(),
    })
    .prefault({}),
  /**
   * Globs that put files in a scope (docs/scopes.md), before any convention: e.g.
   * `{ "test": ["qa/**"], "vendored": ["public/lib/**"] }`. The first scope in SCOPES order wins.
   */
  scopes: z
    .strictObject(
      Object.fromEntries(SCOPES.map((s) => [s, z.array(z.string().min(1)).optional()])) as Record<
        (typeof SCOPES)[number],
        z.ZodOptional<z.ZodArray<z.ZodString>>
      >,
    )
    .prefault({}),
  gate: gateSchema.prefault({}),
  /** Sprint plan, initiatives and roadmap (src/plan, docs/plan.md). */
  plan: planSchema.prefault({}),
  /** `debtlens kpis`: targets for the KPIs (src/kpi). */
  kpis: kpisSchema.prefault({}),
  reports: z
    .strictObject({
      /**
       * Where the rule pages (docs/rules) are published, for the links in SARIF, Markdown, CSV and
       * HTML. Only http: and https:, since readers click these links (a javascript: URL would run).
       */
      docsBaseUrl: z
        .url({ protocol: /^https?$/, error: "expected an http: or https: URL" })
        .optional(),
      /** The scopes the headline, totals, rating, gate and scorecard count (`--scope` overrides). */
      scopes: z.array(z.enum(SCOPES)).min(1).default(["production"]),
    })
    .prefault({}),
  /** Worker threads for parsing: "auto" lets the engine decide from the number of files. */
  workers: z.union([z.literal("auto"), z.number().int().min(0).max(64)]).default("auto"),
});
export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** The configuration's JSON Schema, for editors (`"$schema"` in debtlens.config.json). */
export function configJsonSchema(): unknown {
  return {
    title: "debtlens configuration",
    ...(z.toJSONSchema(configSchema, { target: "draft-2020-12", io: "input" }) as object),
  };
}
