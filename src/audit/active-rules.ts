import type { Config } from "../config/index.ts";
import type { ActiveRule } from "../engine/index.ts";
import { RULES, ruleById } from "../rules/index.ts";

/** What a worker needs to rebuild the active rules: plain data, no functions. */
export interface RuleSelection {
  id: string;
  severity: ActiveRule["severity"];
  severityConfigured: boolean;
  options: unknown;
}

export function selectRules(config: Config): RuleSelection[] {
  const selection: RuleSelection[] = [];
  for (const rule of RULES) {
    const setting = config.rules[rule.id];
    if (setting === "off") continue;
    if (typeof setting === "object" && setting.enabled === false) continue;
    const severity =
      typeof setting === "string"
        ? setting
        : typeof setting === "object"
          ? setting.severity
          : undefined;
    const rawOptions = typeof setting === "object" ? (setting.options ?? {}) : {};
    selection.push({
      id: rule.id,
      severity: severity ?? rule.severity,
      severityConfigured: severity !== undefined,
      options: rule.options.parse(rawOptions),
    });
  }
  return selection;
}

export function activate(selection: readonly RuleSelection[]): ActiveRule[] {
  return selection.map((s) => ({
    rule: ruleById(s.id)!,
    severity: s.severity,
    severityConfigured: s.severityConfigured,
    options: s.options,
  }));
}
