import { sql } from "kysely";
import type { ItemRow, Store } from "../store/index.ts";
import { DEFAULT_ORGANISATION, type SessionUser } from "./access.ts";

/**
 * The server's reads over the register that the CLI's store functions do not offer: projects by
 * organisation, and items one page at a time (keyset cursor: a deep page costs what the first
 * does, where OFFSET would read every row before it).
 */

export interface ProjectAccess {
  id: number;
  name: string;
  organisation: string;
}

/** A project and the organisation it belongs to (no mapping row: the default organisation). */
export async function projectByName(
  store: Store,
  name: string,
): Promise<ProjectAccess | undefined> {
  const { rows } = await sql<ProjectAccess>`
    select p.id, p.name, o.name as organisation
    from projects p
    left join project_organisations po on po.project_id = p.id
    join organisations o on o.id = coalesce(po.organisation_id,
      (select id from organisations where name = ${DEFAULT_ORGANISATION}))
    where p.name = ${name}`.execute(store.db);
  return rows[0];
}

export async function projectById(store: Store, id: number): Promise<ProjectAccess | undefined> {
  const { rows } = await sql<ProjectAccess>`
    select p.id, p.name, o.name as organisation
    from projects p
    left join project_organisations po on po.project_id = p.id
    join organisations o on o.id = coalesce(po.organisation_id,
      (select id from organisations where name = ${DEFAULT_ORGANISATION}))
    where p.id = ${id}`.execute(store.db);
  return rows[0];
}

export interface ProjectSummary {
  name: string;
  organisation: string;
  snapshots: number;
  latest: {
    snapshot: number;
    commit: string | null;
    date: string;
    items: number;
    principal: number;
    interest: number;
    debtRatio: number;
    rating: string;
  } | null;
  /** Principal and interest of the last 30 snapshots, oldest first: the overview's sparklines. */
  spark: { principal: number[]; interest: number[] };
}

/** The organisation overview: every project the user's organisations hold, with its headline. */
export async function projectSummaries(
  store: Store,
  user: SessionUser,
  only?: number,
): Promise<ProjectSummary[]> {
  const organisations = Object.keys(user.roles);
  if (organisations.length === 0) return [];
  const { rows } = await sql<{
    id: number;
    name: string;
    organisation: string;
    snapshots: number;
    points: Array<[number, string | null, string, number, number, number, number, string]> | null;
  }>`
    select p.id, p.name, o.name as organisation,
      (select count(*)::int from snapshots s where s.project_id = p.id) as snapshots,
      (select json_agg(json_build_array(t.id, t.commit, t.ordered_at, t.items, t.principal,
                                        t.interest, t.debt_ratio, t.rating) order by t.ordered_at, t.id)
       from (select * from snapshots s where s.project_id = p.id
             order by s.ordered_at desc, s.id desc limit 30) t) as points
    from projects p
    left join project_organisations po on po.project_id = p.id
    join organisations o on o.id = coalesce(po.organisation_id,
      (select id from organisations where name = ${DEFAULT_ORGANISATION}))
    where o.name in (${sql.join(organisations)})
      ${only === undefined ? sql`` : sql`and p.id = ${only}`}
    order by p.name`.execute(store.db);
  return rows.map((r) => {
    const points = typeof r.points === "string" ? JSON.parse(r.points) : (r.points ?? []);
    const last = points.at(-1) as (typeof points)[number] | undefined;
    return {
      name: r.name,
      organisation: r.organisation,
      snapshots: r.snapshots,
      latest: last
        ? {
            snapshot: last[0],
            commit: last[1],
            date: last[2],
            items: last[3],
            principal: last[4],
            interest: last[5],
            debtRatio: last[6],
            rating: last[7],
          }
        : null,
      spark: {
        principal: points.map((p: number[]) => p[4]),
        interest: points.map((p: number[]) => p[5]),
      },
    };
  });
}

export const ITEM_PAGE_SORTS = [
  "priority",
  "principal",
  "interest",
  "first-seen",
  "last-seen",
  "path",
] as const;
export type ItemPageSort = (typeof ITEM_PAGE_SORTS)[number];

export interface ItemPageQuery {
  state?: string[];
  class?: string[];
  category?: string[];
  rule?: string[];
  path?: string;
  sort: ItemPageSort;
  limit: number;
  /** The sort key and fingerprint of the previous page's last row. */
  after?: { key: string | number; fingerprint: string };
}

/** An item of a page: the store's item row, with dates flattened and the fingerprint named. */
export interface ItemPageRow extends Omit<
  ItemRow,
  "reopened" | "firstSeen" | "lastSeen" | "fixedIn"
> {
  fingerprint: string;
  firstSeen: string;
  lastSeen: string;
  fixedIn: number | null;
}

/**
 * Sort keys never null (a keyset needs a total order): missing figures sort as -1, below every
 * real one; ties are broken by fingerprint, ascending.
 */
