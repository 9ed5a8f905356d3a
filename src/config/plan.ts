import { z } from "zod";
import {
  CATEGORIES,
  LEGACY_CLASS_NAMES,
  PRIORITY_CLASSES,
  priorityClassNamed,
  SEVERITIES,
} from "../findings/index.ts";

const phaseMatcher = z.strictObject({
  categories: z.array(z.enum(CATEGORIES)).min(1).optional(),
  severities: z.array(z.enum(SEVERITIES)).min(1).optional(),
  /** Priority classes; the old names (critical, high, medium, low) are read as the new ones. */
  classes: z
    .array(z.enum([...PRIORITY_CLASSES, ...LEGACY_CLASS_NAMES]))
    .min(1)
    .transform((names) => names.map((name) => priorityClassNamed(name)!))
    .optional(),
});

/** A team's capacity; unset fields take the `plan` section's values. */
const teamCapacity = z.strictObject({
  team: z.number().int().positive().optional(),
  sprintDays: z.number().positive().optional(),
  hoursPerDay: z.number().positive().max(24).optional(),
  debtShare: z.number().gt(0).max(1).optional(),
});

/**
 * `debtlens plan`, `initiatives` and `roadmap` (src/plan): the team's sprint capacity under the
 * 20% rule, the money figures' risk buffer, who approves which cost, and the roadmap's phases.
 * Flags override these values.
 */
export const planSchema = z.strictObject({
  /** People on the team. */
  team: z.number().int().positive().optional(),
  /** Working days in a sprint (10 for two weeks). */
  sprintDays: z.number().positive().optional(),
  /** Focus hours a person has on a working day. */
  hoursPerDay: z.number().positive().max(24).default(6),
  /** Share of every sprint reserved for debt (the framework's 20% rule). */
  debtShare: z.number().gt(0).max(1).default(0.2),
  objective: z.enum(["priority", "interest"]).default("priority"),
  /** Share taken off the savings for the risk-adjusted ROI and break-even. */
  riskBuffer: z.number().min(0).max(1).default(0.3),
  /** Working days in a month, to turn a phase's hours into months. */
  workingDaysPerMonth: z.number().positive().max(31).default(21),
  /** Folder depth of an initiative's module (0: each file's own folder). */
  moduleDepth: z.number().int().min(0).default(0),
  /** Who approves a cost: below `managerBelow` a manager, up to `ctoUpTo` the CTO, above an executive. */
  approval: z
    .strictObject({
      managerBelow: z.number().min(0).default(50_000),
      ctoUpTo: z.number().min(0).default(200_000),
    })
    .prefault({}),
  /** Capacity per CODEOWNERS owner (e.g. "@acme/payments") for `debtlens plan --per-team`. */
  teams: z.record(z.string().min(1), teamCapacity).default({}),
  /** Roadmap phases in order; an item goes to the first that matches it; no `match`: every item left. */
  phases: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        startMonth: z.number().int().min(0),
        endMonth: z.number().int().min(0),
        match: z.array(phaseMatcher).optional(),
      }),
    )
    .min(1)
    .optional(),
});
export type PlanConfig = z.infer<typeof planSchema>;
