/* eslint-disable no-control-regex -- these tests are about control characters */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv4 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { InputError } from "../shared/index.ts";
import { formatCsv } from "./csv.ts";
import { contentSecurityPolicy, formatHtml } from "./html.ts";
import { ruleDocsUrl } from "./links.ts";
import { formatMarkdown } from "./markdown.ts";
import { money } from "./money.ts";
import { formatSarif } from "./sarif.ts";
import type { AuditReport } from "./schema.ts";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { formatTable } from "./table.ts";
import { markdownCode, markdownText, pathUri, terminalText } from "./untrusted.ts";

/** A report whose first item carries `message` at `path`; the rest is the synthetic report's. */
function reportWith(path: string, message: string, overrides: Partial<AuditReport> = {}) {
  const report = syntheticReport(3, overrides);
  report.items[0] = { ...report.items[0]!, path, message, symbol: message };
  return report;
}

const ESC = "\x1b";
// colour, a cursor move up with a line clear, a window title (OSC 0), a hyperlink (OSC 8),
// a C1 CSI (0x9B), a bell, a carriage return, a backspace, DEL and a right-to-left override
const HOSTILE_TERMINAL =
  `${ESC}[31mred${ESC}[0m ${ESC}[1A${ESC}[2K${ESC}]0;pwned${ESC}\\` +
  `${ESC}]8;;https://evil.example/${ESC}\\link${ESC}]8;;\x07` +
  `\x9b2Jclear\x07bell\rreturn\bback\x7fdel\u202Eevil\u202C`;

describe("terminalText", () => {
  it("removes escape sequences whole, flattens line breaks and drops other controls", () => {
    expect(terminalText(HOSTILE_TERMINAL)).toBe("red linkclearbell returnbackdelevil");
    expect(terminalText("two\nlines\r\n::error::forged")).toBe("two lines ::error::forged");
    expect(terminalText("\x00nul\x1funit\x85next\u2028sep\x8fss3")).toBe("nulunit next sepss3");
    // an application program command (C1 APC) is swallowed up to its terminator, as a terminal does
    expect(terminalText("a\x9fhidden\x9cb")).toBe("ab");
  });

  it("leaves ordinary text alone, Unicode included", () => {
    const plain = "src/café/日本語.ts:12 complexity 21 (max 10) ✓ 🙂 – tab-free";
    expect(terminalText(plain)).toBe(plain);
  });
});

describe("formatTable with hostile names and messages", () => {
  const report = reportWith(`src/${ESC}[2Jevil\r.js`, `TODO ${HOSTILE_TERMINAL}`, {
    root: `repo${ESC}]0;title\x07`,
    notes: [{ code: "hostile", text: `note with ${ESC}[5mblink\nand a second line` }],
  });

  it("prints no control character at all without colour", () => {
    const text = formatTable(report, { color: false, top: 20, width: 200 });
    expect(text.replace(/\n/g, "")).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202a-\u202e]/);
    expect(text).toContain("debtlens audit of repo\n");
    expect(text).toContain("src/evil .js:1");
    expect(text).toContain("TODO red linkclearbell");
    expect(text).toContain("note: note with blink and a second line");
  });

  it("keeps its own colours and nothing else on a terminal", () => {
    const text = formatTable(report, { color: true, top: 20, width: 200 });
    // the only escape sequences left are SGR colours (ESC [ digits m), all of them debtlens's own
    const sequences = text.match(/\x1b[^m]*m?/g) ?? [];
    expect(sequences.length).toBeGreaterThan(0);
    for (const sequence of sequences) expect(sequence).toMatch(/^\x1b\[[\d;]*m$/);
    expect(text).not.toMatch(/\x1b\[(?:0|31|5)m(?:red|blink)/);
    expect(text).not.toMatch(/[\r\x07\x9b]/);
  });
});

