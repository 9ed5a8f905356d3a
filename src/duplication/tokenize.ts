/**
 * A fast JavaScript/TypeScript tokenizer for clone detection. It drops white space and comments
 * and yields one 32-bit hash and one line number per token; it never allocates a string per
 * token. It does not need to be a parser: it must only split the same code the same way every
 * time. Identifiers and literals can be normalised so that renamed copies (type-2 clones) match.
 */
export interface TokenStream {
  hashes: Uint32Array;
  lines: Uint32Array;
}

export interface TokenizeOptions {
  /** Hash every identifier alike (finds copies whose names were changed). */
  ignoreIdentifiers: boolean;
  /** Hash every string, number and template literal alike. */
  ignoreLiterals: boolean;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const IDENTIFIER_ANY = 0x9e3779b9;
const LITERAL_ANY = 0x7f4a7c15;
const STRING_KIND = 0x1b873593;
const NUMBER_KIND = 0x85ebca6b;
const REGEX_KIND = 0xc2b2ae35;
const TEMPLATE_KIND = 0x27d4eb2f;

// Longest first, so that `>>>=` wins over `>>`.
const PUNCTUATORS = [
  ">>>=",
  "...",
  "===",
  "!==",
  "**=",
  "<<=",
  ">>=",
  ">>>",
  "&&=",
  "||=",
  "??=",
  "=>",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "??",
  "?.",
  "++",
  "--",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "<<",
  ">>",
  "**",
];
/** Multi-character punctuators by their first character's code, longest first. */
const PUNCT_BY_FIRST: Array<number[][] | undefined> = [];
for (const p of PUNCTUATORS) {
  const codes = [...p].map((ch) => ch.charCodeAt(0));
  (PUNCT_BY_FIRST[codes[0]!] ??= []).push(codes);
}

/** Character classes by code for ASCII: bit 1 starts an identifier, bit 2 continues one. */
const ID_START = 1;
const ID_PART = 2;
const CHAR_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const start = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 36 || c === 95 || c === 35;
  CHAR_CLASS[c] = (start ? ID_START | ID_PART : 0) | (c >= 48 && c <= 57 ? ID_PART : 0);
}

function fnv(text: string): number {
  let h = FNV_OFFSET;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), FNV_PRIME);
  return h >>> 0;
}

// After these keywords a `/` starts a regular expression, not a division. Compared by hash, so
// that no identifier is ever sliced out of the text.
const REGEX_AFTER_KEYWORD = new Set(
  [
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
  ].map(fnv),
);

function isIdentifierStart(c: number): boolean {
  return c > 127 || (CHAR_CLASS[c]! & ID_START) !== 0;
}
function isIdentifierPart(c: number): boolean {
  return c > 127 || (CHAR_CLASS[c]! & ID_PART) !== 0;
}

