import { z } from "zod";
import type { Store } from "../store/index.ts";
import type { Role, SessionUser } from "./access.ts";
import type { ProjectAccess } from "./queries.ts";

/** Who sent a request: a browser session, a CI token, or nobody. */
export type Principal =
  | { kind: "none" }
  | { kind: "session"; idHash: string; csrfToken: string; user: SessionUser }
  | { kind: "token"; projectId: number };

/**
 * Who may call a route. `project` and `item` routes check the role the user has in the
 * organisation the project belongs to; `token: true` also admits an API token of that project.
 */
export type Access =
  | { kind: "public" }
  | { kind: "session" }
  | { kind: "project"; role: Exclude<Role, "admin">; token?: boolean; createsProject?: boolean }
  | { kind: "item"; role: Exclude<Role, "admin"> }
  | { kind: "plan"; role: Exclude<Role, "admin"> };

export interface HandlerContext {
  store: Store;
  principal: Principal;
  params: Record<string, string>;
  query: unknown;
  body: unknown;
  /** The project the route is about, once access is granted (`project` and `item` routes). */
  project?: ProjectAccess;
  /** The caller's role in that project's organisation (sessions only). */
  role?: Role;
  fingerprint?: string;
  now: Date;
  sessionTtlMs: number;
  setCookie(value: string, expires: Date): void;
  clearCookie(): void;
  recordUpload(result: "created" | "duplicate"): void;
  timed<T>(operation: string, work: () => Promise<T>): Promise<T>;
}

export interface Route {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Fastify's syntax (`:project`); OpenAPI gets `{project}`. */
  url: string;
  summary: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  status: 200 | 201 | 204;
  /** Set for a body that is not JSON (the decision log's CSV). */
  contentType?: string;
  response: z.ZodType;
  handler(context: HandlerContext): Promise<unknown>;
}

const projectName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w.@/:-]+$/, "letters, digits and . _ - / : @");
export const projectParams = z.strictObject({ project: projectName });
