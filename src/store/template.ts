import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { MIGRATIONS } from "./migrations.ts";

/**
 * A new PGlite store runs PostgreSQL's initdb in WebAssembly, then the migrations: 3 to 5 s of CPU,
 * more than a cold audit of effect's src/. The build (`npm run build`) does that once and packs
 * the result, a cleanly shut down database with the migrations applied, into this file; a new
 * store unpacks it (about 0.2 s) instead. Without the file, or when it was made by another PGlite
 * or holds a migration this debtlens does not know, a new store runs initdb as before.
 */
export const STORE_TEMPLATE = new URL("../../dist/store-template.gz", import.meta.url);

interface TemplateIndex {
  pglite: string;
  migrations: string[];
  /** Every folder, empty ones included (PostgreSQL needs pg_tblspc, pg_snapshots...). */
  folders: string[];
  files: Array<{ path: string; size: number; mode: number }>;
}

/** The installed PGlite's version: a database made by another PGlite may not start on this one. */
function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve("@electric-sql/pglite");
  let folder = dirname(main);
  while (!existsSync(join(folder, "package.json"))) folder = dirname(folder);
  return (JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { version: string })
    .version;
}

/** Files or folders under `folder`, relative to it, sorted (a database folder has no links). */
function under(folder: string, kind: "file" | "folder"): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => (kind === "file" ? entry.isFile() : entry.isDirectory()))
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Writes the template of `pgdata` (a store's database, shut down) to `file`: a 4-byte length, the
 * index as JSON, then every file's bytes in the index's order; gzipped.
 */
export function writeStoreTemplate(pgdata: string, file: string | URL): void {
  const paths = under(pgdata, "file");
  const contents = paths.map((path) => readFileSync(join(pgdata, path)));
  const index: TemplateIndex = {
    pglite: pgliteVersion(),
    migrations: Object.keys(MIGRATIONS),
    folders: under(pgdata, "folder"),
    files: paths.map((path, i) => ({
      path,
      size: contents[i]!.length,
      mode: statSync(join(pgdata, path)).mode & 0o777,
    })),
  };
  const head = Buffer.from(JSON.stringify(index));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(head.length);
  writeFileSync(file, gzipSync(Buffer.concat([length, head, ...contents]), { level: 9 }));
}

/**
 * Unpacks the template into `pgdata` (which must not exist) when there is a usable one, and says
 * whether it did. It unpacks into a sibling folder renamed at the end, so a process killed
 * midway leaves no half database (the next open runs initdb or unpacks again).
 */
export function restoreStoreTemplate(pgdata: string, file: string | URL = STORE_TEMPLATE): boolean {
  if (!existsSync(file)) return false;
  let packed: Buffer;
  let index: TemplateIndex;
  try {
    packed = gunzipSync(readFileSync(file));
    const length = packed.readUInt32BE(0);
    index = JSON.parse(packed.subarray(4, 4 + length).toString("utf8")) as TemplateIndex;
    packed = packed.subarray(4 + length);
  } catch {
    return false;
  }
  const known = new Set(Object.keys(MIGRATIONS));
  if (index.pglite !== pgliteVersion() || !index.migrations.every((name) => known.has(name)))
    return false;
  mkdirSync(dirname(pgdata), { recursive: true });
  const partial = mkdtempSync(join(dirname(pgdata), ".pgdata-"));
  try {
    const inside = (path: string) => {
      const target = join(partial, path);
      if (relative(partial, target).startsWith("..")) throw new Error(`bad path ${path}`);
      return target;
    };
    for (const folder of index.folders) mkdirSync(inside(folder), { recursive: true, mode: 0o700 });
    let offset = 0;
    for (const { path, size, mode } of index.files) {
      writeFileSync(inside(path), packed.subarray(offset, offset + size), { mode });
      offset += size;
    }
    renameSync(partial, pgdata);
    return true;
  } catch {
    rmSync(partial, { recursive: true, force: true });
    return false;
  }
}
