import { describe, expect, it } from "vitest";
import { configSchema } from "./schema.ts";
import { withFlags } from "./flags.ts";

describe("withFlags", () => {
  const base = configSchema.parse({ workers: 2 });
  const frozen = JSON.stringify(base);

  it("applies --no-cache, --no-history, --since and --workers without editing the loaded configuration", () => {
    const merged = withFlags(base, {
      cache: false,
      history: false,
      since: "2024-01-31",
      workers: "0" as unknown as number,
    });
    expect(merged.cache.enabled).toBe(false);
    expect(merged.history.enabled).toBe(false);
    expect(merged.history.since).toBe("2024-01-31");
    expect(merged.workers).toBe(0);
    expect(JSON.stringify(base)).toBe(frozen);
  });

  it("leaves the configuration as it is when no flag says otherwise (commander's defaults are true)", () => {
    expect(withFlags(base, { cache: true, history: true })).toEqual(base);
  });

  it("sets the counted scopes with --scope, and refuses an unknown scope naming it", () => {
    expect(base.reports.scopes).toEqual(["production"]);
    expect(withFlags(base, { scope: "production, test" }).reports.scopes).toEqual([
      "production",
      "test",
    ]);
    expect(() => withFlags(base, { scope: "production,tests" })).toThrow(
      /--scope: expected scopes among production, test, docs, .*got "production,tests"/,
    );
  });

  it("names the flag and the value it refuses", () => {
    expect(() => withFlags(base, { since: "last tuesday" })).toThrow(
      /--since: expected a date such as 2024-01-31, got "last tuesday"/,
    );
    expect(() => withFlags(base, { workers: "-1" as unknown as number })).toThrow(/--workers/);
  });
});
