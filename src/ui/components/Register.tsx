import { Fragment } from "preact";
import { useMemo, useState } from "preact/hooks";
import type { ViewItem, ViewModel } from "../../report/view-model.ts";
import { inScopeFilter, rowScope, rowTotals } from "../../report/view-totals.ts";
import { CATEGORY_LABELS, CLASS_LABELS, CLASSES, money } from "../format.ts";
import { safeHref } from "../safe.ts";
import { Section } from "./Section.tsx";

export interface RegisterFilter {
  category: string;
  cls: string;
  rule: string;
  path: string;
  /** "" the scopes the headline counts (so the total is the headline's), "*" every scope, or one scope. */
  scope: string;
  /** Restricts the table to these ids (from a scorecard check), with its title. */
  ids?: { list: string[]; title: string } | undefined;
}

export const EMPTY_FILTER: RegisterFilter = {
  category: "",
  cls: "",
  rule: "",
  path: "",
  scope: "",
};

type SortKey = "p" | "pr" | "int" | "eff" | "risk" | "imp" | "path";
const PAGE = 100;

function compare(key: SortKey, a: ViewItem, b: ViewItem): number {
  if (key === "path")
    return (a.path ?? "").localeCompare(b.path ?? "") || (a.line ?? 0) - (b.line ?? 0);
  return a[key] - b[key];
}

/** The ranked register: filters by category, class, rule and path, sorting by any score or amount. */
export function Register({
  data,
  filter,
  onFilter,
}: {
  data: ViewModel;
  filter: RegisterFilter;
  onFilter: (f: RegisterFilter) => void;
}) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "p", desc: true });
  const [limit, setLimit] = useState(PAGE);
  const [open, setOpen] = useState<string | undefined>(undefined);
  const rulesById = useMemo(() => new Map(data.rules.map((r) => [r.id, r])), [data]);
  const rules = useMemo(() => [...new Set(data.items.map((i) => i.r))].sort(), [data]);
  const categories = useMemo(() => [...new Set(data.items.map((i) => i.cat))], [data]);
  const scopes = useMemo(() => [...new Set(data.items.map(rowScope))], [data]);
  const rows = useMemo(() => {
    const ids = filter.ids ? new Set(filter.ids.list) : undefined;
    const needle = filter.path.trim().toLowerCase();
    const counted = data.counted ?? ["production"];
    const kept = data.items.filter(
      (i) =>
        (!ids || ids.has(i.id)) &&
        inScopeFilter(i, filter.scope, counted) &&
        (!filter.category || i.cat === filter.category) &&
        (!filter.cls || i.cls === filter.cls) &&
        (!filter.rule || i.r === filter.rule) &&
        (!needle || (i.path ?? "").toLowerCase().includes(needle)),
    );
    const sign = sort.desc ? -1 : 1;
    return kept.sort((a, b) => sign * compare(sort.key, a, b));
  }, [data, filter, sort]);
  const set = (patch: Partial<RegisterFilter>) => {
    setLimit(PAGE);
    onFilter({ ...filter, ...patch });
  };
  const header = (key: SortKey, label: string, numeric = true) => (
    <th
      class={numeric ? "num sortable" : "sortable"}
      aria-sort={sort.key === key ? (sort.desc ? "descending" : "ascending") : "none"}
    >
      <button
        type="button"
        data-sort={key}
        onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : key !== "path" })}
      >
        {label}
        {sort.key === key ? (sort.desc ? " ▼" : " ▲") : ""}
      </button>
    </th>
  );
  // With the default filter (the counted scopes) this is the headline's total to the cent.
  const totals = rowTotals(rows);
  return (
    <Section
      id="register"
      title="Debt register"
      absent={data.items.length ? undefined : "No debt items were found."}
    >
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          category
          <select
            name="category"
            value={filter.category}
            onChange={(e) => set({ category: e.currentTarget.value })}
          >
            <option value="">all</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABELS[c] ?? c}
              </option>
            ))}
          </select>
        </label>
        <label>
          class
          <select
            name="class"
            value={filter.cls}
            onChange={(e) => set({ cls: e.currentTarget.value })}
          >
            <option value="">all</option>
            {CLASSES.map((c) => (
              <option key={c} value={c}>
                {CLASS_LABELS[c]}
              </option>
            ))}
          </select>
        </label>
        <label>
          rule
          <select
            name="rule"
            value={filter.rule}
            onChange={(e) => set({ rule: e.currentTarget.value })}
          >
            <option value="">all</option>
            {rules.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          scope
          <select
            name="scope"
            value={filter.scope}
            onChange={(e) => set({ scope: e.currentTarget.value })}
          >
            <option value="">counted ({(data.counted ?? ["production"]).join(", ")})</option>
            <option value="*">all</option>
            {scopes.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          path
          <input
            name="path"
            type="search"
            placeholder="part of a path"
            value={filter.path}
            onInput={(e) => set({ path: e.currentTarget.value })}
          />
        </label>
        {filter.ids && (
          <button type="button" class="chip" onClick={() => set({ ids: undefined })}>
            only “{filter.ids.title}” ✕
          </button>
        )}
      </form>
      <p
        class="hint"
        data-register-count={rows.length}
        data-register-principal={totals.pr}
        data-register-interest={totals.int}
      >
        {rows.length} of {data.items.length} items · principal {money(totals.pr, data.currency)} ·
        interest {money(totals.int, data.currency)}/yr
      </p>
      <div class="table-wrap">
        <table class="register">
          <thead>
            <tr>
              {header("p", "priority")}
              <th>class</th>
              {header("path", "where", false)}
              <th>what</th>
              {header("imp", "I")}
              {header("eff", "E")}
              {header("risk", "R")}
              {header("pr", "principal")}
              {header("int", "interest/yr")}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, limit).map((i) => (
              <Fragment key={i.id}>
                <tr data-item={i.id} data-rule={i.r} data-category={i.cat} data-class={i.cls}>
                  <td class="num">{i.p.toFixed(2)}</td>
                  <td>
                    <span class={`pill class-${i.cls}`}>{CLASS_LABELS[i.cls]}</span>
                  </td>
                  <td class="where" title={i.path}>
                    {i.path ? `${i.path}${i.line ? `:${i.line}` : ""}` : "(repository)"}
                    {i.n ? <span class="hint"> +{i.n - 1} places</span> : null}
                  </td>
                  <td>
                    <a
                      href={safeHref(rulesById.get(i.r)?.docs)}
                      target="_blank"
                      rel="noreferrer"
                      class="rule"
                    >
                      {i.r}
                    </a>{" "}
                    {i.msg}{" "}
                    <button
                      type="button"
                      class="link"
                      data-details={i.id}
                      aria-expanded={open === i.id}
                      onClick={() => setOpen(open === i.id ? undefined : i.id)}
                    >
                      {open === i.id ? "hide details" : "details"}
                    </button>
                  </td>
                  <td class="num">{i.imp}</td>
                  <td class="num">{i.eff}</td>
                  <td class="num">{i.risk}</td>
                  <td class="num">{money(i.pr, data.currency)}</td>
                  <td class="num">{money(i.int, data.currency)}</td>
                </tr>
                {open === i.id && <ItemDetails item={i} data={data} rule={rulesById.get(i.r)} />}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > limit && (
        <button type="button" class="more" onClick={() => setLimit(limit + PAGE * 5)}>
          show {Math.min(PAGE * 5, rows.length - limit)} more of {rows.length - limit}
        </button>
      )}
    </Section>
  );
}

