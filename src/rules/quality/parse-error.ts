import { z } from "zod";
import { defineRule } from "../../engine/index.ts";

/**
 * Reported by the engine itself when a file does not parse (the file gets no other finding);
 * registered as a rule so that it has metadata, docs and can be switched off like any other.
 */
export const parseError = defineRule({
  id: "quality/parse-error",
  category: "quality",
  severity: "medium",
  remediationMinutes: 15,
  description: "Source files that do not parse, so that no other rule could check them.",
  rationale: "Code that tools cannot read is code nobody can check: its debt is invisible.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    parse:
      "This file does not parse ({{error}}), so no other rule could check it. Fix the syntax or exclude the file.",
  },
});
