/**
 * Service-level objectives (SPEC section 1 step 6): OpenSLO v1 and Sloth specs read into one
 * model, Prometheus recording and multi-window multi-burn-rate alerting rules, Alertmanager
 * routing for the P0-P3 escalation policy, live error budgets from the Prometheus HTTP API, and
 * SLO debt: a burning SLO as a Performance item at the handler that serves its route.
 *
 * API: `readSloSpecs(files)` -> `Slo[]` (throws `InputError`s naming file, line and field);
 * `formatRuleFile(slos)`; `formatAlertmanagerConfig(slos, options)` with `parseMaintenance`;
 * `sloStatus(slos, prometheusClient(url), atMs)` -> `SloStatus[]`, `formatStatusTable`;
 * `findRouteHandlers(files, read)` (src/frameworks) + `withSloDebt(report, statuses, options)` -> the report with
 * SLO debt. The alert math is `burnWindows` in windows.ts (docs/slo.md).
 */
export type { Slo, Priority } from "./model.ts";
export { readSloSpecs, type SpecFile } from "./spec.ts";
export { formatRuleFile } from "./rules.ts";
export { formatAlertmanagerConfig, parseMaintenance } from "./alertmanager.ts";
export { sloStatus, prometheusClient, formatStatusTable, type SloStatus } from "./status.ts";
export { withSloDebt, SLO_DEBT_DEFAULTS } from "./debt.ts";
