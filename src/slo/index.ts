/**
 * Service-level objectives (SPEC section 1 step 6): OpenSLO v1 and Sloth specs read into one
 * model, Prometheus recording and multi-window multi-burn-rate alerting rules, Alertmanager
 * routing for the P0-P3 escalation policy, live error budgets from the Prometheus HTTP API, and
 * SLO debt: a burning SLO as a Performance item at the handler that serves its route.
 */
export * from "./model.ts";
export { readSloSpecs, SloSpecError, type SpecFile } from "./spec.ts";
export {
  burnWindows,
  parseDuration,
  formatDuration,
  calendarPeriodStart,
  type BurnWindow,
} from "./windows.ts";
export { ruleGroups, formatRuleFile, errorRatioSeries, BURN_ALERT, POLICY_ALERT } from "./rules.ts";
export {
  alertmanagerConfig,
  formatAlertmanagerConfig,
  parseMaintenance,
  ESCALATION,
  type AlertmanagerOptions,
  type MaintenanceWindow,
} from "./alertmanager.ts";
export {
  sloStatus,
  prometheusClient,
  formatStatusTable,
  type SloStatus,
  type BurnRate,
  type PromQuery,
  type Sample,
} from "./status.ts";
export { errorRatioExpr } from "./promql.ts";
export { withSloDebt, SLO_DEBT_RULE, SLO_DEBT_DEFAULTS, type SloDebtOptions } from "./debt.ts";
export {
  findRouteHandlers,
  handlersForRoute,
  normaliseRoute,
  type RouteHandler,
  type ReadSource,
} from "./routes.ts";
