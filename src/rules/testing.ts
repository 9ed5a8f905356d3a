import {
  analyzeFile,
  analyzeRepository,
  summaryOf,
  type ActiveRule,
  type Rule,
} from "../engine/index.ts";
import type { Finding } from "../findings/index.ts";

/** Activates a rule with its default options merged with `options`, as the audit would. */
export function activeRule(rule: Rule<unknown>, options: Record<string, unknown> = {}): ActiveRule {
  return {
    rule,
    severity: rule.severity,
    severityConfigured: false,
    options: rule.options.parse(options),
  };
}

/**
 * Runs one rule over in-memory files (path -> source) through the real engine: the same parse,
 * traversal, fingerprinting and repository stage an audit uses. For rule tests only.
 */
export function runRule(
  rule: Rule<unknown>,
  files: Record<string, string> | string,
  options: Record<string, unknown> = {},
): Finding[] {
  const sources = typeof files === "string" ? { "src/example.ts": files } : files;
  const active = [activeRule(rule, options)];
  const results = Object.entries(sources).map(([path, text]) =>
    analyzeFile(path, Buffer.from(text), "test", active),
  );
  for (const r of results)
    if (r.errors.length) throw new Error(r.errors.map((e) => `${e.rule}: ${e.message}`).join("; "));
  const repository = analyzeRepository(
    results.filter((r) => !r.skip).map(summaryOf),
    Object.keys(sources),
    active,
  );
  if (repository.errors.length) throw new Error(repository.errors.map((e) => e.message).join("; "));
  return [...results.flatMap((r) => r.findings), ...repository.findings];
}

/** The facts a rule stored for one file (e.g. per-function metrics). */
export function factsOf<T>(
  rule: Rule<unknown>,
  source: string,
  path = "src/example.ts",
  options: Record<string, unknown> = {},
): T {
  const result = analyzeFile(path, Buffer.from(source), "test", [activeRule(rule, options)]);
  return result.facts[rule.id] as T;
}
