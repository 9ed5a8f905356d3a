import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { ciSystemOf } from "./ci.ts";
import { MANIFEST_FACT } from "../collectors/manifest-fact.ts";
import { applicability, placeAt } from "./service.ts";

const id = "infrastructure/no-ci";

export const noCi = defineRule({
  id,
  category: "infrastructure",
  severity: "high",
  remediationMinutes: 240,
  description: "The repository has no CI configuration.",
  rationale:
    "Without CI nothing checks a change before it ships: tests, linting and security scans run only when someone remembers, so regressions reach production.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    noCi: "No CI configuration was found (GitHub Actions, GitLab CI, CircleCI, Jenkins, Azure Pipelines, Bitbucket Pipelines...): no change is checked before it ships. Add a pipeline that installs, builds, tests and scans every pull request.",
  },
  uses: [MANIFEST_FACT],
  analyze(ctx) {
    const app = applicability(ctx);
    if (!app.project || ctx.allPaths.some((p) => ciSystemOf(p))) return;
    ctx.report({ messageId: "noCi", key: "no-ci", ...placeAt(app.root) });
  },
});
