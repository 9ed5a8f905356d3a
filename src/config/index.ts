export { configSchema, scoringSchema, ruleSettingSchema, configJsonSchema } from "./schema.ts";
export type { Config, ConfigInput, ScoringConfig, RuleSetting, GateConfig } from "./schema.ts";
export {
  loadConfig,
  validateConfig,
  ConfigError,
  CONFIG_FILE_NAMES,
  type RuleOptionsCatalogue,
} from "./load.ts";
export { KPI_IDS, kpisSchema, type KpiId, type KpisConfig } from "./kpis.ts";
export { withFlags, configFlagsSchema, type ConfigFlags } from "./flags.ts";
