/** An amount as the reports print it: the currency's symbol, whole units, thousands separated. */
export function money(value: number, currency: string): string {
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency,
    maximumFractionDigits: 0,
  }).format(value);
}

/** A ratio as the reports print it (the debt ratio): a percentage with one decimal. */
export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}
