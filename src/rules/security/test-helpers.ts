import type { Rule } from "../../engine/index.ts";
import { runRule } from "../testing.ts";

/** `path:start-end` of each finding of `rule` on one file (or a file map). */
export function at(
  rule: unknown,
  source: string | Record<string, string>,
  path = "src/app.ts",
): string[] {
  const files = typeof source === "string" ? { [path]: source } : source;
  return runRule(rule as Rule<unknown>, files).map((f) => `${f.path}:${f.startLine}-${f.endLine}`);
}
