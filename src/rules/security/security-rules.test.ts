import { describe, expect, it } from "vitest";
import { analyzeRepository, type ActiveRule, type Rule } from "../../engine/index.ts";
import { runRuleOnFile } from "../../secrets/test-helpers.ts";
import { hardcodedSecret } from "./hardcoded-secret.ts";
import { vulnerableDependency } from "./vulnerable-dependency.ts";
import type { DependencyAssessment } from "../../dependencies/index.ts";

const secret = hardcodedSecret as unknown as Rule<unknown>;
const j = (...parts: string[]) => parts.join("");
const pat = j("gh", "p_", "Zq4Rt7Yu1Io3Pa6Sd9Fg2Hj5Kl8Zx0Cv4Bn7");

describe("security/hardcoded-secret cases", () => {
  it("fires on a token in code with its line, redacted, never whole", () => {
    const [f, ...rest] = runRuleOnFile(
      secret,
      "src/a.ts",
      `const a = 1;\nconst token = "${pat}";\n`,
    );
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      startLine: 2,
      endLine: 2,
      severity: "critical",
      evidence: { format: "github-pat", redacted: "ghp_Zq************" },
    });
    expect(JSON.stringify(f)).not.toContain(pat);
  });
  it("fires on a token in a YAML file", () => {
    expect(
      runRuleOnFile(secret, ".github/workflows/ci.yml", `env:\n  GH: ${pat}\n`).map(
        (f) => f.startLine,
      ),
    ).toEqual([2]);
  });
  it("fires on a committed .env file, once for the file and once per secret", () => {
    const findings = runRuleOnFile(secret, ".env", `PORT=3000\nAPI_TOKEN=${pat}\n`);
    expect(findings.map((f) => f.evidence.format ?? "env-file").sort()).toEqual([
      "env-file",
      "github-pat",
    ]);
  });
  it("near miss: an inline allow comment on the line or the line before", () => {
    expect(
      runRuleOnFile(
        secret,
        "src/a.ts",
        `// debtlens-allow-secret: revoked\nconst token = "${pat}";\n`,
      ),
    ).toEqual([]);
  });
  it("near miss: a hash allow-listed in the configuration", () => {
    const [f] = runRuleOnFile(secret, "src/a.ts", `const token = "${pat}";\n`);
    expect(
      runRuleOnFile(secret, "src/a.ts", `const token = "${pat}";\n`, {
        allow: [`sha256:${String(f!.evidence.sha256)}`],
      }),
    ).toEqual([]);
  });
  it("near miss: an allow-listed path and a committed .env.example", () => {
    expect(
      runRuleOnFile(secret, "fixtures/keys.ts", `const token = "${pat}";\n`, {
        allowPaths: ["fixtures/**"],
      }),
    ).toEqual([]);
    expect(runRuleOnFile(secret, ".env.example", `PORT=3000\nAPI_TOKEN=\n`)).toEqual([]);
  });
});

function assessment(scope: "production" | "development"): DependencyAssessment {
  return {
    lockfiles: [],
    advisorySource: "folder",
    registry: "offline",
    outdated: [],
    libyear: 0,
    notes: [],
    vulnerable: [
      {
        name: "p",
        versions: ["1.0.0"],
        scope,
        lockfiles: ["package-lock.json"],
        severity: "critical",
        fixedIn: "1.0.1",
        advisories: [
          {
            id: "GHSA-a",
            aliases: ["CVE-1"],
            summary: "s",
            severity: "critical",
            score: 9.8,
            fixedIn: "1.0.1",
          },
        ],
      },
    ],
  };
}

function runVulnerable(a: DependencyAssessment, options: Record<string, unknown> = {}) {
  const rule = vulnerableDependency as unknown as Rule<unknown>;
  const active: ActiveRule = {
    rule,
    severity: rule.severity,
    severityConfigured: false,
    options: rule.options.parse(options),
  };
  return analyzeRepository([], [], [active], { external: { [rule.id]: a } }).findings;
}

describe("security/vulnerable-dependency cases", () => {
  it("fires once per package with its advisories and fix, at the advisory's severity", () => {
    const [f, ...rest] = runVulnerable(assessment("production"));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      path: "package-lock.json",
      severity: "critical",
      evidence: { package: "p", fixedIn: "1.0.1", advisories: "GHSA-a:critical:9.8" },
    });
  });
  it("a development-only vulnerability is reported apart, one severity lower", () => {
    const [f] = runVulnerable(assessment("development"));
    expect(f).toMatchObject({ severity: "high", evidence: { scope: "development" } });
    expect(f!.message).toMatch(/only development tooling/);
  });
  it("points at the package's lockfile entry and lists the manifest lines declaring it", () => {
    const a = assessment("production");
    Object.assign(a.vulnerable[0]!, {
      line: 120,
      declaredIn: [{ manifest: "apps/web/package.json", line: 14, range: "^1.0.0" }],
    });
    const [f] = runVulnerable(a);
    expect(f).toMatchObject({ path: "package-lock.json", startLine: 120, endLine: 120 });
    expect(f!.places).toEqual([
      { path: "package-lock.json", startLine: 120, endLine: 120 },
      { path: "apps/web/package.json", startLine: 14, endLine: 14 },
    ]);
  });
  it("without a lockfile, names the declared range it checked at its lowest version", () => {
    const a = assessment("production");
    Object.assign(a.vulnerable[0]!, {
      lockfiles: ["package.json"],
      line: 7,
      fromRanges: true,
      declaredIn: [{ manifest: "package.json", line: 7, range: "^1.0.0" }],
    });
    const [f] = runVulnerable(a);
    expect(f).toMatchObject({ path: "package.json", startLine: 7 });
    expect(f!.places).toBeUndefined();
    expect(f!.message).toMatch(
      /^p \^1\.0\.0 in package\.json \(production\) allows .*There is no lockfile, so the lowest version the range allows was checked/,
    );
  });
  it("near miss: an ignored advisory (by alias) and development switched off", () => {
    expect(runVulnerable(assessment("production"), { ignore: ["CVE-1"] })).toEqual([]);
    expect(runVulnerable(assessment("development"), { development: false })).toEqual([]);
  });
});

describe("the readiness scorecard counts every security rule", () => {
  it("lists each security rule of the catalogue in its 'no security items to fix now' check", async () => {
    const { READINESS_STEPS } = await import("../../report/index.ts");
    const { RULES } = await import("../index.ts");
    const check = READINESS_STEPS.flatMap((s) => s.checks).find(
      (c) => c.id === "no-critical-security",
    )!;
    const security = RULES.filter((r) => r.category === "security").map((r) => r.id);
    expect(security.filter((id) => !check.rules.includes(id))).toEqual([]);
  });
});
