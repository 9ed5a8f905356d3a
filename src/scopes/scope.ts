/**
 * Every audited file belongs to exactly one scope. The headline, totals, rating and gate count
 * the production scope by default (`--scope` and `reports.scopes` widen them); the other scopes'
 * totals are shown apart, so a vendored library, a documentation site or the tests do not
 * inflate the money of the product.
 */
export const SCOPES = [
  "production",
  "test",
  "docs",
  "tooling",
  "seed",
  "vendored",
  "generated",
  "locale",
] as const;
export type Scope = (typeof SCOPES)[number];

export const DEFAULT_COUNTED_SCOPES: readonly Scope[] = ["production"];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
