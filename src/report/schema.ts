import { z } from "zod";
import {
  CATEGORIES,
  ITEM_STATES,
  LEGACY_CLASS_NAMES,
  PRIORITY_CLASSES,
  SEVERITIES,
} from "../findings/index.ts";
import { SCOPES } from "../scopes/index.ts";

/**
 * `debtlens.report/v2`: the contract between the engine and everything after it (reporters, the
 * store, the server, the dashboard, plans). Additive, optional fields may be added within v2;
 * renaming or removing a field, or changing its meaning, makes v3. `schemas/report-v2.schema.json`
 * is generated from this and a test keeps the two equal. v1 (`reportSchemaV1` below, its published
 * schema kept in `schemas/report-v1.schema.json`) is still read: `readReport` upgrades it
 * (docs/reports.md says what changed).
 */
export const REPORT_SCHEMA_ID = "debtlens.report/v2";
export const REPORT_SCHEMA_V1_ID = "debtlens.report/v1";

const category = z.enum(CATEGORIES);
const severity = z.enum(SEVERITIES);
const scope = z.enum(SCOPES).describe("The file's scope (docs/scopes.md); absent: production.");
const scopeTotals = z.object({
  files: z.number().int(),
  linesOfCode: z.number().int(),
  items: z.number().int(),
  remediationMinutes: z.number(),
  principal: z.number(),
  interest: z.number(),
});
const priorityClass = z
  .enum(PRIORITY_CLASSES)
  .describe(
    "Fix now, Next, Later, Backlog: the framework's Critical, High, Medium and Low bands of the Priority score (v1 used those names).",
  );
const place = z.object({
  path: z.string(),
  startLine: z.number().int(),
  endLine: z.number().int(),
});

const categoryTotals = z.object({
  items: z.number().int(),
  minutes: z.number(),
  principal: z.number(),
  interest: z.number(),
});

const moneyRange = z.object({ low: z.number(), high: z.number() });
const moneyRangesSchema = z.object({ principal: moneyRange, interest: moneyRange });

export const interestBasisSchema = z.discriminatedUnion("model", [
  z.object({
    model: z.literal("change-cost"),
    changesPerYear: z.number(),
    changesSource: z.enum(["assumed", "git"]),
    hoursPerChange: z.number(),
    health: z.number(),
    overhead: z.number(),
    share: z.number(),
    fileHours: z
      .number()
      .optional()
      .describe(
        "The file's yearly engineering hours: team hours x its share of the changed lines.",
      ),
    teamHours: z.number().optional().describe("The team's yearly hours that bound every file's."),
    waste: z
      .number()
      .optional()
      .describe("Part of the file's hours lost to its health: overhead / (1 + overhead)."),
  }),
  z.object({
    model: z.literal("expected-loss"),
    incidentCost: z.number(),
    likelihood: z.number(),
    baseLikelihood: z.number().optional().describe("The severity's likelihood before exposure."),
    exposure: z
      .enum(["request", "internal", "non-production"])
      .optional()
      .describe("request: reachable from a route handler (x2); non-production scope (x0.25)."),
  }),
  z
    .object({
      model: z.literal("slo-burn"),
      burnRate: z.number(),
      budgetMinutesPerYear: z.number(),
      costPerMinute: z.number(),
    })
    .describe(
      "An SLO burning its error budget (debtlens slo debt): interest = burnRate x budgetMinutesPerYear x costPerMinute.",
    ),
]);

export const itemSchema = z.object({
  id: z.string().describe("The fingerprint: stable across line shifts and unrelated edits."),
  fingerprint: z.string(),
  rule: z.string(),
  category,
  severity,
  message: z.string(),
  path: z.string().optional(),
  startLine: z.number().int().optional(),
  endLine: z.number().int().optional(),
  symbol: z.string().optional(),
  scope: scope.optional(),
  places: z.array(place).optional(),
  evidence: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  remediationMinutes: z.number(),
  scores: z.object({
    effort: z.number().min(1).max(10),
    risk: z.number().min(1).max(10),
    impact: z.number().min(1).max(10),
    priority: z.number(),
    class: priorityClass,
  }),
  money: z.object({
    principal: z.number(),
    interest: z.number().describe("Per year."),
    hours: z.number(),
    basis: interestBasisSchema,
    range: moneyRangesSchema
      .optional()
      .describe("Low-high bounds from the plausible bounds of the assumptions (ADR 0009)."),
  }),
});

