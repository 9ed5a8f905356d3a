import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { isPackageJson, MANIFEST_FACT, readManifest } from "./manifest-fact.ts";

/**
 * The built-in collector of package.json facts: not a finding rule, but each manifest is read
 * here once per audit and its ManifestFact cached with the rules' facts; the rules that declare
 * `uses: [MANIFEST_FACT]` read it in `analyze`, and the audit runs this whenever one of them is on.
 */
export const manifests = defineRule({
  id: MANIFEST_FACT,
  category: "infrastructure",
  severity: "info",
  remediationMinutes: 0,
  description: "Collects each package.json's dependencies and scripts (reports nothing).",
  rationale: "Each manifest is parsed once per audit, and every rule that needs it reads the fact.",
  version: 1,
  options: z.strictObject({}),
  messages: {},
  textFiles: isPackageJson,
  checkText(ctx) {
    const fact = readManifest(ctx.text);
    if (fact) ctx.setFact(fact);
  },
});
