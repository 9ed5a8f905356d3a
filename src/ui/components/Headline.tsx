import type { ViewModel } from "../../report/view-model.ts";
import { CLASS_LABELS, CLASSES, money, percent } from "../format.ts";

/** The scopes the headline does not count, each with its own totals (docs/scopes.md). */
function OtherScopes({ data }: { data: ViewModel }) {
  const counted = new Set<string>(data.summary.scopes ?? ["production"]);
  const others = Object.entries(data.summary.byScope ?? {}).filter(
    ([scope, t]) => !counted.has(scope) && t.items > 0,
  );
  if (others.length === 0) return null;
  return (
    <p class="hint other-scopes" data-other-scopes>
      Not counted above ({[...counted].join(", ")} only):{" "}
      {others.map(([scope, t], k) => (
        <span key={scope} data-scope={scope}>
          {k ? " · " : ""}
          {scope} {t.items} items, {money(t.principal, data.currency)} principal,{" "}
          {money(t.interest, data.currency)}/yr
        </span>
      ))}
    </p>
  );
}

export function Headline({ data }: { data: ViewModel }) {
  const { summary, currency } = data;
  return (
    <section class="headline" id="headline">
      <div class="figure">
        <span class="label">Principal</span>
        <strong data-figure="principal">{money(summary.principal, currency)}</strong>
        <span class="hint">
          to fix everything, at {money(data.hourlyCost, currency)}/hour
          {summary.range && (
            <span data-range="principal">
              {" "}
              ({money(summary.range.principal.low, currency)}-
              {money(summary.range.principal.high, currency)})
            </span>
          )}
        </span>
      </div>
      <div class="figure">
        <span class="label">Interest</span>
        <strong data-figure="interest">{money(summary.interest, currency)}/yr</strong>
        <span class="hint">
          what carrying it costs each year
          {summary.range && (
            <span data-range="interest">
              {" "}
              ({money(summary.range.interest.low, currency)}-
              {money(summary.range.interest.high, currency)})
            </span>
          )}
        </span>
      </div>
      <div class="figure">
        <span class="label">Debt ratio</span>
        <strong data-figure="ratio">
          {percent(summary.debtRatio)}{" "}
          <span class={`rating rating-${summary.rating}`}>{summary.rating}</span>
        </strong>
        <span class="hint">
          {summary.linesOfCode.toLocaleString("en-US")} lines of code in {summary.files} files
        </span>
      </div>
      <div class="figure">
        <span class="label">Items by priority</span>
        <div class="classes">
          {CLASSES.map((c) => (
            <span key={c} class={`pill class-${c}`} data-class-count={c}>
              {summary.byClass[c]} {CLASS_LABELS[c]}
            </span>
          ))}
        </div>
        <span class="hint">{summary.items} debt items in all</span>
      </div>
      <OtherScopes data={data} />
    </section>
  );
}
