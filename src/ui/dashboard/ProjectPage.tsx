import { useCallback, useEffect, useState } from "preact/hooks";
import { CATEGORY_LABELS, CLASSES, money, percent } from "../format.ts";
import { api, STATES, type ProjectSummary, type RegisterItem, type TrendPoint } from "./api.ts";
import { link, navigate, type Location } from "./router.ts";
import { ProjectPlans } from "./Plans.tsx";
import { CategoryTrend } from "./CategoryTrend.tsx";
import { ProjectKpis } from "./Kpis.tsx";
import { ProjectView } from "./ProjectView.tsx";
import { TrendChart } from "../components/TrendChart.tsx";

const CLOSED = new Set(["fixed", "accepted", "wont_fix", "false_positive"]);
const FILTERS = ["state", "class", "category", "path", "sort"] as const;

/** A project: headline, trend, and the register with its filters (kept in the URL) and states. */
export function ProjectPage({ name, location }: { name: string; location: Location }) {
  const [summary, setSummary] = useState<ProjectSummary | undefined>();
  const [points, setPoints] = useState<TrendPoint[]>([]);
  const [items, setItems] = useState<RegisterItem[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState("");
  const [selected, setSelected] = useState<string[]>([]);
  const filters = Object.fromEntries(FILTERS.map((f) => [f, location.query.get(f) ?? ""]));
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ""));
  const base = `/projects/${encodeURIComponent(name)}`;

  const load = useCallback(async () => {
    try {
      const [s, t, page] = await Promise.all([
        api<ProjectSummary>("GET", base),
        api<{ points: TrendPoint[] }>("GET", `${base}/trend`),
        api<{ items: RegisterItem[]; next: string | null }>("GET", `${base}/items?${query}`),
      ]);
      setSummary(s);
      setPoints(t.points);
      setItems(page.items);
      setNext(page.next);
      setError("");
    } catch (failure) {
      setError((failure as Error).message);
    }
  }, [base, query.toString()]);
  useEffect(() => void load(), [load]);

  const more = async () => {
    if (!next) return;
    const page = await api<{ items: RegisterItem[]; next: string | null }>(
      "GET",
      `${base}/items?${query}&cursor=${encodeURIComponent(next)}`,
    );
    setItems([...items, ...page.items]);
    setNext(page.next);
  };
  const setFilter = (key: string, value: string) =>
    navigate(["projects", name], { ...filters, [key]: value });
  const setState = async (item: RegisterItem, state: string) => {
    try {
      await api("PATCH", `/items/${encodeURIComponent(item.id)}`, { state });
      setItems(items.map((i) => (i.id === item.id ? { ...i, state } : i)));
      setError("");
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  const latest = summary?.latest;
  return (
    <div data-page="project" data-project={name}>
      <p>
        <a href={link([])}>Projects</a> / <strong>{name}</strong>
      </p>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      {latest ? <Headline latest={latest} /> : null}
      <section class="section">
        <h2>Trend</h2>
        <TrendChart points={points} />
        <h3>Interest a year by category</h3>
        <CategoryTrend points={points} />
      </section>
      <ProjectKpis project={name} version={points.length} />
      <ProjectView project={name} version={points.length} />
      <section class="section" id="register">
        <h2>Register</h2>
        <Filters filters={filters} setFilter={setFilter} />
        <RegisterTable
          items={items}
          selected={selected}
          onSelect={setSelected}
          onState={(item, state) => void setState(item, state)}
        />
        {next ? (
          <button class="more" onClick={() => void more()}>
            more
          </button>
        ) : null}
      </section>
      <ProjectPlans
        project={name}
        selected={selected}
        onChanged={() => {
          setSelected([]);
          void load();
        }}
      />
    </div>
  );
}

function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}
      <select name={label} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{label === "sort" ? "priority" : "all"}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The latest snapshot's figures. */
