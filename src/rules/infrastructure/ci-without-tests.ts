import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { ciFacts, ciState } from "./ci.ts";
import { applicability } from "./service.ts";

const id = "infrastructure/ci-without-tests";

export const ciWithoutTests = defineRule({
  id,
  category: "infrastructure",
  severity: "high",
  remediationMinutes: 120,
  description: "CI runs, but no CI configuration runs the tests.",
  rationale:
    "A pipeline that builds and deploys without running the tests gives confidence it has not earned: regressions pass the gate unseen.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    noTests:
      "{{system}} is configured ({{count}} file(s)) but no job runs the tests (npm test, vitest, jest, mocha, playwright... directly or through a package script): broken changes pass CI. Add a test step that runs on every pull request.",
  },
  ...ciFacts,
  analyze(ctx) {
    const app = applicability(ctx);
    if (!app.project) return;
    const ci = ciState(ctx, id, app.scripts);
    const first = ci.files[0];
    if (!first || ci.tests) return;
    ctx.report({
      messageId: "noTests",
      data: {
        system: [...new Set(ci.files.map((f) => f.fact.system))].join(", "),
        count: ci.files.length,
      },
      key: "ci-without-tests",
      path: first.path,
      startLine: 1,
      places: ci.files.map((f) => ({ path: f.path, startLine: 1, endLine: 1 })),
    });
  },
});
