import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { Kysely, Migrator, sql } from "kysely";
import { InputError } from "../shared/index.ts";
import { describeLocation, type StoreLocation } from "./location.ts";
import { MIGRATIONS } from "./migrations.ts";
import { pgliteDialect } from "./pglite-dialect.ts";
import { restoreStoreTemplate } from "./template.ts";
import type { StoreTables } from "./schema.ts";

export interface Store {
  db: Kysely<StoreTables>;
  location: StoreLocation;
  close(): Promise<void>;
}

/**
 * PostgreSQL's buffer pool in PGlite's memory. Its default, 128 MB, is made at every start: 0.3 s
 * of WebAssembly before the first query (0.80 s against 0.47 s for PGlite.create on a store of
 * 100,000 items), for stores that hold tens of megabytes and are opened by short commands.
 */
const SHARED_BUFFERS = "16MB";

/** The file that tells a store folder from any other folder; PGlite's own files are in `pgdata/`. */
export const STORE_MARKER = "debtlens-store.json";
const MARKER_CONTENT = { schema: "debtlens.store/v1", engine: "pglite" };
const LOCK_FILE = "lock";

/**
 * Opens the store and brings its schema up to date. What the user gave that cannot be a store (a
 * folder of something else, a server that does not answer, a schema from a newer debtlens) is an
 * InputError, and nothing is written in those cases.
 */
export async function openStore(location: StoreLocation): Promise<Store> {
  const store =
    location.kind === "folder" ? await openFolder(location) : await openServer(location);
  try {
    await migrate(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

async function openFolder(location: { kind: "folder"; path: string }): Promise<Store> {
  const folder = location.path;
  if (existsSync(folder) && !statSync(folder).isDirectory())
    throw new InputError("store.not-a-store", `${folder}: not a folder, so not a debtlens store`);
  const marker = join(folder, STORE_MARKER);
  if (existsSync(folder) && readdirSync(folder).length > 0) {
    let content: unknown;
    try {
      content = JSON.parse(readFileSync(marker, "utf8"));
    } catch {
      content = undefined;
    }
    if ((content as { schema?: unknown } | undefined)?.schema !== MARKER_CONTENT.schema)
      throw new InputError(
        "store.not-a-store",
        `${folder}: not a debtlens store (no valid ${STORE_MARKER}); give an empty or new folder, or the folder of an existing store`,
      );
  } else {
    mkdirSync(folder, { recursive: true });
    // Written by rename, so a store folder never holds half a marker.
    writeFileSync(`${marker}.tmp`, `${JSON.stringify(MARKER_CONTENT)}\n`);
    renameSync(`${marker}.tmp`, marker);
  }
  const releaseLock = takeLock(folder);
  let database;
  try {
    const pgdata = join(folder, "pgdata");
    // A new store starts from the build's template, when there is one (template.ts), not initdb.
    if (!existsSync(pgdata)) restoreStoreTemplate(pgdata);
    const { PGlite } = await import("@electric-sql/pglite");
    database = await PGlite.create({
      dataDir: pgdata,
      startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${SHARED_BUFFERS}`],
    });
  } catch (error) {
    releaseLock();
    throw new InputError(
      "store.unreadable",
      `${folder}: the store's database cannot be opened (${(error as Error).message})`,
    );
  }
  const db = new Kysely<StoreTables>({ dialect: pgliteDialect(database) });
  return {
    db,
    location,
    async close() {
      try {
        await db.destroy();
      } finally {
        releaseLock();
      }
    },
  };
}

/**
 * PGlite is one process's database: two processes writing one folder would corrupt it. The lock
 * file holds the owner's pid; a lock whose process is gone (killed mid-save) is taken over.
 */
function takeLock(folder: string): () => void {
  const path = join(folder, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(path, "utf8"));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner))
        throw new InputError(
          "store.busy",
          `${folder}: the store is in use by process ${owner}; wait for it to finish`,
        );
      rmSync(path, { force: true });
    }
  }
  throw new InputError("store.busy", `${folder}: cannot take the store's lock file`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function openServer(location: { kind: "postgres"; url: string }): Promise<Store> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({
    connectionString: location.url,
    max: 4,
    connectionTimeoutMillis: 5000,
  });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on("error", () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError(
      "store.unreachable",
      `${describeLocation(location)}: cannot connect to PostgreSQL (${reason})`,
    );
  }
  const { PostgresDialect } = await import("kysely");
  const db = new Kysely<StoreTables>({ dialect: new PostgresDialect({ pool }) });
  return { db, location, close: () => db.destroy() };
}

async function migrate(store: Store): Promise<void> {
  const known = new Set(Object.keys(MIGRATIONS));
  const { rows } = await sql<{
    present: string | null;
  }>`select to_regclass('kysely_migration')::text as present`.execute(store.db);
  if (rows[0]?.present) {
    const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(
      store.db,
    );
    const names = applied.rows.map((r) => r.name);
    const unknown = names.filter((name) => !known.has(name));
    if (unknown.length > 0)
      throw new InputError(
        "store.newer-schema",
        `${describeLocation(store.location)}: the store's schema is newer than this debtlens knows (migration ${unknown[0]}); upgrade debtlens to read it`,
      );
    // Up to date: the Migrator's own checks (catalogue introspection, its lock) cost PGlite
    // about 0.8 s of CPU at every open.
    if (names.length === known.size) return;
  }
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => MIGRATIONS },
  });
  const { error } = await migrator.migrateToLatest();
  if (error)
    throw new InputError(
      "store.migration-failed",
      `${describeLocation(store.location)}: the store's schema cannot be brought up to date (${(error as Error).message})`,
    );
}
