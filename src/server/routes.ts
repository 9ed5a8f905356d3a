import { z } from "zod";
import { explainItem, reportSchema, reportSchemaV1, type AuditReport } from "../report/index.ts";
import {
  ITEM_STATES,
  itemHistory,
  saveSnapshot,
  storedReport,
  trendOf,
  listSnapshots,
  updateItem,
  type Store,
} from "../store/index.ts";
import {
  CATEGORIES,
  LEGACY_CLASS_NAMES,
  PRIORITY_CLASSES,
  priorityClassNamed,
} from "../findings/index.ts";
import {
  checkCredentials,
  createSession,
  deleteSession,
  ensureProject,
  roleAllows,
  type Role,
  type SessionUser,
} from "./access.ts";
import { ApiError } from "./errors.ts";
import { PLAN_ROUTES } from "./plan-routes.ts";
import { VIEW_ROUTES } from "./view-routes.ts";
import { KPI_ROUTES } from "./kpi-routes.ts";
import { planProjectId } from "./plans.ts";
import {
  ITEM_PAGE_SORTS,
  itemExists,
  itemPage,
  projectByName,
  projectById,
  projectSummaries,
  type ProjectAccess,
} from "./queries.ts";

import {
  projectParams,
  type Access,
  type HandlerContext,
  type Principal,
  type Route,
} from "./route-types.ts";

export type { Access, HandlerContext, Principal, Route };

const itemParams = z.strictObject({ id: z.string().min(1).max(300) });

/** A comma-separated list of allowed values, as query strings carry them. */
const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(1000)
    .transform((text) => text.split(",").filter((v) => v !== ""))
    .pipe(z.array(z.enum(values)))
    .optional();

// A class by its name, or by its name before report v2 (read as the new one).
const CLASS_NAMES = [...PRIORITY_CLASSES, ...LEGACY_CLASS_NAMES] as [string, ...string[]];

const cursorSchema = z.object({
  key: z.union([z.string(), z.number()]),
  fingerprint: z.string().max(200),
});

