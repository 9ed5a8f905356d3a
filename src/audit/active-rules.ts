import type { Config } from "../config/index.ts";
import type { ActiveRule } from "../engine/index.ts";
import { MODULE_FACT } from "../graph/index.ts";
import { collectorsUsedBy, RULES, ruleById } from "../rules/index.ts";

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

/**
 * The selection with the collectors it needs: the module graph's always (the graph is built for
 * every audit), the others whenever a selected rule `uses` their facts, whatever the
 * configuration turned off. Collectors report nothing, so they never change the report's shape.
 */
export function withCollectors(selection: readonly RuleSelection[]): RuleSelection[] {
  const selected = new Set(selection.map((s) => s.id));
  const used = collectorsUsedBy(selection.map((s) => ruleById(s.id)!)).map((c) => c.id);
  const collectors = [...new Set([MODULE_FACT, ...used])].filter((id) => !selected.has(id));
  return [
    ...selection,
    ...collectors.map((id) => ({
      id,
      severity: "info" as const,
      severityConfigured: false,
      options: {},
    })),
  ];
}

export function activate(selection: readonly RuleSelection[]): ActiveRule[] {
  return selection.map((s) => ({
    rule: ruleById(s.id)!,
    severity: s.severity,
    severityConfigured: s.severityConfigured,
    options: s.options,
  }));
}
