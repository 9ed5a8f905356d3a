/**
 * A number as `toLocaleString("en-US")` writes it (thousands separated by commas, at most three
 * decimals), without ICU: the first locale-aware format of a process costs 13 ms (ICU's number
 * data loads), which a JSON report need not pay for one sentence in its notes.
 */
export function withThousands(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  const [whole = "0", fraction] = String(Math.abs(rounded)).split(".");
  let grouped = "";
  for (let end = whole.length; end > 0; end -= 3)
    grouped = whole.slice(Math.max(0, end - 3), end) + (grouped ? `,${grouped}` : "");
  return `${rounded < 0 ? "-" : ""}${grouped}${fraction ? `.${fraction}` : ""}`;
}
