/**
 * The HTML register's sums, shared by the UI bundle and the tests (no imports: the bundle stays
 * small). Summed to the cent as the register's `summarise` does, so that with the default filter
 * (the counted scopes) the register's total is the headline's to the cent.
 */
export interface SummedRow {
  pr: number;
  int: number;
  /** Scope; absent: production. */
  sc?: string;
}

export function rowScope(row: Pick<SummedRow, "sc">): string {
  return row.sc ?? "production";
}

/** Whether a row passes the scope filter: "" the counted scopes, "*" every scope, else that one. */
export function inScopeFilter(
  row: Pick<SummedRow, "sc">,
  filter: string,
  counted: readonly string[],
): boolean {
  if (filter === "*") return true;
  return filter ? rowScope(row) === filter : counted.includes(rowScope(row));
}

const cents = (n: number) => Math.round(n * 100) / 100;

export function rowTotals(rows: readonly SummedRow[]): { pr: number; int: number } {
  let pr = 0;
  let int = 0;
  for (const row of rows) {
    pr += row.pr;
    int += row.int;
  }
  return { pr: cents(pr), int: cents(int) };
}