const itemQuery = z.strictObject({
  state: listOf(ITEM_STATES),
  class: listOf(CLASS_NAMES).transform((names) => names?.map((n) => priorityClassNamed(n)!)),
  category: listOf(CATEGORIES as unknown as readonly [string, ...string[]]),
  rule: z
    .string()
    .max(2000)
    .transform((text) => text.split(",").filter((v) => v !== ""))
    .optional(),
  path: z.string().max(1000).optional(),
  sort: z.enum(ITEM_PAGE_SORTS).default("priority"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(2000).optional().describe("the `next` of the previous page"),
});

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const userSchema = z.object({
  email: z.string(),
  roles: z.record(
    z.string(),
    z.enum(["viewer", "engineer", "manager", "cto", "executive", "admin"]),
  ),
});
const headlineSchema = z
  .object({
    snapshot: z.number(),
    commit: z.string().nullable(),
    date: z.string(),
    items: z.number(),
    principal: z.number(),
    interest: z.number(),
    debtRatio: z.number(),
    rating: z.string(),
  })
  .nullable();
const projectSummarySchema = z.object({
  name: z.string(),
  organisation: z.string(),
  snapshots: z.number(),
  latest: headlineSchema,
  spark: z.object({ principal: z.array(z.number()), interest: z.array(z.number()) }),
});
const itemSchema = z.object({
  id: z.string(),
  fingerprint: z.string(),
  rule: z.string(),
  category: z.string(),
  path: z.string().nullable(),
  symbol: z.string().nullable(),
  message: z.string(),
  state: z.string(),
  owner: z.string().nullable(),
  note: z.string().nullable(),
  dueDate: z.string().nullable(),
  class: z.string().nullable(),
  priority: z.number().nullable(),
  principal: z.number().nullable(),
  interest: z.number().nullable(),
});

export const itemPatchSchema = z
  .strictObject({
    state: z.enum(ITEM_STATES).optional(),
    owner: z.string().max(200).optional(),
    note: z.string().max(10_000).optional(),
    due: z.iso.date().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, "give at least one of state, owner, note, due");

/** States that take an item out of the work: a manager's decision (SPEC section 4). */
const MANAGER_STATES = new Set(["accepted", "wont_fix", "false_positive"]);

export { errorSchema };

function encodeCursor(next: { key: string | number; fingerprint: string } | null): string | null {
  return next ? Buffer.from(JSON.stringify(next)).toString("base64url") : null;
}

function decodeCursor(cursor: string): { key: string | number; fingerprint: string } {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new ApiError("request.invalid", "query.cursor: not a cursor this server gave");
  }
}

const userOf = (user: SessionUser) => ({ email: user.email, roles: user.roles });

/**
 * Every endpoint of /api/v1. The table is the one source: the app registers it, the OpenAPI
 * document is generated from it, and the role × endpoint matrix test fails for a route it lacks.
 */
export const ROUTES: Route[] = [
  {
    method: "POST",
    url: "/api/v1/session",
    summary: "Log in: sets the session cookie and answers the CSRF token for writes",
    access: { kind: "public" },
    body: z.strictObject({ email: z.string().max(254), password: z.string().max(1024) }),
    status: 200,
    response: z.object({ user: userSchema, csrfToken: z.string() }),
    async handler(c) {
      const { email, password } = c.body as { email: string; password: string };
      const user = await c.timed("login", () => checkCredentials(c.store, email, password));
      if (!user) throw new ApiError("auth.bad-credentials", "the email or the password is wrong");
      const session = await createSession(c.store, user.id, c.now, c.sessionTtlMs);
      c.setCookie(session.id, new Date(session.expiresAt));
      return { user: userOf(user), csrfToken: session.csrfToken };
    },
  },
  {
    method: "GET",
    url: "/api/v1/session",
    summary: "The logged-in user and the session's CSRF token",
    access: { kind: "session" },
    status: 200,
    response: z.object({ user: userSchema, csrfToken: z.string() }),
    async handler(c) {
      if (c.principal.kind !== "session") throw new ApiError("auth.forbidden", "a session only");
      return { user: userOf(c.principal.user), csrfToken: c.principal.csrfToken };
    },
  },
  {
    method: "DELETE",
    url: "/api/v1/session",
    summary: "Log out: the session is deleted from the store",
    access: { kind: "session" },
    status: 204,
    response: z.null(),
    async handler(c) {
      if (c.principal.kind === "session") await deleteSession(c.store, c.principal.idHash);
      c.clearCookie();
      return null;
    },
  },
  {
    method: "GET",
    url: "/api/v1/projects",
    summary: "The projects of the user's organisations with their headline and sparklines",
    access: { kind: "session" },
    status: 200,
    response: z.object({ projects: z.array(projectSummarySchema) }),
    async handler(c) {
      if (c.principal.kind !== "session") throw new ApiError("auth.forbidden", "a session only");
      const user = c.principal.user;
      return { projects: await c.timed("projects", () => projectSummaries(c.store, user)) };
    },
  },
  {
    method: "GET",
    url: "/api/v1/projects/:project",
    summary: "One project's headline: latest snapshot, money, rating, sparklines",
    access: { kind: "project", role: "viewer" },
    params: projectParams,
    status: 200,
    response: projectSummarySchema,
    async handler(c) {
      if (c.principal.kind !== "session") throw new ApiError("auth.forbidden", "a session only");
      const user = c.principal.user;
      const [summary] = await c.timed("project", () =>
        projectSummaries(c.store, user, c.project!.id),
      );
      if (!summary)
        throw new ApiError("project.not-found", `project ${c.project!.name}: not found`);
      return summary;
    },
  },
  {
    method: "POST",
    url: "/api/v1/projects/:project/snapshots",
    summary:
      "Upload a debtlens.report/v2 report (a v1 report is accepted and upgraded to v2): stored as `audit --save` stores it (API token of the project, or engineer and above)",
    access: { kind: "project", role: "engineer", token: true, createsProject: true },
    params: projectParams,
    body: z.union([reportSchema, reportSchemaV1]),
    status: 201,
    response: z.object({
      snapshot: z.number(),
      created: z.boolean(),
      newItems: z.number(),
      fixedItems: z.number(),
      reopenedItems: z.number(),
    }),
    async handler(c) {
      const result = await c.timed("save", () =>
        saveSnapshot(c.store, c.body as AuditReport, {
          project: c.project!.name,
        }),
      );
      c.recordUpload(result.created ? "created" : "duplicate");
      return {
        snapshot: result.snapshotId,
        created: result.created,
        newItems: result.newItems,
        fixedItems: result.fixedItems,
        reopenedItems: result.reopenedItems,
      };
    },
  },
  {
    method: "GET",
    url: "/api/v1/projects/:project/snapshots",
    summary: "The project's snapshots, oldest first",
    access: { kind: "project", role: "viewer" },
    params: projectParams,
    status: 200,
    response: z.object({ snapshots: z.array(z.record(z.string(), z.unknown())) }),
    async handler(c) {
      return {
        snapshots: await c.timed("snapshots", () => listSnapshots(c.store, c.project!.id)),
      };
    },
  },
  {
    method: "GET",
    url: "/api/v1/projects/:project/trend",
    summary: "One point per snapshot: principal, interest, debt ratio, by category and class",
    access: { kind: "project", role: "viewer" },
    params: projectParams,
    status: 200,
    response: z.object({ points: z.array(z.record(z.string(), z.unknown())) }),
    async handler(c) {
      return { points: await c.timed("trend", () => trendOf(c.store, c.project!.id)) };
    },
  },
  {
    method: "GET",
    url: "/api/v1/projects/:project/items",
    summary: "The register, filtered and sorted, one page at a time (`next` is the next cursor)",
    access: { kind: "project", role: "viewer" },
    params: projectParams,
    query: itemQuery,
    status: 200,
    response: z.object({ items: z.array(itemSchema), next: z.string().nullable() }),
    async handler(c) {
      const q = c.query as z.infer<typeof itemQuery>;
      const page = await c.timed("items", () =>
        itemPage(c.store, c.project!.id, {
          state: q.state,
          class: q.class,
          category: q.category,
          rule: q.rule,
          path: q.path,
          sort: q.sort,
          limit: q.limit,
          after: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
        }),
      );
      return { items: page.items, next: encodeCursor(page.next) };
    },
  },
  {
    method: "GET",
    url: "/api/v1/items/:id",
    summary:
      "One item with its history across snapshots, its state changes, and how the latest snapshot computed its figures (explain)",
    access: { kind: "item", role: "viewer" },
    params: itemParams,
    query: z.strictObject({
      explain: z
        .enum(["true", "false"])
        .optional()
        .describe("true: add explain (it reads the latest stored report, so only on request)"),
    }),
    status: 200,
    response: z.object({
      project: z.string(),
      item: z.record(z.string(), z.unknown()),
      observations: z.array(z.record(z.string(), z.unknown())),
      stateChanges: z.array(z.record(z.string(), z.unknown())),
      explain: z
        .string()
        .nullable()
        .optional()
        .describe("debtlens explain's text with ?explain=true; null once the item is fixed"),
    }),
    async handler(c) {
      const history = await c.timed("item", () =>
        itemHistory(c.store, c.project!.id, c.fingerprint!),
      );
      const answer = {
        project: c.project!.name,
        ...history,
        item: { ...history.item, id: c.params.id },
      };
      if ((c.query as { explain?: string }).explain !== "true") return answer;
      // the latest snapshot's figures, as `debtlens explain` words them (absent once fixed):
      // a whole stored report to read, so only when asked
      const latest = await c.timed("report", () => storedReport(c.store, c.project!.id));
      const found = latest?.report.items.find((i) => i.id === c.fingerprint);
      return { ...answer, explain: latest && found ? explainItem(latest.report, found) : null };
    },
  },
  {
    method: "PATCH",
    url: "/api/v1/items/:id",
    summary:
      "A decision on an item: state, owner, note, due date (engineer and above; accepted, wont_fix and false_positive need manager and above)",
    access: { kind: "item", role: "engineer" },
    params: itemParams,
    body: itemPatchSchema,
    status: 200,
    response: z.object({ item: z.record(z.string(), z.unknown()) }),
    async handler(c) {
      const patch = c.body as z.infer<typeof itemPatchSchema>;
      if (c.principal.kind !== "session") throw new ApiError("auth.forbidden", "a session only");
      if (patch.state && MANAGER_STATES.has(patch.state) && !roleAllows(c.role!, "manager"))
        throw new ApiError(
          "auth.forbidden",
          `state ${patch.state}: needs the role manager or above in organisation ${c.project!.organisation}`,
        );
      await c.timed("update", () =>
        updateItem(
          c.store,
          c.project!.id,
          c.fingerprint!,
          { ...patch, by: c.principal.kind === "session" ? c.principal.user.email : "token" },
          c.now.toISOString(),
        ),
      );
      const history = await itemHistory(c.store, c.project!.id, c.fingerprint!);
      return { item: { ...history.item, id: c.params.id } };
    },
  },
  ...PLAN_ROUTES,
  ...VIEW_ROUTES,
  ...KPI_ROUTES,
];

function notFound(access: Access, params: Record<string, string>): ApiError {
  if (access.kind === "item") return new ApiError("item.not-found", `item ${params.id}: not found`);
  if (access.kind === "plan") return new ApiError("plan.not-found", `plan ${params.id}: not found`);
  return new ApiError("project.not-found", `project ${params.project}: not found`);
}

/**
 * Grants or refuses a route to a principal, after its parameters are valid: 401 without
 * credentials, 404 for a project or item the caller cannot see (its existence is not revealed),
 * 403 for a role or token that does not reach.
 */
export async function authorise(
  route: Route,
  principal: Principal,
  params: Record<string, string>,
  store: Store,
): Promise<{ project?: ProjectAccess; role?: Role; fingerprint?: string }> {
  const access = route.access;
  if (access.kind === "public") return {};
  if (principal.kind === "none") throw new ApiError("auth.required", "log in or send an API token");
  if (access.kind === "session") {
    if (principal.kind !== "session")
      throw new ApiError("auth.forbidden", "API tokens may only upload snapshots");
    return {};
  }
  let project: ProjectAccess | undefined;
  let fingerprint: string | undefined;
  if (access.kind === "project") {
    project = await projectByName(store, params.project!);
  } else if (access.kind === "plan") {
    const projectId = await planProjectId(store, Number(params.id));
    project = projectId === undefined ? undefined : await projectById(store, projectId);
  } else {
    const match = /^(\d{1,9})\.(.+)$/.exec(params.id!);
    if (match) {
      project = await projectById(store, Number(match[1]));
      fingerprint = match[2];
    }
  }
  if (principal.kind === "token") {
    if (access.kind !== "project" || !access.token)
      throw new ApiError("auth.forbidden", "API tokens may only upload snapshots");
    if (!project || project.id !== principal.projectId)
      throw new ApiError("auth.forbidden", "this API token belongs to another project");
    return { project };
  }
  const roles = principal.user.roles;
  if (!project) {
    if (access.kind === "project" && access.createsProject) {
      // A new project goes to the first organisation where the user may upload.
      const organisation = Object.keys(roles)
        .sort()
        .find((name) => roleAllows(roles[name]!, access.role));
      if (!organisation)
        throw new ApiError("auth.forbidden", `needs the role ${access.role} or above`);
      await ensureProject(store, params.project!, organisation);
      project = await projectByName(store, params.project!);
      return { project, role: roles[organisation] };
    }
    throw notFound(access, params);
  }
  const role = roles[project.organisation];
  if (!role) throw notFound(access, params);
  if (fingerprint !== undefined && !(await itemExists(store, project.id, fingerprint)))
    throw new ApiError("item.not-found", `item ${params.id}: not found`);
  if (!roleAllows(role, access.role))
    throw new ApiError(
      "auth.forbidden",
      `needs the role ${access.role} or above in organisation ${project.organisation}`,
    );
  return { project, role, fingerprint };
}
