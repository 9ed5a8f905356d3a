import { sql, type Kysely, type Migration } from "kysely";

/**
 * The one ordered migration set, for PGlite and PostgreSQL alike (SPEC section 5). Names sort in
 * the order they run; a migration, once released, is never edited: a change is a new one. A store
 * that has run a migration this list does not know was written by a newer debtlens and is left
 * alone (see open.ts).
 *
 * Write cost shapes the tables (a save of tens of thousands of items must add little to an audit):
 * observations have only their primary key (an item's history probes it once per snapshot);
 * items leave room on each page (fillfactor) so that marking them seen again is an in-page update;
 * references to a snapshot are checked at commit, so that its row, which carries the compressed
 * report, can be written last while the report is still being compressed.
 */
export const MIGRATIONS: Record<string, Migration> = {
  "0001-register": {
    async up(db: Kysely<unknown>) {
      const statements = [
        sql`create table projects (
          id serial primary key,
          name text not null unique,
          remote text,
          created_at text not null
        )`,
        sql`create table snapshots (
          id serial primary key,
          project_id integer not null references projects(id),
          "commit" text,
          branch text,
          commit_date text,
          audited_at text not null,
          ordered_at text not null,
          tool_version text not null,
          report_schema text not null,
          settings_hash text not null,
          settings jsonb not null,
          source text not null,
          files integer not null,
          lines_of_code integer not null,
          items integer not null,
          remediation_minutes double precision not null,
          principal double precision not null,
          interest double precision not null,
          debt_ratio double precision not null,
          rating text not null,
          mean_health double precision,
          by_category jsonb not null,
          by_class jsonb not null,
          new_items integer not null,
          fixed_items integer not null,
          report_gz bytea not null,
          unique (project_id, "commit", settings_hash)
        )`,
        sql`create index snapshots_by_time on snapshots (project_id, ordered_at, id)`,
        sql`create table items (
          project_id integer not null references projects(id),
          fingerprint text not null,
          rule text not null,
          category text not null,
          path text,
          symbol text,
          message text not null,
          first_seen integer not null references snapshots(id) deferrable initially deferred,
          last_seen integer not null references snapshots(id) deferrable initially deferred,
          fixed_in integer references snapshots(id) deferrable initially deferred,
          reopened_count integer not null default 0,
          state text not null,
          state_source text not null,
          owner text,
          note text,
          due_date text,
          primary key (project_id, fingerprint)
        ) with (fillfactor = 70)`,
        sql`create table observations (
          snapshot_id integer not null references snapshots(id) deferrable initially deferred,
          fingerprint text not null,
          start_line integer,
          triaged text,
          class text,
          priority double precision,
          impact double precision,
          risk double precision,
          effort double precision,
          minutes double precision,
          principal double precision,
          interest double precision,
          primary key (snapshot_id, fingerprint)
        )`,
        sql`create table state_changes (
          id serial primary key,
          project_id integer not null references projects(id),
          fingerprint text not null,
          snapshot_id integer references snapshots(id) deferrable initially deferred,
          at text not null,
          by text not null,
          from_state text,
          to_state text not null,
          why text not null,
          source text not null
        )`,
        sql`create index state_changes_by_item on state_changes (project_id, fingerprint, id)`,
      ];
      for (const statement of statements) await statement.execute(db);
    },
  },
  // The server's access tables (issue 14, src/server): organisations, users and their roles per
  // organisation, sessions and API tokens (only hashes of their secrets), and which organisation
  // a project belongs to (a project no row names belongs to the `default` organisation).
  "0100-access": {
    async up(db: Kysely<unknown>) {
      const statements = [
        sql`create table organisations (
          id serial primary key,
          name text not null unique,
          created_at text not null
        )`,
        sql`insert into organisations (name, created_at) values ('default', ${new Date().toISOString()})`,
        sql`create table users (
          id serial primary key,
          email text not null unique,
          password_hash text not null,
          created_at text not null
        )`,
        sql`create table memberships (
          user_id integer not null references users(id),
          organisation_id integer not null references organisations(id),
          role text not null,
          primary key (user_id, organisation_id)
        )`,
        sql`create table project_organisations (
          project_id integer primary key references projects(id),
          organisation_id integer not null references organisations(id)
        )`,
        sql`create table sessions (
          id_hash text primary key,
          user_id integer not null references users(id),
          csrf_token text not null,
          created_at text not null,
          expires_at text not null
        )`,
        sql`create index sessions_by_expiry on sessions (expires_at)`,
        sql`create table api_tokens (
          id serial primary key,
          token_hash text not null unique,
          project_id integer not null references projects(id),
          created_at text not null,
          revoked_at text
        )`,
      ];
      for (const statement of statements) await statement.execute(db);
    },
  },
  // Each item carries the figures of its last sighting, so that the register pages sort and filter
  // one table: reading them through the observations cost a probe per item of the project (p95
  // 2.4-3.2 s for the first page of a 6,000-item register at 50 clients, bench/server.ts). Only the
  // default order (priority) gets an index: every index on a figure makes each save's update of
  // the seen items slower.
  "0200-item-figures": {
    async up(db: Kysely<unknown>) {
      const statements = [
        sql`alter table items add column class text`,
        sql`alter table items add column priority double precision`,
        sql`alter table items add column principal double precision`,
        sql`alter table items add column interest double precision`,
        sql`update items set class = o.class, priority = o.priority, principal = o.principal,
          interest = o.interest
          from observations o
          where o.snapshot_id = items.last_seen and o.fingerprint = items.fingerprint`,
        sql`create index items_by_priority on items
          (project_id, (coalesce(priority, -1)) desc, fingerprint)`,
      ];
      for (const statement of statements) await statement.execute(db);
    },
  },
  // Plans and their approval (issue 15, src/server/plans.ts): a plan names items and what they
  // cost; its investment decides who must approve it; every decision is appended, never edited.
  // An organisation's limits (manager below, CTO up to) override the defaults when set.
  "0300-plans": {
    async up(db: Kysely<unknown>) {
      const statements = [
        sql`alter table organisations add column approval_limits jsonb`,
        sql`create table plans (
          id serial primary key,
          project_id integer not null references projects(id),
          title text not null,
          created_by integer not null references users(id),
          created_at text not null,
          investment double precision not null,
          savings double precision not null,
          hours double precision not null,
          approver_role text not null,
          state text not null
        )`,
        sql`create index plans_by_project on plans (project_id, id)`,
        sql`create table plan_items (
          plan_id integer not null references plans(id),
          fingerprint text not null,
          principal double precision,
          interest double precision,
          primary key (plan_id, fingerprint)
        )`,
        sql`create table plan_decisions (
          id serial primary key,
          plan_id integer not null references plans(id),
          by_user integer not null references users(id),
          at text not null,
          decision text not null,
          comment text not null
        )`,
        sql`create index plan_decisions_by_plan on plan_decisions (plan_id, id)`,
      ];
      for (const statement of statements) await statement.execute(db);
    },
  },
  // The priority classes' v2 names (report v2): critical, high, medium, low become fix-now, next,
  // later, backlog in the observations, the items' last figures and each snapshot's counts, so
  // that one name filters old and new rows alike.
  "0400-priority-class-names": {
    async up(db: Kysely<unknown>) {
      const renamed = (column: string) =>
        sql.raw(`case ${column} when 'critical' then 'fix-now' when 'high' then 'next'
          when 'medium' then 'later' when 'low' then 'backlog' else ${column} end`);
      const statements = [
        sql`update observations set class = ${renamed("class")}
          where class in ('critical', 'high', 'medium', 'low')`,
        sql`update items set class = ${renamed("class")}
          where class in ('critical', 'high', 'medium', 'low')`,
        sql`update snapshots set by_class = jsonb_build_object(
            'fix-now', coalesce((by_class->>'critical')::int, 0),
            'next', coalesce((by_class->>'high')::int, 0),
            'later', coalesce((by_class->>'medium')::int, 0),
            'backlog', coalesce((by_class->>'low')::int, 0))
          where by_class ? 'critical'`,
      ];
      for (const statement of statements) await statement.execute(db);
    },
  },
};
