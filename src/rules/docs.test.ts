import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Rule } from "../engine/index.ts";
import { auditFiles } from "../../test/support/audit-fixture.ts";
import { RULES } from "./index.ts";

/**
 * Keeps the registry, the rule pages and the report's links in step (typescript-eslint's
 * tests/docs.test.mts is the model): every rule in RULES has docs/rules/<id>.md with the same
 * sections, every page belongs to a rule, the index lists them all, and each page's options table
 * names exactly the keys of the rule's zod options schema.
 */

const ROOT = resolve(import.meta.dirname, "../..");
const DOCS = join(ROOT, "docs/rules");
const INDEX = join(DOCS, "README.md");

/** The sections every page has, in this order, as `## ` headings. */
const SECTIONS = [
  "What it finds",
  "Why it costs money",
  "How to fix",
  "Examples",
  "Options",
  "Default severity and remediation time",
];

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith(".md") ? [path] : [];
  });
}

const pagePath = (rule: Rule<unknown>) => join(DOCS, `${rule.id}.md`);
const read = (path: string) => readFileSync(path, "utf8");

/** The text of one `## ` section, up to the next `## ` heading. */
function section(page: string, title: string): string | undefined {
  const lines = page.split("\n");
  const start = lines.indexOf(`## ${title}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

/** The option names of a Markdown table (first column, in backticks), header and rule excluded. */
function tableNames(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .slice(2)
    .map((line) => /^\|\s*`([^`]+)`/.exec(line)?.[1] ?? `(unparsed row: ${line})`);
}

/**
 * Every key of a rule's options: the zod object's shape, plus whatever `{}` parses to (a schema
 * that is not a plain object still yields its defaulted keys). `z.strictObject({})` gives none.
 */
function optionKeys(rule: Rule<unknown>): string[] {
  const shape = (rule.options as { shape?: Record<string, unknown> }).shape ?? {};
  const defaults = rule.options.parse({}) as Record<string, unknown>;
  return [...new Set([...Object.keys(shape), ...Object.keys(defaults)])].sort();
}

describe("rule documentation", () => {
  it("has a page at docs/rules/<id>.md for every rule in RULES", () => {
    const missing = RULES.filter((rule) => !existsSync(pagePath(rule))).map((rule) => rule.id);
    expect(missing).toEqual([]);
  });

  it("has no page for a rule that RULES does not hold", () => {
    const ids = new Set(RULES.map((rule) => rule.id));
    const orphans = markdownFiles(DOCS)
      .map((path) => relative(DOCS, path).replaceAll("\\", "/"))
      .filter((path) => path !== "README.md" && !ids.has(path.replace(/\.md$/, "")));
    expect(orphans).toEqual([]);
  });

  it("gives every report rule entry a docs path that exists", async () => {
    const report = await auditFiles({ "src/a.ts": "export const a = 1;\n" }, []);
    expect(report.rules.map((r) => r.id).sort()).toEqual(RULES.map((rule) => rule.id).sort());
    const broken = report.rules.filter((r) => !existsSync(join(ROOT, r.docs))).map((r) => r.docs);
    expect(broken).toEqual([]);
  });

  describe.each(RULES.map((rule) => [rule.id, rule] as const))("%s", (id, rule) => {
    const page = existsSync(pagePath(rule)) ? read(pagePath(rule)) : "";

    it("starts with the id as its title and a one-line summary", () => {
      const [title, blank, summary] = page.split("\n");
      expect(title).toBe(`# ${id}`);
      expect(blank).toBe("");
      expect(summary?.trim()).not.toBe("");
    });

    it("has the required sections, in order", () => {
      const headings = page.split("\n").filter((line) => line.startsWith("## "));
      expect(headings).toEqual(SECTIONS.map((title) => `## ${title}`));
    });

    it("shows a failing and a passing example", () => {
      const examples = section(page, "Examples") ?? "";
      expect(examples).toMatch(/^### Fails/m);
      expect(examples).toMatch(/^### Passes/m);
      expect(examples.match(/^```/gm)?.length ?? 0).toBeGreaterThanOrEqual(4);
    });

    it("documents exactly the options of its zod schema", () => {
      const options = section(page, "Options") ?? "";
      const keys = optionKeys(rule);
      if (keys.length === 0) {
        expect(options.trim()).toMatch(/^None\b/);
        expect(tableNames(options)).toEqual([]);
      } else {
        expect(tableNames(options).sort()).toEqual(keys);
      }
    });

    it("states the rule's default severity and remediation time", () => {
      const defaults = section(page, "Default severity and remediation time") ?? "";
      expect(defaults).toContain(`**${rule.severity}**`);
      expect(defaults).toContain(`**${rule.remediationMinutes} min**`);
    });
  });

  it("lists every rule in the index with its page, severity and description", () => {
    const index = read(INDEX);
    const rows = new Map(
      index
        .split("\n")
        .filter((line) => line.startsWith("| ["))
        .map((line) => {
          const cells = line.split("|").map((cell) => cell.trim());
          return [/^\[([^\]]+)\]/.exec(cells[1]!)?.[1], { link: cells[1]!, severity: cells[2] }];
        }),
    );
    for (const rule of RULES) {
      const row = rows.get(rule.id);
      expect(row, `${rule.id} is missing from docs/rules/README.md`).toBeDefined();
      expect(row!.link).toBe(`[${rule.id}](${rule.id}.md)`);
      expect(row!.severity).toBe(rule.severity);
    }
    expect([...rows.keys()].sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });

  it("links only to pages that exist", () => {
    const broken: string[] = [];
    for (const path of markdownFiles(DOCS)) {
      for (const match of read(path).matchAll(/\]\(([^)#\s]+\.md)(#[^)]*)?\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        if (!existsSync(resolve(dirname(path), target)))
          broken.push(`${relative(DOCS, path)} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
