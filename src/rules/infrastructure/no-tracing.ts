import { TRACING_LIBRARIES } from "../../frameworks/index.ts";
import { observabilityRule } from "./observability.ts";

export const noTracing = observabilityRule({
  id: "infrastructure/no-tracing",
  what: "tracing",
  libraries: TRACING_LIBRARIES,
  remediationMinutes: 480,
  description:
    "A service with no distributed tracing (OpenTelemetry tracing, dd-trace, Elastic APM, New Relic, X-Ray).",
  rationale:
    "Without traces a slow request cannot be followed across services, queues and databases: every latency incident starts with guessing which hop is slow.",
  message:
    "This service uses no tracing library (OpenTelemetry tracing, dd-trace, Elastic APM, New Relic, AWS X-Ray): a slow or failing request cannot be followed across hops. Add the OpenTelemetry Node SDK with auto-instrumentation.",
});
