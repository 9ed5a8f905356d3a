/**
 * Rows of text in aligned columns, two spaces apart, no trailing blanks: the terminal tables of
 * `trend`, `items`, `plan`, `kpis` and `slo status`. `right(column)` right-aligns a column of
 * figures.
 */
export function textTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  right: (column: number) => boolean = () => false,
): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
