/**
 * The register's priority classes: the framework's Critical, High, Medium and Low bands of the
 * Priority score, named for what to do with an item so that they are not read as severities
 * (critical ... info, a rule's judgement of one finding) or as SLO alert levels (P0-P3).
 */
export const PRIORITY_CLASSES = ["fix-now", "next", "later", "backlog"] as const;
export type PriorityClass = (typeof PRIORITY_CLASSES)[number];

export const PRIORITY_CLASS_LABELS: Record<PriorityClass, string> = {
  "fix-now": "Fix now",
  next: "Next",
  later: "Later",
  backlog: "Backlog",
};

/** The names before debtlens.report/v2 (still read in reports, stores and configuration). */
export const LEGACY_PRIORITY_CLASSES = {
  critical: "fix-now",
  high: "next",
  medium: "later",
  low: "backlog",
} as const satisfies Record<string, PriorityClass>;
export type LegacyPriorityClass = keyof typeof LEGACY_PRIORITY_CLASSES;
export const LEGACY_CLASS_NAMES = Object.keys(LEGACY_PRIORITY_CLASSES) as LegacyPriorityClass[];

/** A class by its name or its name before v2; undefined for anything else. */
export function priorityClassNamed(name: string): PriorityClass | undefined {
  if ((PRIORITY_CLASSES as readonly string[]).includes(name)) return name as PriorityClass;
  return Object.hasOwn(LEGACY_PRIORITY_CLASSES, name)
    ? LEGACY_PRIORITY_CLASSES[name as LegacyPriorityClass]
    : undefined;
}
