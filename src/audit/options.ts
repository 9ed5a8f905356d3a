import type { Config } from "../config/index.ts";
import { InputError } from "../shared/index.ts";
import type { TriageFile } from "../triage/index.ts";

/** A problem with what the audit was asked to read (a missing folder): one line, exit 2. */
export class AuditInputError extends InputError {
  constructor(message: string) {
    super("audit-input", message);
    this.name = "AuditInputError";
  }
}

/** The stages of an audit, in order, as progress events name them. */
export const AUDIT_STAGES = [
  "discover",
  "files",
  "inputs",
  "repository",
  "register",
  "report",
] as const;
export type AuditStage = (typeof AUDIT_STAGES)[number];

export type AuditEvent =
  | { stage: AuditStage; state: "start" }
  | { stage: AuditStage; state: "end"; ms: number }
  | { stage: "files"; state: "progress"; done: number; total: number };

export interface AuditOptions {
  root: string;
  config: Config;
  /** Files analysed so far (the longest stage); kept for callers that only draw a counter. */
  onProgress?: (done: number, total: number) => void;
  /** Every stage's start and end, and the files stage's progress. */
  onEvent?: (event: AuditEvent) => void;
  /** An lcov or istanbul JSON coverage report (`--coverage FILE`) for quality/untested-module. */
  coverage?: string;
  /** An OSV advisory folder (`--advisories`); without it the OSV API is asked unless offline. */
  advisories?: string;
  /** No network: no OSV API, no registry metadata (`--offline`). */
  offline?: boolean;
  /** Also scan past commits for secrets (`--scan-history`). */
  historySecrets?: boolean;
  /** The cache folder (default: `resolveCacheDir`: never one the audited repository chose). */
  cacheDir?: string;
  /**
   * Triage decisions to apply: by default the committed file (`gate.triageFile`) at the root;
   * `null` for none (the gate passes the working tree's decisions to the base's audit).
   */
  triage?: TriageFile | null;
  /** The day expiring decisions are judged against (YYYY-MM-DD; default today). */
  today?: string;
}