describe("markdownText and formatMarkdown with hostile TODO text", () => {
  const todo = "TODO ![x](https://evil/x.png) @org/team [click](javascript:alert(1))";

  it("escapes images and links, breaks mentions, and shows the text as written", () => {
    const text = markdownText(todo);
    expect(text).toBe(
      "TODO !\\[x\\](https\\://evil/x.png) @\u200dorg/team \\[click\\](javascript\\:alert(1))",
    );
    // what a reader sees once the escapes are read back: the original text, plus invisible joiners
    expect(text.replace(/\\(.)/g, "$1").replace(/\u200d/g, "")).toBe(todo);
  });

  it("turns HTML and entities into text and neutralises issue references and emphasis", () => {
    expect(markdownText('<img src=x onerror="alert(1)"> &#64;admin')).toBe(
      '&lt;img src=x onerror="alert(1)"&gt; &amp;\\#\u200d64;admin',
    );
    expect(markdownText("fixes #12 *bold* _it_ ~~gone~~ `code` a|b www.evil.com")).toBe(
      "fixes \\#\u200d12 \\*bold\\* \\_it\\_ \\~\\~gone\\~\\~ \\`code\\` a\\|b www\\.evil.com",
    );
    // near miss: text with no Markdown meaning is left as it is
    expect(markdownText("complexity 21 (max 10), 3 branches - ok.")).toBe(
      "complexity 21 (max 10), 3 branches - ok.",
    );
  });

  it("keeps paths in code spans that a backtick or a pipe cannot end", () => {
    expect(markdownCode("src/`rm -rf`|x<y>.ts")).toBe("`src/'rm -rf'\\|x<y>.ts`");
  });

  it("renders the TODO of an item as escaped text in the comment's table", () => {
    const md = formatMarkdown(reportWith("src/a`b|c.ts", todo));
    const row = md.split("\n").find((l) => l.startsWith("| 1 |"))!;
    expect(row).toContain("`src/a'b\\|c.ts:1`");
    expect(row).toContain(
      "TODO !\\[x\\](https\\://evil/x.png) @\u200dorg/team \\[click\\](javascript\\:alert(1))",
    );
    // the only link in the row is the rule's page; no image, no javascript: destination
    expect(row.match(/\]\(/g)).toHaveLength(3);
    expect(row.match(/(?<!\\)\]\(/g)).toHaveLength(1);
    expect(row).not.toMatch(/(?<!\\)!\[/);
    expect(row).not.toMatch(/(?<!\\)\]\(javascript/);
    expect(md).not.toMatch(/(?<![\w\u200d])@(?!\u200d)org/);
  });
});

describe("SARIF artifact URIs", () => {
  const sarifSchema = JSON.parse(
    readFileSync(join(import.meta.dirname, "testdata", "sarif-2.1.0.schema.json"), "utf8"),
  ) as object;
  const ajv = new Ajv4.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(sarifSchema);

  it("percent-encodes each path segment", () => {
    expect(pathUri("a#b.js")).toBe("a%23b.js");
    expect(pathUri("javascript:x.js")).toBe("javascript%3Ax.js");
    expect(pathUri("src/100% done?.ts")).toBe("src/100%25%20done%3F.ts");
    expect(pathUri("src/café/x.ts")).toBe("src/caf%C3%A9/x.ts");
    expect(pathUri("src/lone\ud800.ts")).toBe("src/lone%EF%BF%BD.ts");
    // near miss: a plain path is unchanged
    expect(pathUri("src/orders/pricing-v2.ts")).toBe("src/orders/pricing-v2.ts");
  });

  it("gives relative URIs that resolve to the same file under the source root, valid per the schema", () => {
    const paths = [
      "a#b.js",
      "javascript:x.js",
      "src/<img src=x onerror=alert(1)>.js",
      "src/%2e%2e/up.js",
      "src/q?x=1.js",
      "https:/evil.js",
      "src/space name[1].ts",
    ];
    const report = syntheticReport(paths.length);
    paths.forEach((path, i) => (report.items[i] = { ...report.items[i]!, path }));
    const sarif = JSON.parse(formatSarif(report));
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const uris = sarif.runs[0].results.map(
      (r: { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
        r.locations[0]!.physicalLocation.artifactLocation.uri,
    ) as string[];
    const root = "file:///checkout/";
    uris.forEach((uri, i) => {
      expect(URL.canParse(uri), `${uri} has no scheme of its own`).toBe(false);
      const resolved = new URL(uri, root);
      expect(resolved.search + resolved.hash).toBe("");
      expect(decodeURIComponent(resolved.pathname)).toBe(`/checkout/${paths[i]}`);
    });
  });
});

describe("rule links", () => {
  it("refuses a docs base that is not http: or https:", () => {
    const report = syntheticReport(1);
    for (const base of ["javascript:alert(1)//", "data:text/html,x", "file:///etc/"]) {
      expect(() => ruleDocsUrl(report, "security/synthetic-rule", base)).toThrow(InputError);
      expect(() => formatHtml(report, { docsBaseUrl: base, bundle: { js: "", css: "" } })).toThrow(
        "reports.docsBaseUrl: expected an http: or https: URL",
      );
    }
  });

  it("keeps every link under the base whatever the report's docs paths say", () => {
    const report = syntheticReport(1);
    report.rules[0] = { ...report.rules[0]!, docs: "javascript:alert(1)" };
    report.rules[1] = { ...report.rules[1]!, docs: "//evil.example/x.md" };
    const base = "https://docs.example.com/debtlens/";
    expect(ruleDocsUrl(report, report.rules[0].id, base)).toBe(
      "https://docs.example.com/debtlens/docs/rules/security/synthetic-rule.md",
    );
    expect(ruleDocsUrl(report, report.rules[1].id, base)).toBe(
      `https://docs.example.com/debtlens/docs/rules/${report.rules[1].id}.md`,
    );
    expect(ruleDocsUrl(report, "../../../x", base)).toBe(
      "https://docs.example.com/debtlens/docs/rules/README.md",
    );
    // near miss: an ordinary docs path is used as it is
    expect(ruleDocsUrl(report, report.rules[2]!.id, base)).toBe(
      `https://docs.example.com/debtlens/${report.rules[2]!.docs}`,
    );
  });
});

describe("a report with a currency Intl cannot format", () => {
  it("still renders in every format, with the generic currency sign", () => {
    const report = syntheticReport(3);
    report.scoring = { ...report.scoring, currency: "<b>EURO</b>" };
    expect(() => money(1, "<b>EURO</b>")).not.toThrow();
    expect(money(1234.4, "<b>EURO</b>")).toBe("¤1,234");
    expect(money(1234.4, "EUR")).toBe("€1,234");
    expect(formatTable(report, { color: false, top: 5, width: 120 })).toContain("¤");
    expect(formatMarkdown(report)).toContain("¤");
    expect(formatCsv(report)).toContain("synthetic-rule");
    expect(formatSarif(report)).toContain('"currency"');
    expect(formatHtml(report, { bundle: { js: "", css: "" } })).toContain("debtlens-data");
  });
});

describe("the HTML report's Content-Security-Policy", () => {
  const cspOf = (html: string) =>
    /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];

  it("allows the inline script by the SHA-256 of its text, never by 'unsafe-inline'", () => {
    const bundle = { js: 'document.title = "</script> x";', css: "" };
    const html = formatHtml(syntheticReport(2, { root: "<img src=x onerror=alert(1)>" }), {
      bundle,
    });
    const csp = cspOf(html)!;
    const inline = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const hash = createHash("sha256").update(inline, "utf8").digest("base64");
    expect(csp).toContain(`script-src 'sha256-${hash}';`);
    // the whole script-src: the hash and nothing else (no 'unsafe-inline', no 'unsafe-eval')
    expect(csp.split("; ").find((d) => d.startsWith("script-src"))).toBe(
      `script-src 'sha256-${hash}'`,
    );
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(html).toContain("<title>debtlens · &lt;img src=x onerror=alert(1)&gt;</title>");
    // a different bundle, a different hash: the policy follows the script it guards
    expect(contentSecurityPolicy("a")).not.toBe(contentSecurityPolicy("b"));
  });
});
