import type { PGlite } from "@electric-sql/pglite";
import { PostgresDialect } from "kysely";

/**
 * Kysely's PostgresDialect drives a `pg`-Pool-shaped object. PGlite is one in-process connection,
 * so this pool hands that connection out to one holder at a time: a transaction (BEGIN ... COMMIT
 * on the one session) must never interleave with another caller's statements.
 */
export function pgliteDialect(database: PGlite): PostgresDialect {
  let queue: Promise<void> = Promise.resolve();
  const client = {
    async query(sql: string, parameters: readonly unknown[]) {
      const result = await database.query<Record<string, unknown>>(sql, [...parameters]);
      // pg reports the statement's command tag; kysely reads affected rows only for these.
      const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
      return { command, rowCount: result.affectedRows ?? 0, rows: result.rows };
    },
    release() {},
  };
  const pool = {
    connect() {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const turn = queue.then(() => ({ ...client, release }));
      queue = queue.then(() => held);
      return turn;
    },
    async end() {
      await queue;
      await database.close();
    },
  };
  return new PostgresDialect({ pool: pool as never });
}
