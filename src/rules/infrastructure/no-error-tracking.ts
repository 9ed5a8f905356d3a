import { ERROR_TRACKERS } from "../../frameworks/index.ts";
import { observabilityRule } from "./observability.ts";

export const noErrorTracking = observabilityRule({
  id: "infrastructure/no-error-tracking",
  what: "error-tracking",
  libraries: ERROR_TRACKERS,
  remediationMinutes: 240,
  description:
    "A service with no error tracking (Sentry, Bugsnag, Rollbar, Honeybadger, Datadog, New Relic).",
  rationale:
    "Without error tracking, exceptions in production are found by users: nobody is alerted, errors are not grouped, and their rate after a deploy is unknown.",
  message:
    "This service uses no error-tracking library (Sentry, Bugsnag, Rollbar, Honeybadger, Datadog, New Relic, Elastic APM): production exceptions reach users before they reach the team. Add one and report unhandled errors to it.",
});
