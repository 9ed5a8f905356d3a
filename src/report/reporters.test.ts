import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv4 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { csvCell, formatCsv } from "./csv.ts";
import { escapeJsonForHtml, escapeScript, formatHtml } from "./html.ts";
import { formatMarkdown, MARKDOWN_LIMIT, type ChangeSummary } from "./markdown.ts";
import { readinessOf } from "./readiness.ts";
import { formatSarif, sarifLevel } from "./sarif.ts";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { viewModelOf } from "./view-model.ts";

const sarifSchema = JSON.parse(
  readFileSync(join(import.meta.dirname, "testdata", "sarif-2.1.0.schema.json"), "utf8"),
) as object;
const ajv = new Ajv4.default({ allErrors: true, strict: false });
addFormats.default(ajv);
const validateSarif = ajv.compile(sarifSchema);

describe("formatSarif", () => {
  it("validates against the OASIS SARIF 2.1.0 schema, with rule help, doc links and fingerprints", () => {
    const report = syntheticReport(40);
    const sarif = JSON.parse(formatSarif(report));
    const valid = validateSarif(sarif);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules).toHaveLength(report.rules.length);
    expect(run.tool.driver.rules[0].helpUri).toBe(
      "https://github.com/debtlens/debtlens/blob/main/docs/rules/security/synthetic-rule.md",
    );
    expect(run.results).toHaveLength(40);
    expect(run.results[3]).toMatchObject({
      ruleId: report.items[3]!.rule,
      level: sarifLevel(report.items[3]!.severity),
      partialFingerprints: { "debtlens/v1": report.items[3]!.fingerprint },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: report.items[3]!.path },
            region: { startLine: report.items[3]!.startLine },
          },
        },
      ],
    });
  });

  it("maps severities to levels and takes a docs base and a path prefix", () => {
    expect(
      ["critical", "high", "medium", "low", "info"].map((s) => sarifLevel(s as "info")),
    ).toEqual(["error", "error", "warning", "note", "note"]);
    const sarif = JSON.parse(
      formatSarif(syntheticReport(1), {
        docsBaseUrl: "https://docs.example.com/x/",
        pathPrefix: "packages/api/",
      }),
    );
    expect(sarif.runs[0].tool.driver.rules[0].helpUri).toBe(
      "https://docs.example.com/x/docs/rules/security/synthetic-rule.md",
    );
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      "packages/api/src/module-0/file-0.ts",
    );
  });
});

describe("formatSarif for items about the whole repository", () => {
  it("anchors them at the root package.json, else the first file, on line 1: code scanning needs a location", () => {
    const report = syntheticReport(3);
    const repositoryWide = { ...report.items[1]! };
    delete repositoryWide.path;
    delete repositoryWide.startLine;
    delete repositoryWide.endLine;
    report.items[1] = repositoryWide;
    const uriOf = (r: typeof report) =>
      JSON.parse(formatSarif(r)).runs[0].results.map(
        (x: {
          locations?: Array<{
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }>;
        }) =>
          x.locations?.map(
            (l) =>
              `${l.physicalLocation.artifactLocation.uri}:${l.physicalLocation.region.startLine}`,
          ),
      );
    // The synthetic report lists no files: nothing to anchor at, and no location at all.
    expect(uriOf(report)[1]).toBeUndefined();
    const file = { language: "ts", lines: 10, linesOfCode: 8, health: 9, findings: 1 };
    report.files.push({ ...file, path: "src/a.ts" });
    expect(uriOf(report)[1]).toEqual(["src/a.ts:1"]);
    report.files.push({ ...file, path: "package.json" });
    expect(uriOf(report)[1]).toEqual(["package.json:1"]);
    // Items with a place keep it.
    expect(uriOf(report)[0]).toEqual([`${report.items[0]!.path}:${report.items[0]!.startLine}`]);
    expect(validateSarif(JSON.parse(formatSarif(report)))).toBe(true);
  });
});

describe("formatCsv", () => {
  it("quotes as RFC 4180 says and keeps formulas inert", () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell("plain")).toBe("plain");
  });

  it("writes a header and one CRLF row per item, in rank order, with the docs link", () => {
    const report = syntheticReport(8);
    const csv = formatCsv(report);
    expect(csv.endsWith("\r\n")).toBe(true);
    const header = csv.split("\r\n")[0]!;
    expect(header.split(",")).toContain("principal");
    // item 0 carries a quoted message with a line break inside: a naive split by CRLF still yields 1 + 8 rows
    const rows = csv.trimEnd().split("\r\n");
    expect(rows).toHaveLength(9);
    expect(rows[1]).toContain(
      `"'=HYPERLINK(""http://x"") | <script>alert(1)</script>, ""quoted""\nsecond line #0"`,
    );
    expect(rows[2]!.startsWith(`2,${report.items[1]!.id},`)).toBe(true);
    expect(rows[2]).toContain(
      "https://github.com/debtlens/debtlens/blob/main/docs/rules/performance/synthetic-rule.md",
    );
  });
});

