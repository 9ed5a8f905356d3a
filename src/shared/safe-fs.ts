import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { syntaxErrorPlace } from "./syntax-error.ts";
import { dirname, join } from "node:path";

/**
 * File access for a process that reads a hostile repository: it never follows a link it did not
 * make, never writes through one, and authenticates what it reads back from its own caches.
 */

/** A file or folder we refused because it is a symbolic link (or not a plain file). */
export class LinkRefusedError extends Error {
  readonly path: string;
  constructor(path: string, what = "a symbolic link") {
    super(`${path} is ${what}; debtlens does not follow links`);
    this.name = "LinkRefusedError";
    this.path = path;
  }
}

/** Reads a plain file without following a link at its last component (O_NOFOLLOW). */
export function readFileNoFollow(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOOP") throw new LinkRefusedError(path);
    throw error;
  }
  try {
    if (!fstatSync(fd).isFile()) throw new LinkRefusedError(path, "not a plain file");
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `data` to `path` without following a link: the bytes go to a new file created
 * exclusively beside it (a planted `*.tmp` link makes the create fail instead of being written
 * through) and are renamed over `path`, which replaces a link there rather than its target.
 */
export function writeFileNoFollow(path: string, data: string | Uint8Array, mode = 0o644): void {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  writeFileSync(temporary, data, { flag: "wx", mode });
  try {
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Creates `relative` (a folder path) below `base`, a folder we trust, one component at a time,
 * refusing any existing component that is a link or not a folder. Returns the full path.
 */
export function makeDirectoryNoLinks(base: string, relative: string): string {
  let current = base;
  for (const part of relative.split(/[\\/]+/).filter((p) => p && p !== ".")) {
    if (part === "..") throw new LinkRefusedError(join(current, part), "outside its base folder");
    current = join(current, part);
    try {
      const stat = lstatSync(current);
      if (!stat.isDirectory())
        throw new LinkRefusedError(
          current,
          stat.isSymbolicLink() ? "a symbolic link" : "not a folder",
        );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      mkdirSync(current, { mode: 0o700 });
    }
  }
  return current;
}

/** The user's cache folder for debtlens: `$XDG_CACHE_HOME/debtlens`, else `~/.cache/debtlens`. */
export function userCacheRoot(): string {
  const xdg = process.env["XDG_CACHE_HOME"];
  return join(xdg && xdg.startsWith("/") ? xdg : join(homedir(), ".cache"), "debtlens");
}

let cacheKey: Buffer | undefined;

/**
 * The per-user key that authenticates cache files: 32 random bytes in the user's cache folder
 * (mode 0600), never inside an audited repository. Where it cannot be kept, a key for this process
 * alone: caches then last one run, but nothing planted can pass for ours.
 */
function cacheAuthenticationKey(): Buffer {
  if (cacheKey) return cacheKey;
  const file = join(userCacheRoot(), "cache.key");
  try {
    const key = readFileNoFollow(file);
    if (key.length === 32) return (cacheKey = key);
  } catch {
    // absent or unreadable: make one
  }
  const fresh = randomBytes(32);
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileNoFollow(file, fresh, 0o600);
  } catch {
    // read-only home: this process's key only
  }
  return (cacheKey = fresh);
}

const SEAL_MAGIC = Buffer.from("DLS1");

function mac(name: string, payload: Uint8Array): Buffer {
  // The file's name is part of what is signed: one sealed file cannot stand in for another.
  return createHmac("sha256", cacheAuthenticationKey()).update(name).update(payload).digest();
}

/** Writes a cache file with an HMAC of its content (and name) under the per-user key. */
export function writeSealed(file: string, payload: Uint8Array): void {
  const name = file.slice(file.lastIndexOf("/") + 1);
  writeFileNoFollow(file, Buffer.concat([SEAL_MAGIC, mac(name, payload), payload]));
}

/**
 * Reads a cache file written by `writeSealed`; undefined when it is absent, a link, or not
 * authenticated by this user's key (planted, corrupted or from another user).
 */
export function readSealed(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileNoFollow(file);
  } catch {
    return undefined;
  }
  if (bytes.length < 36 || !bytes.subarray(0, 4).equals(SEAL_MAGIC)) return undefined;
  const payload = bytes.subarray(36);
  const name = file.slice(file.lastIndexOf("/") + 1);
  return timingSafeEqual(bytes.subarray(4, 36), mac(name, payload)) ? payload : undefined;
}

const TEMPORARY_PREFIX = "debtlens-";
const live = new Set<string>();
let handlersInstalled = false;

function removeLive(): void {
  for (const path of live) rmSync(path, { recursive: true, force: true });
  live.clear();
}

function installCleanup(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", removeLive);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      removeLive();
      process.kill(process.pid, signal); // our listener is gone: the default action ends us
    });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes temporary folders that debtlens processes which no longer run left behind. */
export function pruneStaleTemporaryFolders(folder = tmpdir()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return 0;
  }
  for (const name of names) {
    const match = /^debtlens-[a-z]+-(\d+)-/.exec(name);
    if (!match || alive(Number(match[1]))) continue;
    try {
      if (lstatSync(join(folder, name)).isDirectory()) {
        rmSync(join(folder, name), { recursive: true, force: true });
        removed++;
      }
    } catch {
      // someone else's or already gone
    }
  }
  return removed;
}

/**
 * A private temporary folder (mode 0700, a fresh name) removed by `remove()`, at exit and on
 * SIGINT, SIGTERM or SIGHUP; ones left by a process that was killed are pruned at the next start.
 */
export function temporaryFolder(kind: string): { path: string; remove(): void } {
  pruneStaleTemporaryFolders();
  installCleanup();
  const path = realpathSync(
    mkdtempSync(join(tmpdir(), `${TEMPORARY_PREFIX}${kind}-${process.pid}-`)),
  );
  live.add(path);
  return {
    path,
    remove() {
      rmSync(path, { recursive: true, force: true });
      live.delete(path);
    },
  };
}

/** Whether anything (a link included) is at `path`: a link is then found and refused, not skipped. */
export function lexists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a JSON file the audited repository ships (a triage or baseline file): undefined when
 * there is none; never through a link; a problem becomes `fail(message)` naming the file and the
 * place or key, never echoing its content.
 */
export function readRepositoryJson<T>(
  path: string,
  schema: { safeParse(raw: unknown): ZodSafeParse<T> },
  fail: (message: string) => Error,
): T | undefined {
  if (!lexists(path)) return undefined;
  let text: string;
  try {
    text = readFileNoFollow(path).toString("utf8");
  } catch (error) {
    throw fail(
      error instanceof LinkRefusedError
        ? `${path}: is a symbolic link; debtlens does not follow links in the audited folder`
        : `${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw fail(`${path}: not valid JSON (${syntaxErrorPlace(text, error)})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw fail(`${path}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

type ZodSafeParse<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