function Headline({ latest }: { latest: NonNullable<ProjectSummary["latest"]> }) {
  return (
    <section class="headline">
      <div class="figure" data-figure="principal">
        <span class="label">principal</span> {money(latest.principal, "USD")}
      </div>
      <div class="figure">
        <span class="label">interest a year</span> {money(latest.interest, "USD")}
      </div>
      <div class="figure">
        <span class="label">debt ratio</span> {percent(latest.debtRatio)} ({latest.rating})
      </div>
      <div class="figure">
        <span class="label">items</span> {latest.items}
      </div>
    </section>
  );
}

/** The register's rows, each with its state workflow. */
function RegisterTable({
  items,
  selected,
  onSelect,
  onState,
}: {
  items: RegisterItem[];
  selected: readonly string[];
  onSelect: (ids: string[]) => void;
  onState: (item: RegisterItem, state: string) => void;
}) {
  const toggle = (id: string, on: boolean) =>
    onSelect(on ? [...selected, id] : selected.filter((s) => s !== id));
  // closed items cannot be planned: the server refuses them, so they are not offered
  const plannable = items.filter((i) => !CLOSED.has(i.state)).map((i) => i.id);
  return (
    <div class="table-wrap">
      <table class="register">
        <thead>
          <tr>
            <th>
              <input
                type="checkbox"
                aria-label="select every item shown"
                checked={plannable.length > 0 && selected.length === plannable.length}
                onChange={(e) => onSelect(e.currentTarget.checked ? plannable : [])}
              />
            </th>
            <th class="num">priority</th>
            <th>class</th>
            <th>where</th>
            <th>what</th>
            <th class="num">principal</th>
            <th class="num">interest/yr</th>
            <th>state</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id} data-item={i.id} data-state={i.state}>
              <td>
                <input
                  type="checkbox"
                  aria-label="select"
                  checked={selected.includes(i.id)}
                  disabled={CLOSED.has(i.state)}
                  onChange={(e) => toggle(i.id, e.currentTarget.checked)}
                />
              </td>
              <td class="num">{i.priority?.toFixed(2) ?? "-"}</td>
              <td>
                <span class={`pill class-${i.class}`}>{i.class}</span>
              </td>
              <td class="where" title={i.path ?? ""}>
                {i.path ?? "(repository)"}
              </td>
              <td>
                <a href={link(["items", i.id])}>{i.message}</a>
              </td>
              <td class="num">{money(i.principal ?? 0, "USD")}</td>
              <td class="num">{money(i.interest ?? 0, "USD")}</td>
              <td>
                <select
                  aria-label="state"
                  value={i.state}
                  disabled={i.state === "fixed"}
                  onChange={(e) => onState(i, e.currentTarget.value)}
                >
                  {STATES.map((s) => (
                    <option key={s} value={s} disabled={s === "fixed"}>
                      {s}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The register's filters; each change becomes part of the page's URL. */
function Filters({
  filters,
  setFilter,
}: {
  filters: Record<string, string>;
  setFilter: (key: string, value: string) => void;
}) {
  return (
    <div class="filters">
      <Select
        label="state"
        value={filters.state!}
        options={STATES}
        onChange={(v) => setFilter("state", v)}
      />
      <Select
        label="class"
        value={filters.class!}
        options={CLASSES}
        onChange={(v) => setFilter("class", v)}
      />
      <Select
        label="category"
        value={filters.category!}
        options={Object.keys(CATEGORY_LABELS)}
        onChange={(v) => setFilter("category", v)}
      />
      <Select
        label="sort"
        value={filters.sort!}
        options={["priority", "interest", "principal", "first-seen", "last-seen", "path"]}
        onChange={(v) => setFilter("sort", v)}
      />
      <label>
        path
        <input
          name="path"
          value={filters.path}
          placeholder="folder or glob"
          onChange={(e) => setFilter("path", e.currentTarget.value)}
        />
      </label>
    </div>
  );
}
