import type { ViewModel } from "../../report/view-model.ts";

const STATUS_TEXT = { pass: "pass", fail: "fail", unknown: "not checked" } as const;

/** The readiness scorecard (SPEC section 2): steps, their checks, the items behind each failure. */
export function Scorecard({
  data,
  onShowItems,
}: {
  data: ViewModel;
  onShowItems: (ids: string[], title: string) => void;
}) {
  const { readiness } = data;
  return (
    <section class="section" id="readiness">
      <h2>
        Readiness: level {readiness.level} of 5
        <span class="subtitle">
          {readiness.level === 0
            ? "step 1 (Cleanse) is not complete yet"
            : `steps 1 to ${readiness.level} complete`}
        </span>
      </h2>
      <div class="steps">
        {readiness.steps.map((step) => (
          <div key={step.step} class={`step status-${step.status}`} data-step={step.name}>
            <h3>
              {step.step}. {step.name}{" "}
              <span class={`badge status-${step.status}`}>{STATUS_TEXT[step.status]}</span>
            </h3>
            <p class="goal">{step.goal}</p>
            <ul>
              {step.checks.map((check) => (
                <li key={check.id} class={`check status-${check.status}`} data-check={check.id}>
                  <span
                    class={`dot status-${check.status}`}
                    aria-label={STATUS_TEXT[check.status]}
                  />
                  <span class="check-title">{check.title}</span>
                  <span class="reason">{check.reason}</span>
                  {check.items.length > 0 && (
                    <button
                      type="button"
                      class="link"
                      onClick={() => onShowItems(check.items, check.title)}
                    >
                      show {check.items.length} item{check.items.length === 1 ? "" : "s"}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
