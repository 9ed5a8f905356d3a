import type { ColumnType, Generated } from "kysely";

/**
 * The store's tables as kysely sees them (the SQL is in migrations.ts). Dates are ISO 8601 text
 * in UTC (`2025-01-31T12:00:00.000Z`): it sorts as time does and reads back the same through
 * PGlite and `pg`, which map timestamp types differently. Money is double precision, counts int4:
 * `pg` returns int8 and numeric as strings.
 */
export interface StoreTables {
  projects: {
    id: Generated<number>;
    name: string;
    remote: string | null;
    created_at: string;
  };
  snapshots: {
    id: Generated<number>;
    project_id: number;
    commit: string | null;
    branch: string | null;
    commit_date: string | null;
    audited_at: string;
    /** The snapshot's place in time: the commit's date when known, else the audit's. */
    ordered_at: string;
    tool_version: string;
    report_schema: string;
    settings_hash: string;
    settings: ColumnType<unknown, string, string>;
    source: "audit" | "backfill";
    files: number;
    lines_of_code: number;
    items: number;
    remediation_minutes: number;
    principal: number;
    interest: number;
    debt_ratio: number;
    rating: string;
    mean_health: number | null;
    by_category: ColumnType<unknown, string, string>;
    by_class: ColumnType<unknown, string, string>;
    new_items: number;
    fixed_items: number;
    report_gz: Uint8Array;
  };
  items: {
    project_id: number;
    fingerprint: string;
    rule: string;
    category: string;
    path: string | null;
    symbol: string | null;
    message: string;
    first_seen: number;
    last_seen: number;
    fixed_in: number | null;
    reopened_count: number;
    state: string;
    /** Who set the state: `audit` (fixed, reopened), `triage` (the committed file) or `user`. */
    state_source: string;
    owner: string | null;
    note: string | null;
    due_date: string | null;
    /** The figures of the observation at `last_seen` (migration 0200), kept by every save. */
    class: string | null;
    priority: number | null;
    principal: number | null;
    interest: number | null;
  };
  observations: {
    snapshot_id: number;
    fingerprint: string;
    start_line: number | null;
    /** The triage status when the committed triage file took the item out of the totals. */
    triaged: string | null;
    class: string | null;
    priority: number | null;
    impact: number | null;
    risk: number | null;
    effort: number | null;
    minutes: number | null;
    principal: number | null;
    interest: number | null;
  };
  state_changes: {
    id: Generated<number>;
    project_id: number;
    fingerprint: string;
    snapshot_id: number | null;
    at: string;
    by: string;
    from_state: string | null;
    to_state: string;
    why: string;
    source: string;
  };
}
