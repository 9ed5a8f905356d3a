import { join } from "node:path";
import { readFileNoFollow } from "../shared/index.ts";
import { IMPORT, type ImportRecord, type ModuleFact } from "./model.ts";

/** Single-file components: debtlens does not parse them, but what their scripts import is used. */
export const COMPONENT_FILE = /\.(vue|svelte|astro)$/;

const MAX_BYTES = 512 * 1024;

/** The script parts of a component: `<script>` blocks, and an Astro file's `---` frontmatter. */
function scripts(text: string, astro: boolean): string {
  const parts = [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]!);
  if (astro) {
    const front = /^\s*---\r?\n([\s\S]*?)\r?\n---/.exec(text);
    if (front) parts.push(front[1]!);
  }
  return parts.join("\n");
}

/** The names an import clause binds: `default`, `*`, or the imported names of `{ a, b as c }`. */
function clauseNames(clause: string): string[] {
  const names: string[] = [];
  const braces = /\{([^}]*)\}/.exec(clause);
  const head = clause.replace(/\{[^}]*\}/, "").trim();
  if (/\*\s*as\s+\w+/.test(head)) names.push("*");
  else if (/^[\w$]+/.test(head)) names.push("default");
  for (const part of braces?.[1]?.split(",") ?? []) {
    const name = part
      .trim()
      .replace(/^type\s+/, "")
      .split(/\s+as\s+/)[0]!
      .trim();
    if (name) names.push(name);
  }
  return names;
}

/** Imports of a component's scripts, read with regular expressions (linear: no nested quantifiers over the same text). */
export function componentImports(text: string, astro: boolean): ImportRecord[] {
  const code = scripts(text, astro);
  const imports: ImportRecord[] = [];
  for (const m of code.matchAll(/\bimport\b([\w$*{},\s]*?)\bfrom\s*["']([^"']+)["']/g)) {
    const clause = m[1]!.trim();
    const typeOnly = /^type\s/.test(clause);
    const names = clauseNames(typeOnly ? clause.slice(5) : clause);
    imports.push({ s: m[2]!, k: typeOnly ? IMPORT.typeOnly : 0, line: 1, n: names });
  }
  for (const m of code.matchAll(/\bimport\s*["']([^"']+)["']/g))
    imports.push({ s: m[1]!, k: 0, line: 1, n: [] });
  for (const m of code.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g))
    imports.push({ s: m[1]!, k: IMPORT.dynamic, line: 1, n: ["*"] });
  for (const m of code.matchAll(/\bexport\s+\*\s+from\s*["']([^"']+)["']/g))
    imports.push({ s: m[1]!, k: IMPORT.reExport, line: 1, n: ["*"] });
  return imports;
}

/** The module facts of every component file among the audited paths (read here, once: the parser does not read them). */
export function componentFacts(
  root: string,
  allPaths: readonly string[],
): Array<{ path: string; fact: ModuleFact }> {
  const facts: Array<{ path: string; fact: ModuleFact }> = [];
  for (const path of allPaths) {
    if (!COMPONENT_FILE.test(path) || path.split("/").includes("node_modules")) continue;
    let text: string;
    try {
      const bytes = readFileNoFollow(join(root, path));
      if (bytes.length > MAX_BYTES) continue;
      text = bytes.toString("utf8");
    } catch {
      continue;
    }
    const imports = componentImports(text, path.endsWith(".astro"));
    facts.push({ path, fact: { imports, exports: [], nonLiteral: 0 } });
  }
  return facts;
}
