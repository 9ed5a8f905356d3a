import { METRICS_LIBRARIES } from "../../frameworks/index.ts";
import { observabilityRule } from "./observability.ts";

export const noMetrics = observabilityRule({
  id: "infrastructure/no-metrics",
  what: "metrics",
  libraries: METRICS_LIBRARIES,
  remediationMinutes: 480,
  description:
    "A service with no metrics library (prom-client, OpenTelemetry metrics, StatsD, Datadog, an APM agent).",
  rationale:
    "Without request rates, latencies and error counts nobody sees saturation coming, SLOs cannot be measured and capacity is planned by guesswork.",
  message:
    "This service uses no metrics library (prom-client, OpenTelemetry metrics, StatsD/hot-shots, Datadog, New Relic, Elastic APM): request rate, latency and errors are invisible, so SLOs cannot be measured. Expose RED metrics with prom-client or OpenTelemetry.",
});
