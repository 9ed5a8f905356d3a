import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { ciFacts, ciState, DEPENDENCY_BOT_FILE } from "./ci.ts";
import { applicability } from "./service.ts";

const id = "infrastructure/ci-without-security-scan";

export const ciWithoutSecurityScan = defineRule({
  id,
  category: "infrastructure",
  severity: "medium",
  remediationMinutes: 60,
  description: "CI runs, but nothing scans dependencies or code for vulnerabilities.",
  rationale:
    "New advisories appear every week against packages that did not change: without a scheduled or per-change scan a known-vulnerable dependency stays in production until it is exploited.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    noScan:
      "{{system}} is configured but nothing scans for vulnerabilities (npm audit, osv-scanner, Snyk, Trivy, CodeQL, Semgrep, gitleaks, Dependabot or Renovate): a vulnerable dependency stays unnoticed. Add a dependency scan to CI or enable Dependabot/Renovate.",
  },
  ...ciFacts,
  analyze(ctx) {
    const app = applicability(ctx);
    if (!app.project) return;
    const ci = ciState(ctx, id, app.scripts);
    const first = ci.files[0];
    if (!first || ci.scan) return;
    if (ctx.allPaths.some((p) => DEPENDENCY_BOT_FILE.test(p))) return;
    if (app.manifests.some((m) => m.fact.renovate)) return;
    ctx.report({
      messageId: "noScan",
      data: { system: [...new Set(ci.files.map((f) => f.fact.system))].join(", ") },
      key: "ci-without-security-scan",
      path: first.path,
      startLine: 1,
      places: ci.files.map((f) => ({ path: f.path, startLine: 1, endLine: 1 })),
    });
  },
});
