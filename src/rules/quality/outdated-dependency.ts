import { z } from "zod";
import {
  type DependencyAssessment,
  dependencyFact,
  isDependencyFile,
} from "../../dependencies/index.ts";
import { defineRule } from "../../engine/index.ts";

const options = z.strictObject({
  /** Report a dependency this many major versions behind the latest release. */
  majorsBehind: z.number().int().min(1).default(1),
  /** Or this many years (libyear) behind it. */
  libyears: z.number().min(0).default(2),
  development: z.boolean().default(true),
});

export const OUTDATED_DEPENDENCY = "quality/outdated-dependency";

export const outdatedDependency = defineRule({
  id: OUTDATED_DEPENDENCY,
  inputs: ["registry"],
  category: "quality",
  severity: "low",
  remediationMinutes: 60,
  description:
    "Direct dependencies major versions or years (libyear) behind their latest release, and deprecated ones.",
  rationale:
    "Every release skipped makes the eventual upgrade bigger and riskier; deprecated packages get no security fixes at all.",
  version: 2,
  options,
  messages: {
    outdated:
      "{{name}} {{installed}} is {{majors}} major version(s) and {{libyear}} libyears behind {{latest}}. Upgrade it while the gap is small.",
    deprecated:
      '{{name}} {{installed}} is deprecated: "{{reason}}". Replace it: deprecated packages get no fixes.',
  },
  textFiles: isDependencyFile,
  checkText(ctx) {
    ctx.setFact(dependencyFact(ctx.path, ctx.text));
  },
  analyze(ctx) {
    const assessment = ctx.external?.[OUTDATED_DEPENDENCY] as DependencyAssessment | undefined;
    for (const pkg of assessment?.outdated ?? []) {
      if (pkg.scope === "development" && !ctx.options.development) continue;
      const line = pkg.line ?? 1;
      const at = { path: pkg.manifest, startLine: line, endLine: line, key: `package:${pkg.name}` };
      const evidence = {
        package: pkg.name,
        installed: pkg.installed,
        latest: pkg.latest,
        majorsBehind: pkg.majorsBehind,
        libyear: pkg.libyear,
        scope: pkg.scope,
      };
      if (pkg.deprecated) {
        ctx.report({
          messageId: "deprecated",
          data: { name: pkg.name, installed: pkg.installed, reason: pkg.deprecated.slice(0, 120) },
          ...at,
          severity: "medium",
          remediationMinutes: 240,
          evidence: { ...evidence, deprecated: true },
        });
      } else if (
        pkg.majorsBehind >= ctx.options.majorsBehind ||
        pkg.libyear >= ctx.options.libyears
      ) {
        ctx.report({
          messageId: "outdated",
          data: {
            name: pkg.name,
            installed: pkg.installed,
            latest: pkg.latest,
            majors: pkg.majorsBehind,
            libyear: pkg.libyear,
          },
          ...at,
          remediationMinutes: 60 * Math.max(1, pkg.majorsBehind),
          evidence,
        });
      }
    }
  },
});
