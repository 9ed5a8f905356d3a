import type { ColumnType, Generated, Kysely } from "kysely";
import type { Store } from "../store/index.ts";

/** The access tables (migration 0100-access in src/store/migrations.ts) as kysely sees them. */
export interface AccessTables {
  organisations: {
    id: number;
    name: string;
    created_at: string;
    /** Migration 0300: `{ manager, cto }` investment limits, null for the defaults. */
    approval_limits: ColumnType<unknown, string | null, string | null> | null;
  };
  users: { id: number; email: string; password_hash: string; created_at: string };
  memberships: { user_id: number; organisation_id: number; role: string };
  project_organisations: { project_id: number; organisation_id: number };
  sessions: {
    id_hash: string;
    user_id: number;
    csrf_token: string;
    created_at: string;
    expires_at: string;
  };
  api_tokens: {
    id: number;
    token_hash: string;
    project_id: number;
    created_at: string;
    revoked_at: string | null;
  };
  projects: { id: number; name: string; remote: string | null; created_at: string };
  plans: {
    id: Generated<number>;
    project_id: number;
    title: string;
    created_by: number;
    created_at: string;
    investment: number;
    savings: number;
    hours: number;
    approver_role: string;
    state: string;
  };
  plan_items: {
    plan_id: number;
    fingerprint: string;
    principal: number | null;
    interest: number | null;
  };
  plan_decisions: {
    id: Generated<number>;
    plan_id: number;
    by_user: number;
    at: string;
    decision: string;
    comment: string;
  };
}

/** The store's connection, typed for the access tables (the same database and migrations). */
export function accessDb(store: Store): Kysely<AccessTables> {
  return store.db as unknown as Kysely<AccessTables>;
}