const historySchema = z.object({
  window: z.object({
    since: z.string(),
    until: z.string(),
    source: z.enum(["configured", "default"]),
  }),
  commits: z.object({
    read: z.number().int(),
    inWindow: z.number().int(),
    ignoredForCoupling: z.number().int(),
  }),
  authors: z.number().int(),
  files: z
    .array(
      z.object({
        path: z.string(),
        commits: z.number().int().describe("In the window."),
        commitsAllTime: z.number().int(),
        changesPerYear: z.number(),
        added: z.number().int(),
        removed: z.number().int(),
        firstChange: z.string(),
        lastChange: z.string(),
        authors: z.array(
          z.object({
            name: z.string(),
            added: z.number().int(),
            commits: z.number().int(),
            share: z.number(),
          }),
        ),
      }),
    )
    .describe("Per-file change counts, renames followed."),
  hotspots: z.array(
    z.object({
      path: z.string(),
      changes: z.number().int(),
      health: z.number(),
      healthBeforeHotspot: z.number(),
      linesOfCode: z.number().int(),
      interest: z.number(),
    }),
  ),
  coupling: z.array(
    z.object({
      a: z.string(),
      b: z.string(),
      shared: z.number().int(),
      degree: z.number(),
      revisionsA: z.number().int(),
      revisionsB: z.number().int(),
    }),
  ),
  silos: z.array(
    z.object({
      module: z.string(),
      author: z.string(),
      share: z.number(),
      active: z.boolean(),
      daysSinceLastCommit: z.number().int(),
      files: z.number().int(),
    }),
  ),
});

const couplingSchema = z.object({
  path: z.string(),
  fanIn: z.number().int(),
  fanOut: z.number().int(),
  instability: z.number().describe("fanOut / (fanIn + fanOut), 0 when isolated."),
});

/** The module graph (src/graph): coupling per module and folder, cycles, unresolved imports by reason. */
export const graphSchema = z.object({
  modules: z.array(couplingSchema),
  folders: z
    .array(couplingSchema.extend({ modules: z.number().int() }))
    .describe("Coupling of each folder's own files with modules outside the folder."),
  edges: z.number().int(),
  typeOnlyEdges: z.number().int(),
  includeTypeImports: z.boolean().describe("Whether type-only imports count in cycles."),
  cycles: z.array(
    z.object({
      files: z.array(z.string()).describe("One strongly connected component."),
      cycle: z
        .array(z.string())
        .describe("One shortest cycle through it, first file repeated at the end."),
    }),
  ),
  unresolved: z
    .record(z.string(), z.number().int())
    .describe("Imports that became no edge, by reason."),
  unresolvedExamples: z.record(z.string(), z.array(z.string())),
  entries: z.array(z.string()).describe("Entry points the unused-code analysis starts from."),
});

/** Line coverage per module from `--coverage FILE`. */
export const coverageSchema = z.object({
  source: z.string(),
  format: z.enum(["lcov", "istanbul", "istanbul-summary"]),
  problem: z.string().optional(),
  files: z.array(
    z.object({
      path: z.string(),
      linesFound: z.number().int(),
      linesHit: z.number().int(),
      pct: z.number(),
    }),
  ),
});

/** What describes one run of the audit rather than the code: two runs of one commit differ only here. */
const runSchema = z
  .object({
    generatedAt: z.string().describe("ISO 8601."),
    durationMs: z.number(),
    discovery: z.enum(["git", "walk"]),
    filesRead: z.number().int(),
    cacheHits: z.number().int(),
    parsed: z.number().int(),
    workers: z.number().int(),
    phases: z
      .record(z.string(), z.number())
      .optional()
      .describe("Milliseconds spent in each stage of the pipeline, in order."),
  })
  .describe("The run, kept apart from the content: compare reports without it.");

/**
 * A note: what the reader must know to read the figures. `code` is a stable id that reporters
 * word (with `data`); `text` is the English wording for readers that do not know the code.
 */
export const noteSchema = z.object({
  code: z.string().describe("A stable id, e.g. history.shallow-clone or triage.excluded."),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  text: z.string(),
});

