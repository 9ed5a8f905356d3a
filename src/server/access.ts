import { createHash, randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { sql } from "kysely";
import { InputError } from "../shared/index.ts";
import type { Store } from "../store/index.ts";
import { accessDb } from "./tables.ts";

/** Roles per organisation, lowest first; `admin` manages users and tokens and reads like a viewer. */
export const ROLES = ["viewer", "engineer", "manager", "cto", "executive", "admin"] as const;
export type Role = (typeof ROLES)[number];
const RANK: Record<Role, number> = {
  viewer: 1,
  engineer: 2,
  manager: 3,
  cto: 4,
  executive: 5,
  admin: 1,
};

/** Whether `role` is at least `needed` on the viewer < engineer < manager < cto < executive scale. */
export function roleAllows(role: Role, needed: Exclude<Role, "admin">): boolean {
  return RANK[role] >= RANK[needed];
}

export const DEFAULT_ORGANISATION = "default";

// scrypt at N=2^15, r=8, p=1 (OWASP's minimum for scrypt): about 32 MiB and tens of ms per hash.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 64;

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, SCRYPT, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$key`, salt and key in base64: the parameters travel with the hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(
      password,
      Buffer.from(salt, "base64"),
      expected.length,
      { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem },
      (error, derived) => (error ? reject(error) : resolve(derived)),
    ),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash to verify against when the email is unknown, so both answers take as long. */
let decoyHash: Promise<string> | undefined;

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export interface SessionUser {
  id: number;
  email: string;
  /** Organisation name to role. */
  roles: Record<string, Role>;
}

async function organisationId(store: Store, name: string): Promise<number> {
  const db = accessDb(store);
  await db
    .insertInto("organisations")
    .values({ name, created_at: new Date().toISOString() } as never)
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await db
    .selectFrom("organisations")
    .select("id")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return row.id;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * `debtlens user add`: creates the user (or sets a new password) and gives them `role` in the
 * organisation, created if new. Returns whether the user was new.
 */
export async function addUser(
  store: Store,
  input: { email: string; password: string; role: string; organisation?: string },
): Promise<{ created: boolean }> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254)
    throw new InputError("user.bad-email", `${input.email}: not an email address`);
  if (!(ROLES as readonly string[]).includes(input.role))
    throw new InputError(
      "user.bad-role",
      `--role: expected one of ${ROLES.join(", ")}, got "${input.role}"`,
    );
  if (input.password.length < 12)
    throw new InputError(
      "user.weak-password",
      "the password read from standard input is shorter than 12 characters",
    );
  const hash = await hashPassword(input.password);
  const orgId = await organisationId(store, input.organisation ?? DEFAULT_ORGANISATION);
  const db = accessDb(store);
  return db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom("users")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirst();
    let userId: number;
    if (existing) {
      userId = existing.id;
      await tx.updateTable("users").set({ password_hash: hash }).where("id", "=", userId).execute();
    } else {
      const row = await tx
        .insertInto("users")
        .values({ email, password_hash: hash, created_at: new Date().toISOString() } as never)
        .returning("id")
        .executeTakeFirstOrThrow();
      userId = row.id;
    }
    await tx
      .insertInto("memberships")
      .values({ user_id: userId, organisation_id: orgId, role: input.role })
      .onConflict((oc) =>
        oc.columns(["user_id", "organisation_id"]).doUpdateSet({ role: input.role }),
      )
      .execute();
    return { created: !existing };
  });
}

async function rolesOf(store: Store, userId: number): Promise<Record<string, Role>> {
  const rows = await accessDb(store)
    .selectFrom("memberships as m")
    .innerJoin("organisations as o", "o.id", "m.organisation_id")
    .select(["o.name", "m.role"])
    .where("m.user_id", "=", userId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.name, r.role as Role]));
}

/** The user whose email and password these are, else undefined (after the same work either way). */
export async function checkCredentials(
  store: Store,
  email: string,
  password: string,
): Promise<SessionUser | undefined> {
  const row = await accessDb(store)
    .selectFrom("users")
    .select(["id", "email", "password_hash"])
    .where("email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
  if (!row) {
    decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
    await verifyPassword(password, await decoyHash);
    return undefined;
  }
  if (!(await verifyPassword(password, row.password_hash))) return undefined;
  return { id: row.id, email: row.email, roles: await rolesOf(store, row.id) };
}

export interface CreatedSession {
  /** The cookie's value: shown to the browser once, only its sha256 is stored. */
  id: string;
  csrfToken: string;
  expiresAt: string;
}

export async function createSession(
  store: Store,
  userId: number,
  now: Date,
  ttlMs: number,
): Promise<CreatedSession> {
  const id = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  const db = accessDb(store);
  // Expired sessions go when someone logs in: no job needed, and the table stays small.
  await db.deleteFrom("sessions").where("expires_at", "<", now.toISOString()).execute();
  await db
    .insertInto("sessions")
    .values({
      id_hash: sha256(id),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt,
    })
    .execute();
  return { id, csrfToken, expiresAt };
}

export interface ActiveSession {
  idHash: string;
  csrfToken: string;
  user: SessionUser;
}

/** The session a cookie names, if it exists and has not expired. */
export async function findSession(
  store: Store,
  cookie: string,
  now: Date,
): Promise<ActiveSession | undefined> {
  const row = await accessDb(store)
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.id_hash", "s.csrf_token", "s.expires_at", "u.id", "u.email"])
    .where("s.id_hash", "=", sha256(cookie))
    .executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString()) return undefined;
  return {
    idHash: row.id_hash,
    csrfToken: row.csrf_token,
    user: { id: row.id, email: row.email, roles: await rolesOf(store, row.id) },
  };
}

export async function deleteSession(store: Store, idHash: string): Promise<void> {
  await accessDb(store).deleteFrom("sessions").where("id_hash", "=", idHash).execute();
}

/** Compares two secrets in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(sha256(a));
  const y = Buffer.from(sha256(b));
  return timingSafeEqual(x, y);
}

/** Creates the project if new, in `organisation` (default: `default`); returns its id. */
export async function ensureProject(
  store: Store,
  name: string,
  organisation?: string,
): Promise<{ id: number; organisationId: number }> {
  const db = accessDb(store);
  const orgId = await organisationId(store, organisation ?? DEFAULT_ORGANISATION);
  await db
    .insertInto("projects")
    .values({ name, remote: null, created_at: new Date().toISOString() } as never)
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const project = await db
    .selectFrom("projects")
    .select("id")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  await db
    .insertInto("project_organisations")
    .values({ project_id: project.id, organisation_id: orgId })
    .onConflict((oc) => oc.column("project_id").doNothing())
    .execute();
  const mapped = await db
    .selectFrom("project_organisations")
    .select("organisation_id")
    .where("project_id", "=", project.id)
    .executeTakeFirstOrThrow();
  return { id: project.id, organisationId: mapped.organisation_id };
}

const TOKEN_PREFIX = "dlt_";

/**
 * `debtlens token create`: a token that may upload snapshots of one project. The token is
 * returned once; the store keeps its sha256 (a token is 32 random bytes, so no slow hash is needed).
 */
export async function createToken(
  store: Store,
  projectName: string,
  organisation?: string,
): Promise<{ token: string; project: string }> {
  if (!/^[\w.@/:-]{1,200}$/.test(projectName))
    throw new InputError(
      "token.bad-project",
      `--project: expected a project name of letters, digits and . _ - / : @, got "${projectName}"`,
    );
  const project = await ensureProject(store, projectName, organisation);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  await accessDb(store)
    .insertInto("api_tokens")
    .values({
      token_hash: sha256(token),
      project_id: project.id,
      created_at: new Date().toISOString(),
      revoked_at: null,
    } as never)
    .execute();
  return { token, project: projectName };
}

/** The project id an API token may upload to, if the token is known and not revoked. */
export async function findToken(store: Store, token: string): Promise<number | undefined> {
  const row = await accessDb(store)
    .selectFrom("api_tokens")
    .select("project_id")
    .where("token_hash", "=", sha256(token))
    .where(sql<boolean>`revoked_at is null`)
    .executeTakeFirst();
  return row?.project_id;
}
