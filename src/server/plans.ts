import { sql } from "kysely";
import { csvCell } from "../report/index.ts";
import { InputError } from "../shared/index.ts";
import type { Store } from "../store/index.ts";
import { DEFAULT_ORGANISATION, roleAllows, type Role } from "./access.ts";
import { ApiError } from "./errors.ts";
import { accessDb } from "./tables.ts";

/**
 * Plans and their approval (issue 15): a manager proposes items to repay; the investment (the
 * items' principal as the register last measured it, never a figure the client sends) decides who
 * must approve; nobody approves their own plan; an approved plan's items become `planned`; every
 * decision is appended to a log that is never edited.
 */
export type ApproverRole = "manager" | "cto" | "executive";

/** Below `manager` a manager approves, up to `cto` inclusive the CTO, above it an executive. */
export interface ApprovalLimits {
  manager: number;
  cto: number;
}
export const DEFAULT_APPROVAL_LIMITS: ApprovalLimits = { manager: 50_000, cto: 200_000 };

export function approverFor(investment: number, limits: ApprovalLimits): ApproverRole {
  if (investment < limits.manager) return "manager";
  if (investment <= limits.cto) return "cto";
  return "executive";
}

export interface PlanSummary {
  id: number;
  project: string;
  organisation: string;
  title: string;
  createdBy: string;
  createdAt: string;
  investment: number;
  savings: number;
  hours: number;
  approverRole: ApproverRole;
  state: "pending" | "approved" | "rejected";
  items: number;
}

export interface PlanDecision {
  plan: number;
  by: string;
  at: string;
  decision: "submitted" | "approved" | "rejected";
  comment: string;
}

export async function approvalLimits(store: Store, organisation: string): Promise<ApprovalLimits> {
  const row = await accessDb(store)
    .selectFrom("organisations")
    .select("approval_limits")
    .where("name", "=", organisation)
    .executeTakeFirst();
  const stored = (
    typeof row?.approval_limits === "string"
      ? JSON.parse(row.approval_limits)
      : row?.approval_limits
  ) as Partial<ApprovalLimits> | null | undefined;
  return { ...DEFAULT_APPROVAL_LIMITS, ...stored };
}

/** `debtlens org limits`: an organisation's own approval limits. */
export async function setApprovalLimits(
  store: Store,
  organisation: string,
  limits: ApprovalLimits,
): Promise<void> {
  if (!(limits.manager > 0 && limits.cto >= limits.manager))
    throw new InputError(
      "org.bad-limits",
      `--manager ${limits.manager} --cto ${limits.cto}: the manager's limit must be positive and at most the CTO's`,
    );
  const updated = await accessDb(store)
    .updateTable("organisations")
    .set({ approval_limits: JSON.stringify(limits) })
    .where("name", "=", organisation)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0)
    throw new InputError("org.not-found", `--org ${organisation}: no such organisation`);
}