const SORT_KEYS: Record<ItemPageSort, { key: string; descending: boolean; numeric: boolean }> = {
  priority: { key: "coalesce(i.priority, -1)", descending: true, numeric: true },
  principal: { key: "coalesce(i.principal, -1)", descending: true, numeric: true },
  interest: { key: "coalesce(i.interest, -1)", descending: true, numeric: true },
  "first-seen": { key: "f.ordered_at", descending: false, numeric: false },
  "last-seen": { key: "l.ordered_at", descending: true, numeric: false },
  path: { key: "coalesce(i.path, '')", descending: false, numeric: false },
};

/** A path filter as a POSIX regular expression: a folder or file prefix, or a glob (`*`, `**`, `?`). */
export function pathPattern(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  const escape = (text: string) => text.replace(/[.+^${}()|[\]\\*?]/g, "\\$&");
  if (!/[*?]/.test(trimmed)) return `^${escape(trimmed)}(/|$)`;
  let pattern = "";
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i]!;
    if (c === "*" && trimmed[i + 1] === "*") {
      pattern += ".*";
      i++;
      if (trimmed[i + 1] === "/") i++;
    } else if (c === "*") pattern += "[^/]*";
    else if (c === "?") pattern += "[^/]";
    else pattern += escape(c);
  }
  return `^${pattern}$`;
}

export async function itemPage(
  store: Store,
  projectId: number,
  query: ItemPageQuery,
): Promise<{ items: ItemPageRow[]; next: { key: string | number; fingerprint: string } | null }> {
  const sort = SORT_KEYS[query.sort];
  const key = sql.raw(sort.key);
  const filters = [sql`i.project_id = ${projectId}`];
  if (query.state?.length) filters.push(sql`i.state in (${sql.join(query.state)})`);
  if (query.class?.length) filters.push(sql`i.class in (${sql.join(query.class)})`);
  if (query.category?.length) filters.push(sql`i.category in (${sql.join(query.category)})`);
  if (query.rule?.length) filters.push(sql`i.rule in (${sql.join(query.rule)})`);
  if (query.path) filters.push(sql`i.path ~ ${pathPattern(query.path)}`);
  if (query.after) {
    const value = sort.numeric ? Number(query.after.key) : String(query.after.key);
    const typed = sort.numeric ? sql`${value}::double precision` : sql`${value}::text`;
    filters.push(
      sort.descending
        ? sql`(${key} < ${typed} or (${key} = ${typed} and i.fingerprint > ${query.after.fingerprint}))`
        : sql`(${key} > ${typed} or (${key} = ${typed} and i.fingerprint > ${query.after.fingerprint}))`,
    );
  }
  const { rows } = await sql<{
    fingerprint: string;
    rule: string;
    category: string;
    path: string | null;
    symbol: string | null;
    message: string;
    state: string;
    owner: string | null;
    note: string | null;
    due_date: string | null;
    class: string | null;
    priority: number | null;
    principal: number | null;
    interest: number | null;
    first_seen: string;
    last_seen: string;
    fixed_in: number | null;
    sort_key: string | number;
  }>`
    select i.fingerprint, i.rule, i.category, i.path, i.symbol, i.message, i.state, i.owner,
      i.note, i.due_date, i.class, i.priority, i.principal, i.interest,
      f.ordered_at as first_seen, l.ordered_at as last_seen, i.fixed_in, ${key} as sort_key
    from items i
    join snapshots f on f.id = i.first_seen
    join snapshots l on l.id = i.last_seen
    -- The figures are the item's own (migration 0200): the default order reads the first page
    -- straight from the items_by_priority index.
    where ${sql.join(filters, sql` and `)}
    order by ${key} ${sql.raw(sort.descending ? "desc" : "asc")}, i.fingerprint
    limit ${query.limit + 1}`.execute(store.db);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: `${projectId}.${r.fingerprint}`,
      fingerprint: r.fingerprint,
      rule: r.rule,
      category: r.category,
      path: r.path,
      symbol: r.symbol,
      message: r.message,
      state: r.state,
      owner: r.owner,
      note: r.note,
      dueDate: r.due_date,
      class: r.class,
      priority: r.priority,
      principal: r.principal,
      interest: r.interest,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      fixedIn: r.fixed_in,
    })),
    next:
      rows.length > query.limit && last
        ? {
            key: sort.numeric ? Number(last.sort_key) : String(last.sort_key),
            fingerprint: last.fingerprint,
          }
        : null,
  };
}

export async function itemExists(
  store: Store,
  projectId: number,
  fingerprint: string,
): Promise<boolean> {
  const { rows } = await sql<{ one: number }>`
    select 1 as one from items where project_id = ${projectId} and fingerprint = ${fingerprint}`.execute(
    store.db,
  );
  return rows.length > 0;
}
