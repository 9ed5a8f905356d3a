import { describe, expect, it } from "vitest";
import { validateConfig } from "./load.ts";

const noRules = { get: () => undefined, ids: () => [][Symbol.iterator]() };

describe("the scopes configuration", () => {
  it("takes globs per scope and the counted scopes", () => {
    const config = validateConfig(
      {
        scopes: { test: ["qa/**"], vendored: ["public/lib/**"] },
        reports: { scopes: ["production", "docs"] },
      },
      "debtlens.config.json",
      noRules,
    );
    expect(config.scopes).toEqual({ test: ["qa/**"], vendored: ["public/lib/**"] });
    expect(config.reports.scopes).toEqual(["production", "docs"]);
  });

  it("names an unknown scope, a bad glob and a glob too complex to match safely", () => {
    const load = (raw: unknown) => () => validateConfig(raw, "debtlens.config.json", noRules);
    expect(load({ scopes: { tests: ["qa/**"] } })).toThrow(/scopes.*tests/);
    expect(load({ scopes: { docs: ["site/**["] } })).toThrow(/scopes\.docs\.0: invalid glob/);
    expect(load({ scopes: { test: ["*a*a*a*b"] } })).toThrow(/scopes\.test\.0: glob too complex/);
    expect(load({ reports: { scopes: ["everything"] } })).toThrow(/reports\.scopes/);
  });
});