export const reportSchema = z.object({
  schema: z.literal(REPORT_SCHEMA_ID),
  tool: z.object({ name: z.literal("debtlens"), version: z.string() }),
  root: z
    .string()
    .describe("The audited folder's name (never an absolute path from the auditing machine)."),
  repository: z
    .object({
      remote: z.string().optional().describe("The origin remote's URL, credentials removed."),
      commit: z.string().optional(),
      branch: z.string().optional(),
      commitDate: z.string().optional().describe("The commit's committer date, ISO 8601."),
    })
    .optional()
    .describe("Which repository and commit the report describes (absent outside git)."),
  run: runSchema,
  team: z
    .object({
      source: z.enum(["git", "configured", "assumed"]),
      engineers: z.number().describe("Full-time engineers (measured: active weeks / 46 each)."),
      hoursPerYear: z.number(),
      hours: z.number().describe("The team's yearly hours; change-cost interest shares them."),
      authors: z.number().int().optional(),
      bots: z.number().int().optional(),
    })
    .optional()
    .describe("The team whose time bounds the change-cost interest (ADR 0009)."),
  notes: z
    .array(noteSchema)
    .describe("What the reader must know to read the figures, e.g. assumptions in force."),
  scoring: z.object({
    preset: z.enum(["framework", "balanced"]),
    currency: z.string(),
    hourlyCost: z.number(),
    hoursPerChange: z.number(),
    defaultChangesPerYear: z.number(),
    minutesPerLine: z.number(),
    incidentCost: z.number(),
    weights: z.object({ impact: z.number(), risk: z.number(), effort: z.number() }).optional(),
    healthyThreshold: z.number().optional(),
    alertThreshold: z.number().optional(),
    alertOverhead: z.number().optional(),
    incidentLikelihood: z.record(severity, z.number()).optional(),
  }),
  summary: z.object({
    files: z.number().int(),
    linesOfCode: z.number().int(),
    items: z.number().int(),
    remediationMinutes: z.number(),
    principal: z.number(),
    interest: z.number(),
    debtRatio: z.number(),
    rating: z.enum(["A", "B", "C", "D", "E"]),
    byCategory: z.object(
      Object.fromEntries(CATEGORIES.map((c) => [c, categoryTotals])) as Record<
        (typeof CATEGORIES)[number],
        typeof categoryTotals
      >,
    ),
    byClass: z.object({
      "fix-now": z.number().int(),
      next: z.number().int(),
      later: z.number().int(),
      backlog: z.number().int(),
    }),
    duplicatedLines: z.number().int(),
    range: moneyRangesSchema
      .optional()
      .describe("Sums of the items' low and high bounds of principal and interest."),
    scopes: z
      .array(z.enum(SCOPES))
      .optional()
      .describe("The scopes the figures above count (default production; --scope widens them)."),
    byScope: z
      .partialRecord(z.enum(SCOPES), scopeTotals)
      .optional()
      .describe("Every scope's figures, counted or not: the other scopes' totals shown apart."),
  }),
  items: z.array(itemSchema),
  files: z.array(
    z.object({
      path: z.string(),
      language: z.string(),
      lines: z.number().int(),
      linesOfCode: z.number().int(),
      health: z.number().min(1).max(10),
      findings: z.number().int(),
      scope: scope.optional(),
      functions: z
        .array(
          z.object({
            name: z.string(),
            line: z.number().int(),
            endLine: z.number().int(),
            cyclomatic: z.number().int(),
            cognitive: z.number().int(),
          }),
        )
        .optional(),
    }),
  ),
  graph: graphSchema.optional().describe("The module graph (src/graph)."),
  coverage: coverageSchema.optional().describe("Present when --coverage was given."),
  history: historySchema
    .optional()
    .describe("From git (src/history); absent with --no-history or without usable git history."),
  dependencies: z
    .object({
      lockfiles: z.array(
        z.object({
          path: z.string(),
          format: z.string(),
          packages: z.number().int(),
          byScope: z.record(z.string(), z.number().int()),
        }),
      ),
      advisorySource: z.enum(["folder", "osv-api", "none"]),
      registry: z.enum(["online", "offline", "unreachable"]),
      vulnerable: z.array(
        z.object({
          name: z.string(),
          versions: z.array(z.string()),
          scope: z.enum(["production", "development", "optional", "peer"]),
          lockfiles: z.array(z.string()),
          severity,
          advisories: z.array(
            z.object({
              id: z.string(),
              aliases: z.array(z.string()),
              summary: z.string(),
              severity,
              score: z.number().optional(),
              fixedIn: z.string().optional(),
            }),
          ),
          fixedIn: z.string().optional().describe("The lowest version that fixes every advisory."),
        }),
      ),
      outdated: z.array(
        z.object({
          name: z.string(),
          manifest: z.string(),
          scope: z.enum(["production", "development", "optional", "peer"]),
          installed: z.string(),
          latest: z.string(),
          majorsBehind: z.number().int(),
          libyear: z.number(),
          deprecated: z.string().optional(),
        }),
      ),
      libyear: z.number().describe("Sum of libyear over direct dependencies."),
      notes: z.array(z.string()),
    })
    .optional()
    .describe(
      "Dependency health (security/vulnerable-dependency, quality/outdated-dependency): absent when the repository has no manifests.",
    ),
  skipped: z.object({
    counts: z
      .record(z.string(), z.number().int())
      .describe(
        "Skipped files by reason: node_modules, vendored, generated, minified, binary, too-large, too-deep (nested deeper than the parser can take: never parsed, see docs/adr/0001-parse-depth-limit.md), link, link-outside-root, excluded, submodule, unreadable.",
      ),
    files: z.array(
      z.object({ path: z.string(), reason: z.string(), detail: z.string().optional() }),
    ),
  }),
  errors: z.array(z.object({ path: z.string(), rule: z.string(), message: z.string() })),
  rules: z.array(
    z.object({
      id: z.string(),
      category,
      severity,
      description: z.string(),
      docs: z.string(),
      enabled: z.boolean(),
    }),
  ),
  slos: z
    .array(
      z.object({
        slo: z.string(),
        service: z.string(),
        route: z.string().optional(),
        objective: z.number(),
        window: z.string(),
        at: z.string().describe("When Prometheus was asked (ISO 8601)."),
        sli: z.number().nullable().describe("Null without data."),
        budgetRemaining: z.number().nullable().describe("1 - error ratio / (1 - objective)."),
        burnRate: z.number().nullable().describe("Error ratio / (1 - objective) over the window."),
        budgetMinutes: z.number(),
        burnedMinutes: z.number().nullable(),
        burnRates: z.array(z.object({ window: z.string(), burnRate: z.number().nullable() })),
        item: z.string().optional().describe("The id of its performance/slo-burn item, if any."),
      }),
    )
    .optional()
    .describe(
      "Service-level objectives and their error budgets, added by debtlens slo debt (docs/slo.md).",
    ),
  triage: z
    .object({
      file: z.string(),
      items: z.array(
        z.object({
          id: z.string(),
          rule: z.string(),
          path: z.string().optional(),
          status: z.enum(["accepted", "wont_fix", "false_positive"]),
          reason: z.string(),
          by: z.string(),
          until: z.string().optional(),
        }),
      ),
      expired: z.array(z.object({ id: z.string(), until: z.string() })),
      stale: z.array(z.object({ id: z.string(), reason: z.string() })),
    })
    .optional()
    .describe(
      "Items a committed triage file takes out of the totals, decisions that expired, and entries that match nothing.",
    ),
});

