export { CATEGORIES, SEVERITIES, ITEM_STATES } from "./types.ts";
export type { Category, Severity, Finding, Place, ItemState } from "./types.ts";
export { fingerprintOf, normaliseSnippet, shortHash } from "./fingerprint.ts";
