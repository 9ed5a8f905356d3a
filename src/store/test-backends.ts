import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { StoreLocation } from "./location.ts";

/**
 * The two places a store can live, for tests that must behave the same on both: a PGlite folder
 * in the OS temp dir, and a fresh database on the PostgreSQL server at 127.0.0.1:5432 (made from
 * the `test` database, dropped afterwards). Without a server the PostgreSQL suite is skipped,
 * except in CI (CI is set), where a missing server fails the run.
 */
export interface TestBackend {
  name: "pglite" | "postgres";
  create(): Promise<StoreLocation>;
  dispose(): Promise<void>;
}

export const POSTGRES_ADMIN_URL =
  process.env.DEBTLENS_TEST_POSTGRES ?? "postgres://postgres@127.0.0.1:5432/test";

export function pgliteBackend(): TestBackend {
  const folders: string[] = [];
  return {
    name: "pglite",
    async create() {
      const folder = mkdtempSync(join(tmpdir(), "debtlens-store-test-"));
      folders.push(folder);
      return { kind: "folder", path: join(folder, "store") };
    },
    async dispose() {
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    },
  };
}

export function postgresBackend(): TestBackend {
  const databases: string[] = [];
  const admin = async <T>(work: (client: import("pg").Client) => Promise<T>) => {
    const { default: pg } = await import("pg");
    const client = new pg.Client({
      connectionString: POSTGRES_ADMIN_URL,
      connectionTimeoutMillis: 3000,
    });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: "postgres",
    async create() {
      const name = `debtlens_test_${randomBytes(6).toString("hex")}`;
      await admin((c) => c.query(`create database ${name}`));
      databases.push(name);
      const url = new URL(POSTGRES_ADMIN_URL);
      url.pathname = `/${name}`;
      return { kind: "postgres", url: url.toString() };
    },
    async dispose() {
      await admin(async (c) => {
        for (const name of databases) await c.query(`drop database if exists ${name} with (force)`);
      });
    },
  };
}

/** Whether the PostgreSQL suite runs: always in CI, else when the server answers. */
export async function postgresAvailable(): Promise<boolean> {
  if (process.env.CI) return true;
  try {
    const { default: pg } = await import("pg");
    const client = new pg.Client({
      connectionString: POSTGRES_ADMIN_URL,
      connectionTimeoutMillis: 2000,
    });
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