describe("formatMarkdown", () => {
  it("stays under GitHub's comment limit for an audit of 50,000 findings, with and without a gate comparison", () => {
    const report = syntheticReport(50_000);
    const plain = formatMarkdown(report, { top: 50_000 });
    expect(plain.length).toBeLessThan(MARKDOWN_LIMIT);
    expect(plain).toContain("more left out to stay under GitHub's comment limit");
    const change: ChangeSummary = {
      base: "origin/main",
      passed: false,
      reasons: ["25000 new items (max 0)"],
      added: report.items.slice(0, 25_000),
      fixed: report.items.slice(25_000),
      unchanged: 0,
      moved: 0,
      addedPrincipal: 1,
      addedInterest: 1,
      fixedPrincipal: 1,
      fixedInterest: 1,
    };
    const gated = formatMarkdown(report, { change, top: 50_000 });
    expect(gated.length).toBeLessThan(MARKDOWN_LIMIT);
    expect(gated).toMatch(/^### ❌ debtlens gate failed against `origin\/main`/);
    expect(gated).toMatch(/and \d+ more new items/);
    expect(gated).toContain("#### Top");
  });

  it("escapes table cells so a message cannot break the table or inject HTML", () => {
    const md = formatMarkdown(syntheticReport(1));
    const row = md.split("\n").find((l) => l.startsWith("| 1 |"))!;
    expect(row).toContain("\\| &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(row).not.toContain("\n");
    expect(row).toContain(
      "[security/synthetic-rule](https://github.com/debtlens/debtlens/blob/main/docs/rules/security/synthetic-rule.md)",
    );
  });
});

describe("formatHtml", () => {
  const bundle = { js: 'console.log("</script><!-- x")', css: "body{}" };

  it("inlines the bundle and the data so that nothing in them can close a tag", () => {
    expect(escapeScript('a("</script>")')).toBe('a("<\\/script>")');
    expect(escapeJsonForHtml('{"m":"</script>"}')).toBe('{"m":"\\u003c/script\\u003e"}');
    const html = formatHtml(syntheticReport(14), { bundle });
    expect(html.match(/<\/script>/g)).toHaveLength(2); // only the two real closing tags
    expect(html).not.toMatch(/<script[^>]+src=|<link /);
    const json = /<script type="application\/json" id="debtlens-data">(.*?)<\/script>/s.exec(
      html,
    )![1]!;
    const data = JSON.parse(json);
    expect(data.items[7].msg).toContain("<script>alert(1)</script>");
  });

  it("says why the hotspot map and the module graph are absent, and reads them when present", () => {
    const absent = viewModelOf(syntheticReport(2));
    expect(absent.hotspots).toEqual({
      available: false,
      reason: expect.stringContaining("No git history"),
    });
    expect(absent.graph).toEqual({
      available: false,
      reason: expect.stringContaining("No module graph"),
    });
    const withData = viewModelOf({
      ...syntheticReport(2),
      files: [
        { path: "a.ts", language: "ts", lines: 10, linesOfCode: 8, health: 4, findings: 1 },
        { path: "b.ts", language: "ts", lines: 3, linesOfCode: 0, health: 10, findings: 0 },
      ],
      history: { files: [{ path: "a.ts", commits: 12 }] },
      graph: {
        modules: [{ path: "a.ts" }, { path: "b.ts" }, { path: "c.ts" }],
        edges: 5,
        cycles: [{ files: ["a.ts", "b.ts"], cycle: ["a.ts", "b.ts", "a.ts"] }],
      },
    } as never);
    expect(withData.hotspots).toEqual({
      available: true,
      files: [{ path: "a.ts", lines: 8, health: 4, changes: 12 }],
    });
    expect(withData.graph).toEqual({
      available: true,
      modules: ["a.ts", "b.ts"],
      edges: [
        [0, 1],
        [1, 0],
      ],
      cycles: [[0, 1]],
      totalModules: 3,
      totalEdges: 5,
    });
    const acyclic = viewModelOf({
      ...syntheticReport(1),
      graph: { modules: [{ path: "a.ts" }], edges: 0, cycles: [] },
    } as never);
    expect(acyclic.graph).toEqual({
      available: false,
      reason: "1 modules and 0 imports, no import cycles: nothing to highlight.",
    });
  });
});

describe("readinessOf", () => {
  it("fails a step on its rules' items, marks checks whose rules do not exist, and stops the level at the first incomplete step", () => {
    const report = syntheticReport(10);
    const readiness = readinessOf(report);
    expect(readiness.level).toBe(0);
    const triaged = readiness.steps[0]!.checks.find((c) => c.id === "register-triaged")!;
    expect(triaged.status).toBe("fail");
    expect(triaged.items).toEqual(
      report.items
        .filter((i) => i.scores.class === "fix-now" || i.scores.class === "next")
        .map((i) => i.id),
    );
    const cycles = readiness.steps[1]!.checks.find((c) => c.id === "no-import-cycles")!;
    expect(cycles).toMatchObject({
      status: "unknown",
      reason: expect.stringContaining("no rule architecture/import-cycle"),
    });

    const clean = readinessOf(
      syntheticReport(0, {
        rules: [
          {
            id: "security/injection",
            category: "security",
            severity: "high",
            description: "",
            docs: "",
            enabled: true,
          },
        ],
      }),
    );
    expect(clean.steps[0]!.status).toBe("pass");
    expect(clean.level).toBe(1);
    expect(clean.steps[1]!.status).toBe("unknown");
  });
});
