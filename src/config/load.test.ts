import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, type RuleOptionsCatalogue } from "./load.ts";

/** No rules: these tests are about the file, not rule options. */
const noRules: RuleOptionsCatalogue = { get: () => undefined, ids: () => [] };

const folders: string[] = [];
function repoWith(config: string): string {
  const root = mkdtempSync(join(tmpdir(), "debtlens-config-"));
  folders.push(root);
  writeFileSync(join(root, "debtlens.config.json"), config);
  return root;
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe("debtlens.config.json with comments (what `debtlens init` writes)", () => {
  it("reads line and block comments as tsconfig.json allows them", () => {
    const root = repoWith(
      [
        "{",
        "  // what one engineer-hour costs the company",
        '  "scoring": { "hourlyCost": 120 /* dollars */ },',
        '  "exclude": ["docs/**"] // not our product',
        "}",
      ].join("\n"),
    );
    const { config } = loadConfig(root, undefined, noRules);
    expect(config.scoring.hourlyCost).toBe(120);
    expect(config.exclude).toContain("docs/**");
  });

  it("a syntax error after a comment still names its own line", () => {
    const root = repoWith(
      ["{", "  // a comment", '  "scoring": { "hourlyCost": 120,, }', "}"].join("\n"),
    );
    expect(() => loadConfig(root, undefined, noRules)).toThrow(ConfigError);
    expect(() => loadConfig(root, undefined, noRules)).toThrow(/line 3/);
  });

  it("a comment marker inside a string is text, not a comment", () => {
    const root = repoWith('{ "exclude": ["http://example.com/**"] }');
    expect(loadConfig(root, undefined, noRules).config.exclude).toContain("http://example.com/**");
  });
});