export type AuditReport = z.infer<typeof reportSchema>;
export type ReportItem = z.infer<typeof itemSchema>;
export type ReportRun = z.infer<typeof runSchema>;
export type ReportNote = z.infer<typeof noteSchema>;

/**
 * `debtlens.report/v1` as it was published, for reading old files, stored snapshots and uploads:
 * run metadata at the top level (`generatedAt`, `durationMs`, `stats`), an item `status`, the
 * priority classes' old names (critical, high, medium, low) and notes as plain strings.
 */
export const itemSchemaV1 = itemSchema.extend({
  status: z.enum(ITEM_STATES),
  scores: itemSchema.shape.scores.extend({ class: z.enum(LEGACY_CLASS_NAMES) }),
});
export const reportSchemaV1 = reportSchema.omit({ schema: true, run: true }).extend({
  schema: z.literal(REPORT_SCHEMA_V1_ID),
  generatedAt: z.string(),
  durationMs: z.number(),
  notes: z.array(z.string()),
  items: z.array(itemSchemaV1),
  summary: reportSchema.shape.summary.extend({
    byClass: z.object(
      Object.fromEntries(LEGACY_CLASS_NAMES.map((c) => [c, z.number().int()])) as Record<
        (typeof LEGACY_CLASS_NAMES)[number],
        z.ZodNumber
      >,
    ),
  }),
  stats: runSchema.omit({ generatedAt: true, durationMs: true }),
});
export type AuditReportV1 = z.infer<typeof reportSchemaV1>;

export function reportJsonSchema(): unknown {
  return {
    title: "debtlens report v2",
    ...(z.toJSONSchema(reportSchema, { target: "draft-2020-12" }) as object),
  };
}
