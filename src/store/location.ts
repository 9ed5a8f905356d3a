import { homedir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { InputError } from "../shared/index.ts";

/** Where the register lives: a PGlite folder (the default) or a PostgreSQL server. */
export type StoreLocation = { kind: "folder"; path: string } | { kind: "postgres"; url: string };

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * `--store DIR|URL`, else `DEBTLENS_STORE`, else `DATABASE_URL` (a server), else the user's data
 * directory: `$XDG_DATA_HOME/debtlens`, else `~/.local/share/debtlens`.
 */
export function resolveStoreLocation(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): StoreLocation {
  const given = flag ?? env.DEBTLENS_STORE ?? env.DATABASE_URL;
  if (given !== undefined && given.trim() !== "") {
    if (POSTGRES_URL.test(given)) return { kind: "postgres", url: given };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(given))
      throw new InputError(
        "store.bad-location",
        `store: expected a folder or a postgres:// URL, got a ${given.split(":")[0]}: URL`,
      );
    return { kind: "folder", path: resolve(given) };
  }
  const dataHome =
    env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME)
      ? env.XDG_DATA_HOME
      : join(homedir(), ".local", "share");
  return { kind: "folder", path: join(dataHome, "debtlens") };
}

/** A server URL as it may be printed: the password never is. */
export function describeLocation(location: StoreLocation): string {
  if (location.kind === "folder") return location.path;
  try {
    const url = new URL(location.url);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "the PostgreSQL URL given";
  }
}

/** The store never lives inside the repository it audits (a hostile repository must not see it). */
export function assertOutsideRepository(location: StoreLocation, repositoryRoot: string): void {
  if (location.kind !== "folder") return;
  const inside = relative(resolve(repositoryRoot), location.path);
  if (inside === "" || (!inside.startsWith("..") && !isAbsolute(inside)))
    throw new InputError(
      "store.inside-repository",
      `${location.path}: the store may not be inside the audited repository ${resolve(repositoryRoot)}; pick a folder outside it (--store DIR)`,
    );
}
