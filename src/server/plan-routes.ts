import { z } from "zod";
import { ApiError } from "./errors.ts";
import {
  createPlan,
  decidePlan,
  decisionsCsv,
  listPlans,
  planDecisions,
  planDetail,
  approvalLimits,
} from "./plans.ts";
import { roleAllows } from "./access.ts";
import { projectParams, type HandlerContext, type Route } from "./route-types.ts";

const planParams = z.strictObject({ id: z.string().regex(/^\d{1,9}$/, "a plan number") });

const planSchema = z.object({
  id: z.number(),
  project: z.string(),
  organisation: z.string(),
  title: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  investment: z.number(),
  savings: z.number(),
  hours: z.number(),
  approverRole: z.enum(["manager", "cto", "executive"]),
  state: z.enum(["pending", "approved", "rejected"]),
  items: z.number(),
});
const decisionSchema = z.object({
  plan: z.number(),
  by: z.string(),
  at: z.string(),
  decision: z.enum(["submitted", "approved", "rejected"]),
  comment: z.string(),
});
const decideBody = z.strictObject({ comment: z.string().max(2000).default("") });

function sessionUser(c: HandlerContext) {
  if (c.principal.kind !== "session") throw new ApiError("auth.forbidden", "a session only");
  return c.principal.user;
}

function decide(decision: "approved" | "rejected"): Route["handler"] {
  return async (c) => {
    const user = sessionUser(c);
    return decidePlan(c.store, {
      planId: Number(c.params.id),
      projectId: c.project!.id,
      decision,
      comment: (c.body as z.infer<typeof decideBody>).comment,
      user,
      role: c.role!,
      now: c.now.toISOString(),
    });
  };
}

/**
 * Plans and approvals (issue 15; docs/server.md): a manager proposes, the investment routes the
 * decision (organisation limits, default below 50,000 a manager, up to 200,000 the CTO, above an
 * executive), nobody decides their own plan, approval marks the items `planned`.
 */
export const PLAN_ROUTES: Route[] = [
  {
    method: "POST",
    url: "/api/v1/projects/:project/plans",
    summary:
      "Propose a plan of items (manager and above): its investment, the items' principal as last measured, decides who approves it",
    access: { kind: "project", role: "manager" },
    params: projectParams,
    body: z.strictObject({
      title: z.string().min(1).max(200),
      items: z
        .array(z.string().min(1).max(300))
        .min(1)
        .max(10_000)
        .describe("item ids (`<project>.<fingerprint>`) or fingerprints"),
    }),
    status: 201,
    response: planSchema,
    async handler(c) {
      const user = sessionUser(c);
      const body = c.body as { title: string; items: string[] };
      const prefix = `${c.project!.id}.`;
      return c.timed("plan", () =>
        createPlan(c.store, {
          projectId: c.project!.id,
          organisation: c.project!.organisation,
          title: body.title,
          fingerprints: body.items.map((id) =>
            id.startsWith(prefix) ? id.slice(prefix.length) : id,
          ),
          userId: user.id,
          now: c.now.toISOString(),
        }),
      );
    },
  },
  {
    method: "GET",
    url: "/api/v1/projects/:project/plans",
    summary: "The project's plans, newest first, with their state and approver",
    access: { kind: "project", role: "viewer" },
    params: projectParams,
    status: 200,
    response: z.object({
      plans: z.array(planSchema),
      limits: z.object({ manager: z.number(), cto: z.number() }),
    }),
    async handler(c) {
      const limits = await approvalLimits(c.store, c.project!.organisation);
      return { plans: await listPlans(c.store, { projectId: c.project!.id }), limits };
    },
  },
  {
    method: "GET",
    url: "/api/v1/projects/:project/plan-decisions.csv",
    summary: "The append-only decision log of the project's plans as CSV",
    access: { kind: "project", role: "viewer" },
    params: projectParams,
    status: 200,
    contentType: "text/csv; charset=utf-8",
    response: z.string(),
    async handler(c) {
      return decisionsCsv(await planDecisions(c.store, { projectId: c.project!.id }));
    },
  },
  {
    method: "GET",
    url: "/api/v1/plans",
    summary: "Plans awaiting the signed-in user's decision, in every organisation of theirs",
    access: { kind: "session" },
    status: 200,
    response: z.object({ plans: z.array(planSchema) }),
    async handler(c) {
      const user = sessionUser(c);
      const pending = await listPlans(c.store, { state: "pending" });
      return {
        plans: pending.filter((plan) => {
          const role = user.roles[plan.organisation];
          return plan.createdBy !== user.email && role && roleAllows(role, plan.approverRole);
        }),
      };
    },
  },
  {
    method: "GET",
    url: "/api/v1/plans/:id",
    summary: "One plan: its items, figures and every decision on it",
    access: { kind: "plan", role: "viewer" },
    params: planParams,
    status: 200,
    response: z.object({
      plan: planSchema,
      items: z.array(z.record(z.string(), z.unknown())),
      decisions: z.array(decisionSchema),
    }),
    async handler(c) {
      return planDetail(c.store, Number(c.params.id));
    },
  },
  {
    method: "POST",
    url: "/api/v1/plans/:id/approve",
    summary:
      "Approve a pending plan (its approver role or above, not its author): its open items become planned",
    access: { kind: "plan", role: "manager" },
    params: planParams,
    body: decideBody,
    status: 200,
    response: planSchema,
    handler: decide("approved"),
  },
  {
    method: "POST",
    url: "/api/v1/plans/:id/reject",
    summary: "Reject a pending plan with a comment (its approver role or above, not its author)",
    access: { kind: "plan", role: "manager" },
    params: planParams,
    body: decideBody,
    status: 200,
    response: planSchema,
    handler: decide("rejected"),
  },
];
