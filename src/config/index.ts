export {
  configSchema,
  scoringSchema,
  ruleSettingSchema,
  configJsonSchema,
  teamSchema,
  DEFAULT_HOURS_PER_YEAR,
  ASSUMED_TEAM_SIZE,
} from "./schema.ts";
export type {
  Config,
  ConfigInput,
  ScoringConfig,
  RuleSetting,
  GateConfig,
  TeamConfig,
} from "./schema.ts";
export {
  loadConfig,
  validateConfig,
  ConfigError,
  CONFIG_FILE_NAMES,
  type RuleOptionsCatalogue,
} from "./load.ts";
export { KPI_IDS, kpisSchema, type KpiId, type KpisConfig } from "./kpis.ts";
export { withFlags, configFlagsSchema, type ConfigFlags } from "./flags.ts";
