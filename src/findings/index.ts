export { CATEGORIES, SEVERITIES } from "./types.ts";
export type { Category, Severity, Finding, Place } from "./types.ts";
export { fingerprintOf, normaliseSnippet, shortHash } from "./fingerprint.ts";
