import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configSchema } from "../config/index.ts";
import type { ActiveRule } from "../engine/index.ts";
import type { Finding } from "../findings/index.ts";
import { MANIFEST_FACT, RULES } from "../rules/index.ts";
import { runAudit, type AuditEvent } from "./index.ts";
import { planAudit } from "./plan.ts";
import { discoverStage, scopeStage } from "./stages/discover.ts";
import { analyseFilesStage } from "./stages/files.ts";
import { riskBumpsFrom } from "./stages/history.ts";
import { gatherExternalInputs } from "./stages/inputs.ts";

const fixture = join(import.meta.dirname, "fixtures", "shop");
const folders: string[] = [];
function copyOfFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), "debtlens-stages-"));
  folders.push(dir);
  cpSync(fixture, dir, { recursive: true });
  return dir;
}
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const config = (input: object = {}) => configSchema.parse(input);

describe("the audit's stages", () => {
  it("plan: the active rules plus the collectors, and a cache key that follows the options", () => {
    const root = copyOfFixture();
    const plan = planAudit({ root, config: config() });
    expect(plan.rules.map((r) => r.rule.id)).toEqual(
      expect.arrayContaining(["graph/imports", MANIFEST_FACT]),
    );
    expect(plan.rules).toHaveLength(RULES.length + 2);
    const off = planAudit({ root, config: config({ rules: { "quality/long-function": "off" } }) });
    expect(off.rules).toHaveLength(RULES.length + 1);
    expect(off.namespace).not.toBe(plan.namespace);
  });

  it("plan: a collector runs while one rule that uses it is on, whatever else is off", () => {
    const root = copyOfFixture();
    const readers = RULES.filter((r) => r.uses?.includes(MANIFEST_FACT)).map((r) => r.id);
    expect(readers.length).toBeGreaterThan(5);
    const active = (rules: Record<string, string>) =>
      planAudit({ root, config: config({ rules }) }).rules.map((r) => r.rule.id);
    const everyOtherOff = Object.fromEntries(
      RULES.filter((r) => r.id !== readers[0]).map((r) => [r.id, "off"]),
    );
    expect(active(everyOtherOff)).toEqual([readers[0], "graph/imports", MANIFEST_FACT]);
    const readersOff = Object.fromEntries(readers.map((id) => [id, "off"]));
    expect(active(readersOff)).not.toContain(MANIFEST_FACT);
    expect(active({ ...readersOff, [MANIFEST_FACT]: "off", [readers[0]!]: "low" })).toContain(
      MANIFEST_FACT,
    );
  });

  it("discover then files: the second run serves every file from the cache", async () => {
    const plan = planAudit({ root: copyOfFixture(), config: config() });
    const discovery = discoverStage(plan);
    expect(discovery.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(["package.json", "src/orders/pricing.js", "src/users/report.js"]),
    );
    const first = await analyseFilesStage(plan, discovery.files, scopeStage(plan, discovery));
    expect(first.parsed).toBe(discovery.files.length);
    const second = await analyseFilesStage(plan, discovery.files, scopeStage(plan, discovery));
    expect(second.parsed).toBe(0);
    expect(second.repositoryKey).toBe(first.repositoryKey);
    expect(second.analysed.flatMap((r) => r.findings)).toEqual(
      first.analysed.flatMap((r) => r.findings),
    );
  });

  it("inputs: nothing is gathered for rules that declared nothing", async () => {
    const plan = planAudit({
      root: copyOfFixture(),
      config: config({
        rules: {
          "security/vulnerable-dependency": "off",
          "quality/outdated-dependency": "off",
        },
      }),
      offline: true,
    });
    const gathered = await gatherExternalInputs(plan, [], []);
    expect(gathered).toEqual({ external: {}, notes: [] });
  });

  it("risk bumps come from what rules declare, never from their names", () => {
    const rule = (id: string, riskBump?: ActiveRule["rule"]["riskBump"]) =>
      ({
        rule: { ...RULES[0]!, id, ...(riskBump ? { riskBump } : {}) },
        severity: "low",
        severityConfigured: false,
        options: {},
      }) as ActiveRule;
    const finding = (rule: string, path?: string, places?: string[]): Finding =>
      ({
        rule,
        ...(path ? { path } : {}),
        ...(places ? { places: places.map((p) => ({ path: p, startLine: 1, endLine: 1 })) } : {}),
      }) as Finding;
    const bumps = riskBumpsFrom(
      [
        finding("x/hot", "a.ts"),
        finding("x/silo", "ignored.ts", ["b.ts", "c.ts"]),
        finding("x/untested"), // about the whole repository: every code file
        finding("x/plain", "d.ts"),
      ],
      [
        rule("x/hot", { bump: "hotspot", on: "path" }),
        rule("x/silo", { bump: "silo", on: "places" }),
        rule("x/untested", { bump: "untested", on: "path" }),
        rule("x/plain"),
      ],
      ["a.ts", "z.ts"],
    );
    expect(Object.fromEntries(bumps)).toEqual({
      "a.ts": { hotspot: true, untested: true },
      "b.ts": { silo: true },
      "c.ts": { silo: true },
      "z.ts": { untested: true },
    });
  });

  it("runAudit tells each stage's start and end, in order, and times them", async () => {
    const events: AuditEvent[] = [];
    const report = await runAudit({
      root: copyOfFixture(),
      config: config(),
      onEvent: (e) => events.push(e),
    });
    const edges = events.filter((e) => e.state !== "progress").map((e) => `${e.stage}:${e.state}`);
    expect(edges).toEqual([
      "discover:start",
      "discover:end",
      "files:start",
      "files:end",
      "inputs:start",
      "inputs:end",
      "repository:start",
      "repository:end",
      "register:start",
      "register:end",
      "report:start",
      "report:end",
    ]);
    expect(events.some((e) => e.state === "progress" && e.done === e.total)).toBe(true);
    expect(Object.keys(report.run.phases ?? {})).toEqual([
      "discover",
      "files",
      "inputs",
      "repository",
      "register",
      "report",
    ]);
  });

  it("turning a rule off leaves the report's shape alone", async () => {
    const root = copyOfFixture();
    const shape = (value: unknown): unknown =>
      Array.isArray(value)
        ? "array"
        : value && typeof value === "object"
          ? Object.fromEntries(Object.keys(value).map((k) => [k, shape((value as never)[k])]))
          : typeof value;
    const on = await runAudit({ root, config: config({ cache: { enabled: false } }) });
    const off = await runAudit({
      root,
      config: config({
        cache: { enabled: false },
        rules: { "quality/duplicated-code": "off", "quality/untested-module": "off" },
      }),
    });
    const top = (r: object) => Object.keys(shape(r) as Record<string, unknown>).sort();
    expect(top(off)).toEqual(top(on));
    expect(shape(off.summary)).toEqual(shape(on.summary));
    expect(off.summary.duplicatedLines).toBe(0);
    expect(on.summary.duplicatedLines).toBeGreaterThan(0);
  });
});
