import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runAudit } from "../src/audit/index.ts";
import { loadConfig } from "../src/config/index.ts";
import { ruleCatalogue } from "../src/rules/index.ts";

/**
 * debtlens audits itself (STYLE practice 2): every one of its own files parses, no rule crashes
 * on them, and its register has no critical item. A failure here is either a bug in a rule or
 * debt we just added.
 */
describe("debtlens on its own repository", () => {
  it("parses everything, crashes nowhere and has no critical debt", async () => {
    const root = join(import.meta.dirname, "..");
    // Our own configuration (its layers included), without the cache and history.
    const { config } = loadConfig(root, undefined, ruleCatalogue);
    const report = await runAudit({
      root,
      config: {
        ...config,
        cache: { enabled: false },
        history: { ...config.history, enabled: false },
      },
      offline: true,
    });
    // Each folder is one layer (debtlens.config.json lists them top to bottom) and no folder
    // imports one above it. Tests drive the whole program, so they may import any layer.
    const isTest = (path = "") => /\.test\.ts$|\/test\/|^test\//.test(path);
    expect(config.architecture.layers.length).toBeGreaterThan(5);
    expect(
      report.items
        .filter((i) => i.rule === "architecture/boundary-violation" && !isTest(i.path))
        .map((i) => i.message),
    ).toEqual([]);
    expect(report.items.filter((i) => i.rule === "architecture/import-cycle")).toEqual([]);
    // Our own triage file, which every audit applies: each decision must still match an item,
    // and none may wave through a credential.
    expect(report.triage?.stale ?? []).toEqual([]);
    expect(report.triage?.items.map((i) => i.rule)).not.toContain("security/hardcoded-secret");
    expect(report.errors).toEqual([]);
    expect(report.items.filter((i) => i.rule === "quality/parse-error")).toEqual([]);
    expect(
      report.items
        .filter((i) => i.scores.class === "fix-now")
        .map((i) => `${i.rule} ${i.path}:${i.startLine}`),
    ).toEqual([]);
    // No secret-shaped string anywhere in the repository, docs and fixtures included: examples
    // must not look like real credentials (a push-protection scanner cannot tell them apart).
    expect(
      report.items
        .filter((i) => i.category === "security")
        .map((i) => `${i.rule} ${i.path}:${i.startLine}`),
    ).toEqual([]);
    expect(report.summary.files).toBeGreaterThan(100);
    expect(["A", "B"]).toContain(report.summary.rating);
  });
});
