/**
 * Finds the explicit `any` types of a TypeScript file from its text, for an AST without type
 * annotations. The engine parses TypeScript with oxc's JavaScript AST shape (astType "js"):
 * deserialising every type annotation cost about 0.3 s of a cold audit of effect's src/ (a
 * third of its nodes are types), and `quality/debt-marker` was the only rule that read them.
 *
 * The JavaScript AST keeps every comment, literal and value identifier (variables, bindings,
 * properties) and drops only types. So a word `any` that is none of those is a type, unless it
 * names a member or a parameter inside a type (`{ any: string }`, `any(): void`): followed by
 * `:`, `?:`, `(` or `=` after anything but a type operator (`:`, `<`, `|`, `&`, `?`, `=`, `=>`,
 * `as`, `extends`, `keyof`, `is`, `satisfies`), or inside a string literal type. A test holds it to the TypeScript AST's count on
 * effect's 570 files (5,422 `any`) and on tricky fixtures.
 */
import type { NodeHandlers } from "../../engine/index.ts";

interface Range {
  start: number;
  end: number;
}

/**
 * Handlers for the one traversal that gather what the scan steps over: string and regular
 * expression literals, template and JSX text, identifiers named `any`.
 */
export function anyScanHandlers(skipped: Range[]): NodeHandlers {
  return {
    Literal: (node) => {
      if (typeof node.value === "string" || node.regex) skipped.push(node);
    },
    TemplateElement: (node) => void skipped.push(node),
    JSXText: (node) => void skipped.push(node),
    Identifier: (node) => {
      if (node.name === "any") skipped.push(node);
    },
  };
}

export interface AnyScan {
  text: string;
  /**
   * Comments, literal texts (strings, regular expressions, template and JSX text) and identifiers
   * named `any`, as [start, end) offsets; any order.
   */
  skipped: readonly Range[];
}

/** `[\w$]`: a character that continues a name, so `many` and `any$` hold no word `any`. */
function isWordPart(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 36
  );
}
const TYPE_KEYWORD_BEFORE = /(?:^|[^\w$])(as|extends|keyof|is|satisfies)$/;
const TYPE_OPERATOR_BEFORE = new Set([":", "<", "|", "&", "?", "=", ">"]);

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 11 || code === 12;
}

/** Whether the word at `at` follows a type operator: it is then a type whatever comes next. */
function afterTypeOperator(text: string, at: number): boolean {
  let before = at - 1;
  while (before >= 0 && isSpace(text.charCodeAt(before))) before--;
  const previous = text[before];
  // `>` only as the end of `=>` (a generic's `>` cannot precede a type).
  if (previous === ">") return text[before - 1] === "=";
  if (previous !== undefined && TYPE_OPERATOR_BEFORE.has(previous)) return true;
  return TYPE_KEYWORD_BEFORE.test(text.slice(Math.max(0, before - 10), before + 1));
}

/**
 * Whether `at` is inside a string literal type (`"handle any error"` in a type: the JavaScript
 * AST dropped it with the type). Such literals do not span lines; the known ranges (comments,
 * value literals) are stepped over so that their quotes do not count.
 */
function inTypeString(
  text: string,
  at: number,
  ranges: ReadonlyArray<{ start: number; end: number }>,
): boolean {
  let i = text.lastIndexOf("\n", at) + 1;
  // The first range that may touch the line (ranges are sorted by start).
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]!.end <= i) lo = mid + 1;
    else hi = mid;
  }
  let r = lo;
  let quote = "";
  while (i < at) {
    if (r < ranges.length && ranges[r]!.start <= i) {
      i = Math.max(i, ranges[r]!.end);
      r++;
      continue;
    }
    const c = text[i]!;
    if (c === "\\") i++;
    // Backticks are left out: a value template's quotes sit between its known parts, and a
    // template literal type with the word "any" in its text is rarer than `${x as any}`.
    else if (quote === "" && (c === '"' || c === "'")) quote = c;
    else if (c === quote) quote = "";
    i++;
  }
  return quote !== "";
}

/** Offsets of the explicit `any` types, ascending. */
export function explicitAnyOffsets({ text, skipped }: AnyScan): number[] {
  const ranges = [...skipped].sort((a, b) => a.start - b.start);
  const found: number[] = [];
  let r = 0;
  // indexOf and two character checks: a regular expression with a lookbehind over every file's
  // text cost twice as much.
  for (let at = text.indexOf("any"); at !== -1; at = text.indexOf("any", at + 3)) {
    const before = at > 0 ? text.charCodeAt(at - 1) : 32;
    if (isWordPart(before) || before === 46 /* . */ || isWordPart(text.charCodeAt(at + 3)))
      continue;
    while (r < ranges.length && ranges[r]!.end <= at) r++;
    if (r < ranges.length && ranges[r]!.start <= at) continue;
    let after = at + 3;
    while (after < text.length && isSpace(text.charCodeAt(after))) after++;
    const next = text[after];
    const named =
      next === ":" ||
      next === "(" ||
      (next === "?" && text[after + 1] === ":") ||
      (next === "=" && text[after + 1] !== ">" && text[after + 1] !== "=");
    if (named && !afterTypeOperator(text, at)) continue;
    if (inTypeString(text, at, ranges)) continue;
    found.push(at);
  }
  return found;
}
