import { useEffect, useState } from "preact/hooks";
import type { PlanSummary as Plan } from "../../server/plans.ts";
import { money } from "../format.ts";
import { api } from "./api.ts";
import { link } from "./router.ts";

/** Approve or reject: the server decides who may (approver role, never the plan's author). */
function Decide({ plan, onDecided }: { plan: Plan; onDecided: (error?: string) => void }) {
  const decide = async (decision: "approve" | "reject") => {
    try {
      await api("POST", `/plans/${plan.id}/${decision}`, { comment: "" });
      onDecided();
    } catch (failure) {
      onDecided((failure as Error).message);
    }
  };
  if (plan.state !== "pending") return null;
  return (
    <span class="decide">
      <button data-decide="approve" onClick={() => void decide("approve")}>
        Approve
      </button>
      <button data-decide="reject" onClick={() => void decide("reject")}>
        Reject
      </button>
    </span>
  );
}

export function PlanTable({
  plans,
  onDecided,
}: {
  plans: Plan[];
  onDecided: (error?: string) => void;
}) {
  return (
    <table class="compact plans">
      <thead>
        <tr>
          <th>plan</th>
          <th>project</th>
          <th class="num">items</th>
          <th class="num">investment</th>
          <th class="num">interest saved/yr</th>
          <th>approver</th>
          <th>by</th>
          <th>state</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {plans.map((p) => (
          <tr key={p.id} data-plan={p.id} data-plan-state={p.state}>
            <td>{p.title}</td>
            <td>
              <a href={link(["projects", p.project])}>{p.project}</a>
            </td>
            <td class="num">{p.items}</td>
            <td class="num">{money(p.investment, "USD")}</td>
            <td class="num">{money(p.savings, "USD")}</td>
            <td>{p.approverRole}</td>
            <td>{p.createdBy}</td>
            <td>{p.state}</td>
            <td>
              <Decide plan={p} onDecided={onDecided} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Plans awaiting the signed-in user's decision, in every organisation of theirs. */
export function AwaitingMe() {
  const [plans, setPlans] = useState<Plan[]>([]);
  const [error, setError] = useState("");
  const load = () =>
    api<{ plans: Plan[] }>("GET", "/plans").then(
      (answer) => setPlans(answer.plans),
      (failure: Error) => setError(failure.message),
    );
  useEffect(() => void load(), []);
  if (plans.length === 0 && !error) return null;
  return (
    <section class="section" data-section="awaiting">
      <h2>Awaiting your decision</h2>
      {error ? <p class="error">{error}</p> : null}
      <PlanTable
        plans={plans}
        onDecided={(failure) => {
          setError(failure ?? "");
          void load();
        }}
      />
    </section>
  );
}

/** A project's plans, and the proposal of the items selected in its register. */
export function ProjectPlans({
  project,
  selected,
  onChanged,
}: {
  project: string;
  selected: readonly string[];
  onChanged: () => void;
}) {
  const [plans, setPlans] = useState<Plan[]>([]);
  const [title, setTitle] = useState("");
  const [error, setError] = useState("");
  const base = `/projects/${encodeURIComponent(project)}`;
  const load = () =>
    api<{ plans: Plan[] }>("GET", `${base}/plans`).then(
      (answer) => setPlans(answer.plans),
      (failure: Error) => setError(failure.message),
    );
  useEffect(() => void load(), [project]);
  const propose = async (event: Event) => {
    event.preventDefault();
    try {
      await api("POST", `${base}/plans`, { title, items: selected });
      setTitle("");
      setError("");
      await load();
      onChanged();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <section class="section" data-section="plans">
      <h2>Plans</h2>
      <form class="filters" onSubmit={propose}>
        <label>
          plan title
          <input
            name="plan-title"
            value={title}
            required
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={selected.length === 0}>
          Propose a plan of {selected.length} selected item(s)
        </button>
        <a href={`/api/v1${base}/plan-decisions.csv`} download>
          decision log (CSV)
        </a>
      </form>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <PlanTable
        plans={plans}
        onDecided={(failure) => {
          setError(failure ?? "");
          void load();
          onChanged();
        }}
      />
    </section>
  );
}