export async function createPlan(
  store: Store,
  input: {
    projectId: number;
    organisation: string;
    title: string;
    fingerprints: readonly string[];
    userId: number;
    now: string;
  },
): Promise<PlanSummary> {
  const unique = [...new Set(input.fingerprints)];
  const { rows: items } = await sql<{
    fingerprint: string;
    state: string;
    principal: number | null;
    interest: number | null;
    minutes: number | null;
  }>`
    select i.fingerprint, i.state, i.principal, i.interest, o.minutes
    from items i
    left join observations o on o.snapshot_id = i.last_seen and o.fingerprint = i.fingerprint
    where i.project_id = ${input.projectId} and i.fingerprint in (${sql.join(unique)})`.execute(
    store.db,
  );
  const missing = unique.filter((f) => !items.some((i) => i.fingerprint === f));
  if (missing.length > 0)
    throw new ApiError(
      "item.not-found",
      `items not in this project: ${missing.slice(0, 5).join(", ")}`,
    );
  const closed = items.filter((i) =>
    ["fixed", "accepted", "wont_fix", "false_positive"].includes(i.state),
  );
  if (closed.length > 0)
    throw new ApiError(
      "request.invalid",
      `items already closed cannot be planned: ${closed
        .map((i) => `${i.fingerprint} (${i.state})`)
        .slice(0, 5)
        .join(", ")}`,
    );
  const investment = round2(items.reduce((sum, i) => sum + (i.principal ?? 0), 0));
  const savings = round2(items.reduce((sum, i) => sum + (i.interest ?? 0), 0));
  const hours = round2(items.reduce((sum, i) => sum + (i.minutes ?? 0), 0) / 60);
  const approverRole = approverFor(investment, await approvalLimits(store, input.organisation));
  const db = accessDb(store);
  const id = await db.transaction().execute(async (tx) => {
    const plan = await tx
      .insertInto("plans")
      .values({
        project_id: input.projectId,
        title: input.title,
        created_by: input.userId,
        created_at: input.now,
        investment,
        savings,
        hours,
        approver_role: approverRole,
        state: "pending",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("plan_items")
      .values(
        items.map((i) => ({
          plan_id: plan.id,
          fingerprint: i.fingerprint,
          principal: i.principal,
          interest: i.interest,
        })),
      )
      .execute();
    await tx
      .insertInto("plan_decisions")
      .values({
        plan_id: plan.id,
        by_user: input.userId,
        at: input.now,
        decision: "submitted",
        comment: "",
      })
      .execute();
    return plan.id;
  });
  return (await listPlans(store, { planId: id }))[0]!;
}

export async function listPlans(
  store: Store,
  filter: { projectId?: number; planId?: number; projectIds?: readonly number[]; state?: string },
): Promise<PlanSummary[]> {
  const conditions = [sql`true`];
  if (filter.projectId !== undefined) conditions.push(sql`p.project_id = ${filter.projectId}`);
  if (filter.planId !== undefined) conditions.push(sql`p.id = ${filter.planId}`);
  if (filter.projectIds) {
    if (filter.projectIds.length === 0) return [];
    conditions.push(sql`p.project_id in (${sql.join(filter.projectIds)})`);
  }
  if (filter.state !== undefined) conditions.push(sql`p.state = ${filter.state}`);
  const { rows } = await sql<PlanSummary>`
    select p.id, pr.name as project, o.name as organisation, p.title, u.email as "createdBy", p.created_at as "createdAt",
      p.investment, p.savings, p.hours, p.approver_role as "approverRole", p.state,
      (select count(*)::int from plan_items pi where pi.plan_id = p.id) as items
    from plans p
    join projects pr on pr.id = p.project_id
    left join project_organisations po on po.project_id = pr.id
    join organisations o on o.id = coalesce(po.organisation_id,
      (select id from organisations where name = ${DEFAULT_ORGANISATION}))
    join users u on u.id = p.created_by
    where ${sql.join(conditions, sql` and `)}
    order by p.id desc`.execute(store.db);
  return rows;
}

export async function planProjectId(store: Store, planId: number): Promise<number | undefined> {
  const row = await accessDb(store)
    .selectFrom("plans")
    .select("project_id")
    .where("id", "=", planId)
    .executeTakeFirst();
  return row?.project_id;
}

export async function planDetail(store: Store, planId: number) {
  const [plan] = await listPlans(store, { planId });
  if (!plan) throw new ApiError("plan.not-found", `plan ${planId}: not found`);
  const { rows: items } = await sql<{
    fingerprint: string;
    rule: string;
    path: string | null;
    message: string;
    state: string;
    principal: number | null;
    interest: number | null;
  }>`
    select i.fingerprint, i.rule, i.path, i.message, i.state, pi.principal, pi.interest
    from plan_items pi
    join plans p on p.id = pi.plan_id
    join items i on i.project_id = p.project_id and i.fingerprint = pi.fingerprint
    where pi.plan_id = ${planId}
    order by pi.principal desc nulls last, pi.fingerprint`.execute(store.db);
  return { plan, items, decisions: await planDecisions(store, { planId }) };
}

export async function planDecisions(
  store: Store,
  filter: { planId?: number; projectId?: number },
): Promise<PlanDecision[]> {
  const condition =
    filter.planId !== undefined
      ? sql`d.plan_id = ${filter.planId}`
      : sql`p.project_id = ${filter.projectId!}`;
  const { rows } = await sql<PlanDecision>`
    select d.plan_id as plan, u.email as by, d.at, d.decision, d.comment
    from plan_decisions d
    join plans p on p.id = d.plan_id
    join users u on u.id = d.by_user
    where ${condition}
    order by d.id`.execute(store.db);
  return rows;
}

/**
 * Approves or rejects a pending plan. The decider needs the plan's approver role (or above) in
 * the plan's organisation and may not be its author; approval marks its open items `planned`,
 * with the decision in their state changes, in the same transaction.
 */
export async function decidePlan(
  store: Store,
  input: {
    planId: number;
    projectId: number;
    decision: "approved" | "rejected";
    comment: string;
    user: { id: number; email: string };
    role: Role;
    now: string;
  },
): Promise<PlanSummary> {
  const db = accessDb(store);
  await db.transaction().execute(async (tx) => {
    // the row lock serialises two deciders: the second sees the first's decision
    const plan = await sql<{
      state: string;
      created_by: number;
      approver_role: ApproverRole;
      title: string;
    }>`
      select state, created_by, approver_role, title from plans where id = ${input.planId} for update`.execute(
      tx,
    );
    const row = plan.rows[0];
    if (!row) throw new ApiError("plan.not-found", `plan ${input.planId}: not found`);
    if (row.created_by === input.user.id)
      throw new ApiError("plan.self-approval", "nobody approves or rejects a plan they created");
    if (!roleAllows(input.role, row.approver_role))
      throw new ApiError(
        "auth.forbidden",
        `this plan's investment needs the role ${row.approver_role} or above to decide`,
      );
    if (row.state !== "pending")
      throw new ApiError("plan.decided", `plan ${input.planId} is already ${row.state}`);
    await tx
      .updateTable("plans")
      .set({ state: input.decision })
      .where("id", "=", input.planId)
      .execute();
    await tx
      .insertInto("plan_decisions")
      .values({
        plan_id: input.planId,
        by_user: input.user.id,
        at: input.now,
        decision: input.decision,
        comment: input.comment,
      })
      .execute();
    if (input.decision === "approved") {
      const why = `plan ${input.planId} "${row.title}" approved${input.comment ? `: ${input.comment}` : ""}`;
      await sql`insert into state_changes
          (project_id, fingerprint, snapshot_id, at, by, from_state, to_state, why, source)
        select i.project_id, i.fingerprint, null, ${input.now}, ${input.user.email}, i.state, 'planned', ${why}, 'user'
        from items i join plan_items pi on pi.fingerprint = i.fingerprint
        where pi.plan_id = ${input.planId} and i.project_id = ${input.projectId} and i.state = 'open'`.execute(
        tx,
      );
      await sql`update items set state = 'planned', state_source = 'user'
        from plan_items pi
        where pi.plan_id = ${input.planId} and items.project_id = ${input.projectId}
          and items.fingerprint = pi.fingerprint and items.state = 'open'`.execute(tx);
    }
  });
  return (await listPlans(store, { planId: input.planId }))[0]!;
}

/** The decision log as CSV (RFC 4180, the report's cell escaping), for an audit trail elsewhere. */
export function decisionsCsv(decisions: readonly PlanDecision[]): string {
  const lines = [["plan", "at", "by", "decision", "comment"].join(",")];
  for (const d of decisions)
    lines.push([d.plan, d.at, d.by, d.decision, d.comment].map(csvCell).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
