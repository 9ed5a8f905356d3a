import type { Scope } from "../scopes/index.ts";

/** The six debt categories of the framework (SPEC section 1). */
export const CATEGORIES = [
  "security",
  "performance",
  "quality",
  "architecture",
  "infrastructure",
  "data",
] as const;
export type Category = (typeof CATEGORIES)[number];

/** History rules (SPEC section 2) report into quality or architecture; "history" is a rule prefix, not a category. */
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * The item lifecycle of SPEC section 1. The store owns it (a report's items carry no state: every
 * finding of an audit is open until a snapshot or a decision says otherwise).
 */
export const ITEM_STATES = [
  "open",
  "accepted",
  "planned",
  "in_progress",
  "fixed",
  "wont_fix",
  "false_positive",
] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export interface Place {
  path: string;
  startLine: number;
  endLine: number;
}

/** One rule hit at one place, as an analyzer reports it (before the register prices it). */
export interface Finding {
  rule: string;
  category: Category;
  severity: Severity;
  message: string;
  /** Repository-relative path with forward slashes; absent for repository-wide findings. */
  path?: string;
  startLine?: number;
  endLine?: number;
  /** Function, class or other named thing the finding is about, where known. */
  symbol?: string;
  /** The scope of the finding's file (src/scopes, docs/scopes.md); absent: production. */
  scope?: Scope;
  /** Metric values behind the finding (e.g. cyclomatic: 14). */
  evidence: Record<string, number | string | boolean>;
  remediationMinutes: number;
  /** Every place a multi-place finding (a clone group) stands in; the first is `path`/`startLine`. */
  places?: Place[];
  /** Stable across line shifts: rule + path + symbol or normalised snippet hash (SPEC section 1). */
  fingerprint: string;
}