export function tokenize(text: string, options: TokenizeOptions): TokenStream {
  const n = text.length;
  // About one token per 13 characters in real code (effect: 1.67 M tokens in 21 M characters);
  // the arrays grow when a file is denser.
  let hashes = new Uint32Array(Math.max(64, n >> 3));
  let lines = new Uint32Array(hashes.length);
  let count = 0;
  let line = 1;
  // What the previous token was, for the regex-or-division decision.
  let previousAllowsRegex = true;
  // Brace depth at which each open template's `${` started.
  const templateStack: number[] = [];
  let braceDepth = 0;

  const push = (hash: number, atLine: number) => {
    if (count === hashes.length) {
      const bigger = new Uint32Array(hashes.length * 2);
      bigger.set(hashes);
      hashes = bigger;
      const biggerLines = new Uint32Array(lines.length * 2);
      biggerLines.set(lines);
      lines = biggerLines;
    }
    hashes[count] = hash >>> 0;
    lines[count] = atLine;
    count++;
  };
  const hashRange = (seed: number, from: number, to: number) => {
    let h = seed;
    for (let k = from; k < to; k++) h = Math.imul(h ^ text.charCodeAt(k), FNV_PRIME);
    return h >>> 0;
  };
  /** Scans template characters from `i` until a backtick or `${`; returns the new index. */
  const scanTemplate = (start: number): number => {
    let i = start;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 96) return i + 1;
      else if (c === 36 && text.charCodeAt(i + 1) === 123) {
        templateStack.push(braceDepth);
        braceDepth++;
        return i + 2;
      } else {
        if (c === 10) line++;
        i++;
      }
    }
    return i;
  };

  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // White space and line breaks.
    if (c === 10) {
      line++;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 0xfeff || c === 0xa0 || c === 11 || c === 12) {
      i++;
      continue;
    }
    const startLine = line;
    // Comments.
    if (c === 47) {
      const next = text.charCodeAt(i + 1);
      // Comments are skipped by native searches: in documented code (effect's JSDoc) they are
      // a third of the text, and a loop per character over them cost more than the tokens.
      if (next === 47) {
        const end = text.indexOf("\n", i + 2);
        i = end < 0 ? n : end;
        continue;
      }
      if (next === 42) {
        const end = text.indexOf("*/", i + 2);
        const stop = end < 0 ? n : end + 2;
        for (let k = text.indexOf("\n", i + 2); k !== -1 && k < stop; k = text.indexOf("\n", k + 1))
          line++;
        i = stop;
        continue;
      }
      if (previousAllowsRegex) {
        let k = i + 1;
        let inClass = false;
        while (k < n) {
          const d = text.charCodeAt(k);
          if (d === 10) break;
          if (d === 92) k += 2;
          else {
            if (d === 91) inClass = true;
            else if (d === 93) inClass = false;
            else if (d === 47 && !inClass) break;
            k++;
          }
        }
        k++;
        while (k < n && isIdentifierPart(text.charCodeAt(k))) k++;
        push(options.ignoreLiterals ? LITERAL_ANY : hashRange(REGEX_KIND, i, k), startLine);
        i = k;
        previousAllowsRegex = false;
        continue;
      }
    }
    if (isIdentifierStart(c)) {
      let h = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
      let k = i + 1;
      for (; k < n; k++) {
        const d = text.charCodeAt(k);
        if (!isIdentifierPart(d)) break;
        h = Math.imul(h ^ d, FNV_PRIME);
      }
      h >>>= 0;
      const isKeyword = k - i <= 10 && REGEX_AFTER_KEYWORD.has(h);
      push(options.ignoreIdentifiers && !isKeyword ? IDENTIFIER_ANY : h, startLine);
      previousAllowsRegex = isKeyword;
      i = k;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let k = i + 1;
      while (k < n) {
        const d = text.charCodeAt(k);
        if (isIdentifierPart(d) || d === 46) k++;
        else if ((d === 43 || d === 45) && (text.charCodeAt(k - 1) | 32) === 101) k++;
        else break;
      }
      push(options.ignoreLiterals ? LITERAL_ANY : hashRange(NUMBER_KIND, i, k), startLine);
      previousAllowsRegex = false;
      i = k;
      continue;
    }
    if (c === 34 || c === 39) {
      let k = i + 1;
      while (k < n) {
        const d = text.charCodeAt(k);
        if (d === 92) k += 2;
        else if (d === c || d === 10) break;
        else k++;
      }
      k++;
      push(
        options.ignoreLiterals ? LITERAL_ANY : hashRange(STRING_KIND, i, Math.min(k, n)),
        startLine,
      );
      previousAllowsRegex = false;
      i = k;
      continue;
    }
    if (c === 96) {
      const end = scanTemplate(i + 1);
      push(options.ignoreLiterals ? LITERAL_ANY : hashRange(TEMPLATE_KIND, i, end), startLine);
      previousAllowsRegex = templateStack.length > 0 && text.charCodeAt(end - 1) === 123;
      i = end;
      continue;
    }
    if (
      c === 125 &&
      templateStack.length > 0 &&
      templateStack[templateStack.length - 1] === braceDepth - 1
    ) {
      // `}` closing a template substitution: the template's text goes on.
      templateStack.pop();
      braceDepth--;
      const end = scanTemplate(i + 1);
      push(options.ignoreLiterals ? LITERAL_ANY : hashRange(TEMPLATE_KIND, i, end), startLine);
      previousAllowsRegex = text.charCodeAt(end - 1) === 123;
      i = end;
      continue;
    }
    // Punctuators.
    let length = 1;
    const candidates = c < 128 ? PUNCT_BY_FIRST[c] : undefined;
    if (candidates !== undefined) {
      for (let p = 0; p < candidates.length; p++) {
        const codes = candidates[p]!;
        let k = 1;
        while (k < codes.length && text.charCodeAt(i + k) === codes[k]) k++;
        if (k === codes.length) {
          length = k;
          break;
        }
      }
    }
    if (c === 123) braceDepth++;
    else if (c === 125) braceDepth--;
    push(hashRange(FNV_OFFSET, i, i + length), startLine);
    previousAllowsRegex = !(c === 41 || c === 93 || c === 125) || length > 1;
    i += length;
  }
  return { hashes: hashes.slice(0, count), lines: lines.slice(0, count) };
}
