/**
 * The report's strings come from the audited repository and are hostile: a file may be named
 * `<img src=x onerror=...>.js`. Preact sets text and attributes safely; the two places it cannot
 * help are ECharts tooltips (a formatter's string becomes innerHTML) and link addresses.
 */

/**
 * Tooltip content as DOM nodes whose text is set with textContent. ECharts writes a string that a
 * formatter returns into innerHTML, but appends an element as it is: nothing is parsed as HTML.
 */
export function tooltipContent(title: string, lines: readonly string[] = []): HTMLElement {
  const box = document.createElement("div");
  box.className = "tip";
  const head = document.createElement("div");
  head.className = "tip-title";
  head.textContent = title;
  box.append(head);
  for (const line of lines) {
    const row = document.createElement("div");
    row.textContent = line;
    box.append(row);
  }
  return box;
}

/**
 * A chart label: the name as it is. A label template such as "{b}" would expand `{c}` or `{@x}`
 * inside a file name into chart values (ECharts substitutes templates one after another), so
 * labels are functions; without a `rich` style, `{a|...}` is plain text.
 */
export const plainName = (params: { name: string }): string => params.name;

/** A link a reader may follow: http: or https: only, never javascript:, data: or file:. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { protocol } = new URL(url);
    return protocol === "http:" || protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}
