import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main, type Io } from "../cli/main.ts";
import { ruleCatalogue } from "../rules/index.ts";
import { ConfigError, validateConfig } from "./load.ts";

/** The keys every reporter trusts: `scoring.currency` (money in every format) and `reports.docsBaseUrl` (links readers click). */
const problemOf = (raw: unknown): string | undefined => {
  try {
    validateConfig(raw, "debtlens.config.json", ruleCatalogue);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
};

describe("scoring.currency", () => {
  it("accepts ISO 4217 codes that Intl formats", () => {
    for (const currency of ["USD", "EUR", "CHF", "JPY", "GBP"])
      expect(problemOf({ scoring: { currency } }), currency).toBeUndefined();
  });

  it("rejects anything else, naming the key and not echoing the value", () => {
    for (const currency of ["EURO", "eur", "€", "", "US D", "<img src=x onerror=alert(1)>"]) {
      const problem = problemOf({ scoring: { currency } });
      expect(problem, JSON.stringify(currency)).toBe(
        "debtlens.config.json: scoring.currency: expected an ISO 4217 currency code in capitals, such as USD or EUR",
      );
    }
    // well formed, but no currency Intl knows: it would print "XYZ 1,000" as if it were one
    expect(problemOf({ scoring: { currency: "XYZ" } })).toBe(
      "debtlens.config.json: scoring.currency: not an ISO 4217 currency code this runtime knows (e.g. USD, EUR)",
    );
  });
});

describe("reports.docsBaseUrl", () => {
  it("accepts http: and https: addresses", () => {
    expect(problemOf({ reports: { docsBaseUrl: "https://docs.example.com/debtlens/" } })).toBe(
      undefined,
    );
    expect(problemOf({ reports: { docsBaseUrl: "http://intranet/docs" } })).toBeUndefined();
  });

  it("rejects every other scheme, naming the key", () => {
    for (const docsBaseUrl of [
      "javascript:alert(1)",
      "JavaScript://%0aalert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/",
      "ftp://example.com/",
      "not a url",
    ]) {
      expect(problemOf({ reports: { docsBaseUrl } }), docsBaseUrl).toBe(
        "debtlens.config.json: reports.docsBaseUrl: expected an http: or https: URL",
      );
    }
  });
});

describe("the CLI with an invalid currency or docs address", () => {
  const folder = mkdtempSync(join(tmpdir(), "debtlens-report-keys-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const run = async (config: object) => {
    writeFileSync(join(folder, "debtlens.config.json"), JSON.stringify(config));
    let stdout = "";
    let stderr = "";
    const io: Io = {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      columns: 120,
    };
    const code = await main(["node", "debtlens", "audit", folder, "--format", "html"], io);
    return { code, stdout, stderr };
  };

  it("exits 2 with one line naming the key, before any report is written", async () => {
    const currency = await run({ scoring: { currency: "EURO" } });
    expect(currency.code).toBe(2);
    expect(currency.stdout).toBe("");
    expect(currency.stderr).toMatch(/^debtlens: .*debtlens\.config\.json: scoring\.currency: /);
    expect(currency.stderr.trim().split("\n")).toHaveLength(1);

    const docs = await run({ reports: { docsBaseUrl: "javascript:alert(1)" } });
    expect(docs.code).toBe(2);
    expect(docs.stdout).toBe("");
    expect(docs.stderr).toContain("reports.docsBaseUrl: expected an http: or https: URL");
    expect(docs.stderr).not.toContain("alert");
  });
});
