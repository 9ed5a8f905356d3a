/**
 * An amount as the reports print it: the currency's symbol, whole units, thousands separated.
 * The configuration accepts only ISO 4217 codes; a report read from elsewhere may carry anything,
 * and a reporter must not throw on it (Intl's RangeError left the HTML report blank), so an
 * unknown code prints the amount with the generic currency sign instead.
 */
export function money(value: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      maximumFractionDigits: 0,
    }).format(value);
  } catch {
    return `¤${new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 }).format(value)}`;
  }
}

/** A ratio as the reports print it (the debt ratio): a percentage with one decimal. */
export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}
