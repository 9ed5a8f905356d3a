export { CATEGORIES, SEVERITIES, ITEM_STATES } from "./types.ts";
export type { Category, Severity, Finding, Place, ItemState } from "./types.ts";
export { fingerprintOf, normaliseSnippet, shortHash } from "./fingerprint.ts";
export {
  PRIORITY_CLASSES,
  PRIORITY_CLASS_LABELS,
  LEGACY_PRIORITY_CLASSES,
  LEGACY_CLASS_NAMES,
  priorityClassNamed,
  type PriorityClass,
  type LegacyPriorityClass,
} from "./priority-class.ts";
