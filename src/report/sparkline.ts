const SPARKS = "▁▂▃▄▅▆▇█";

/** A series as a line of block characters, lowest value lowest block (CLI, KPIs, dashboard). */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return "";
  const low = Math.min(...values);
  const high = Math.max(...values);
  return values
    .map((v) =>
      high === low
        ? SPARKS[3]
        : SPARKS[Math.round(((v - low) / (high - low)) * (SPARKS.length - 1))],
    )
    .join("");
}