/** One item in full, under its row: every field the register row shortens or leaves out. */
function ItemDetails({
  item,
  data,
  rule,
}: {
  item: ViewItem;
  data: ViewModel;
  rule: ViewModel["rules"][number] | undefined;
}) {
  const docs = safeHref(rule?.docs);
  return (
    <tr class="details" data-details-of={item.id}>
      <td colSpan={9}>
        <dl>
          <dt>rule</dt>
          <dd>
            {docs ? (
              <a href={docs} target="_blank" rel="noreferrer">
                {item.r}
              </a>
            ) : (
              item.r
            )}
            {rule ? ` · ${rule.description}` : ""}
          </dd>
          <dt>where</dt>
          <dd class="where-full">
            {item.path ? `${item.path}${item.line ? `:${item.line}` : ""}` : "(repository)"}
            {item.n ? ` and ${item.n - 1} more places` : ""}
          </dd>
          {item.sym && (
            <>
              <dt>symbol</dt>
              <dd class="symbol">{item.sym}</dd>
            </>
          )}
          <dt>message</dt>
          <dd class="message">{item.msg}</dd>
          <dt>scores</dt>
          <dd>
            priority {item.p.toFixed(2)} ({CLASS_LABELS[item.cls]}) · impact {item.imp} · effort{" "}
            {item.eff} · risk {item.risk} · {CATEGORY_LABELS[item.cat] ?? item.cat}, {item.sev}
          </dd>
          <dt>money</dt>
          <dd>
            {item.min} minutes to fix: principal {money(item.pr, data.currency)}, interest{" "}
            {money(item.int, data.currency)}/yr
            {item.ir &&
              ` (between ${money(item.ir[0], data.currency)} and ${money(item.ir[1], data.currency)})`}
          </dd>
          <dt>id</dt>
          <dd>
            <code>{item.id}</code> (<code>debtlens explain {item.id}</code>)
          </dd>
        </dl>
      </td>
    </tr>
  );
}
