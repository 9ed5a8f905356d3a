import { createHash } from "node:crypto";

/**
 * A fast JavaScript/TypeScript tokenizer for clone detection. It drops white space and comments
 * and yields one 32-bit hash and one line number per token; it never allocates a string per
 * token. It does not need to be a parser: it must only split the same code the same way every
 * time. Identifiers and literals can be normalised so that renamed copies (type-2 clones) match.
 */
export interface TokenStream {
  hashes: Uint32Array;
  /** Each token's line: 16 bits when every line fits (a quarter of the cache's clone facts less). */
  lines: Uint32Array | Uint16Array;
  /** Names the token sequence (`tokenDigest` of `hashes`): the next audit's clone detection compares it. */
  digest?: [number, number];
}

/** 64 bits of the SHA-1 of a token sequence: equal digests, equal tokens. */
export function tokenDigest(hashes: Uint32Array): [number, number] {
  const digest = createHash("sha1")
    .update(new Uint8Array(hashes.buffer, hashes.byteOffset, hashes.byteLength))
    .digest();
  return [digest.readUInt32LE(0), digest.readUInt32LE(4)];
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

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 0xfeff || c === 0xa0 || c === 11 || c === 12;
}

export function tokenize(text: string, options: TokenizeOptions): TokenStream {
  return new Tokenizer(text, options).run();
}

/**
 * One pass over one file's text. Each `scan…` method reads one token (or skips one comment)
 * starting at `this.i`, pushes its hash and moves `this.i` past it.
 */
class Tokenizer {
  private readonly text: string;
  private readonly n: number;
  private readonly literalAny: boolean;
  private readonly identifierAny: boolean;
  private hashes: Uint32Array;
  private lines: Uint32Array;
  private count = 0;
  private line = 1;
  private i = 0;
  /** What the previous token was, for the regex-or-division decision. */
  private previousAllowsRegex = true;
  /** Brace depth at which each open template's `${` started. */
  private readonly templateStack: number[] = [];
  private braceDepth = 0;

  constructor(text: string, options: TokenizeOptions) {
    this.text = text;
    this.n = text.length;
    this.literalAny = options.ignoreLiterals;
    this.identifierAny = options.ignoreIdentifiers;
    // About one token per 13 characters in real code (effect: 1.67 M tokens in 21 M characters);
    // the arrays grow when a file is denser.
    this.hashes = new Uint32Array(Math.max(64, this.n >> 3));
    this.lines = new Uint32Array(this.hashes.length);
  }

  run(): TokenStream {
    const { text, n } = this;
    while (this.i < n) {
      const c = text.charCodeAt(this.i);
      // White space and line breaks.
      if (c === 10) {
        this.line++;
        this.i++;
      } else if (isSpace(c)) this.i++;
      else if (c === 47 && this.scanSlash()) continue;
      else if (isIdentifierStart(c)) this.scanIdentifier(c);
      else if (c >= 48 && c <= 57) this.scanNumber();
      else if (c === 34 || c === 39) this.scanString(c);
      else if (c === 96) this.scanTemplateHead();
      else if (c === 125 && this.closesSubstitution()) this.scanTemplateTail();
      else this.scanPunctuator(c);
    }
    const hashes = this.hashes.slice(0, this.count);
    const lines =
      this.line <= 0xffff
        ? Uint16Array.from(this.lines.subarray(0, this.count))
        : this.lines.slice(0, this.count);
    return { hashes, lines, digest: tokenDigest(hashes) };
  }

  private push(hash: number, atLine: number): void {
    if (this.count === this.hashes.length) {
      const bigger = new Uint32Array(this.hashes.length * 2);
      bigger.set(this.hashes);
      this.hashes = bigger;
      const biggerLines = new Uint32Array(this.lines.length * 2);
      biggerLines.set(this.lines);
      this.lines = biggerLines;
    }
    this.hashes[this.count] = hash >>> 0;
    this.lines[this.count] = atLine;
    this.count++;
  }

  /** A literal's hash: its kind and text, or one hash for every literal when they are ignored. */
  private literal(kind: number, from: number, to: number): number {
    return this.literalAny ? LITERAL_ANY : this.hashRange(kind, from, to);
  }

  private hashRange(seed: number, from: number, to: number): number {
    let h = seed;
    for (let k = from; k < to; k++) h = Math.imul(h ^ this.text.charCodeAt(k), FNV_PRIME);
    return h >>> 0;
  }

  /**
   * At a `/`: skips a comment or reads a regular expression and returns true; returns false for
   * a division, which is a punctuator.
   */
  private scanSlash(): boolean {
    const { text, n, i } = this;
    const next = text.charCodeAt(i + 1);
    // Comments are skipped by native searches: in documented code (effect's JSDoc) they are
    // a third of the text, and a loop per character over them cost more than the tokens.
    if (next === 47) {
      const end = text.indexOf("\n", i + 2);
      this.i = end < 0 ? n : end;
      return true;
    }
    if (next === 42) {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = text.indexOf("\n", i + 2); k !== -1 && k < stop; k = text.indexOf("\n", k + 1))
        this.line++;
      this.i = stop;
      return true;
    }
    if (!this.previousAllowsRegex) return false;
    this.scanRegex();
    return true;
  }

  private scanRegex(): void {
    const { text, n, i } = this;
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
    this.push(this.literal(REGEX_KIND, i, k), this.line);
    this.i = k;
    this.previousAllowsRegex = false;
  }

  private scanIdentifier(c: number): void {
    const { text, n, i } = this;
    let h = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
    let k = i + 1;
    for (; k < n; k++) {
      const d = text.charCodeAt(k);
      if (!isIdentifierPart(d)) break;
      h = Math.imul(h ^ d, FNV_PRIME);
    }
    h >>>= 0;
    const isKeyword = k - i <= 10 && REGEX_AFTER_KEYWORD.has(h);
    this.push(this.identifierAny && !isKeyword ? IDENTIFIER_ANY : h, this.line);
    this.previousAllowsRegex = isKeyword;
    this.i = k;
  }

  private scanNumber(): void {
    const { text, n, i } = this;
    let k = i + 1;
    while (k < n) {
      const d = text.charCodeAt(k);
      if (isIdentifierPart(d) || d === 46) k++;
      else if ((d === 43 || d === 45) && (text.charCodeAt(k - 1) | 32) === 101) k++;
      else break;
    }
    this.push(this.literal(NUMBER_KIND, i, k), this.line);
    this.previousAllowsRegex = false;
    this.i = k;
  }

  private scanString(quote: number): void {
    const { text, n, i } = this;
    let k = i + 1;
    while (k < n) {
      const d = text.charCodeAt(k);
      if (d === 92) k += 2;
      else if (d === quote || d === 10) break;
      else k++;
    }
    k++;
    this.push(this.literal(STRING_KIND, i, Math.min(k, n)), this.line);
    this.previousAllowsRegex = false;
    this.i = k;
  }

  /** A template from its opening backtick to its end or its first `${`. */
  private scanTemplateHead(): void {
    const startLine = this.line;
    const end = this.scanTemplate(this.i + 1);
    this.push(this.literal(TEMPLATE_KIND, this.i, end), startLine);
    this.previousAllowsRegex =
      this.templateStack.length > 0 && this.text.charCodeAt(end - 1) === 123;
    this.i = end;
  }

  /** Is this `}` the end of a template substitution (not of a block inside it)? */
  private closesSubstitution(): boolean {
    const stack = this.templateStack;
    return stack.length > 0 && stack[stack.length - 1] === this.braceDepth - 1;
  }

  /** `}` closing a template substitution: the template's text goes on. */
  private scanTemplateTail(): void {
    const startLine = this.line;
    this.templateStack.pop();
    this.braceDepth--;
    const end = this.scanTemplate(this.i + 1);
    this.push(this.literal(TEMPLATE_KIND, this.i, end), startLine);
    this.previousAllowsRegex = this.text.charCodeAt(end - 1) === 123;
    this.i = end;
  }

  /** Scans template characters from `start` until a backtick or `${`; returns the new index. */
  private scanTemplate(start: number): number {
    const { text, n } = this;
    let i = start;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 96) return i + 1;
      else if (c === 36 && text.charCodeAt(i + 1) === 123) {
        this.templateStack.push(this.braceDepth);
        this.braceDepth++;
        return i + 2;
      } else {
        if (c === 10) this.line++;
        i++;
      }
    }
    return i;
  }

  private scanPunctuator(c: number): void {
    const length = this.punctuatorLength(c);
    if (c === 123) this.braceDepth++;
    else if (c === 125) this.braceDepth--;
    this.push(this.hashRange(FNV_OFFSET, this.i, this.i + length), this.line);
    this.previousAllowsRegex = !(c === 41 || c === 93 || c === 125) || length > 1;
    this.i += length;
  }

  /** The length of the longest punctuator starting at `this.i` (1 for a single character). */
  private punctuatorLength(c: number): number {
    const candidates = c < 128 ? PUNCT_BY_FIRST[c] : undefined;
    if (candidates === undefined) return 1;
    for (let p = 0; p < candidates.length; p++) {
      const codes = candidates[p]!;
      let k = 1;
      while (k < codes.length && this.text.charCodeAt(this.i + k) === codes[k]) k++;
      if (k === codes.length) return k;
    }
    return 1;
  }
}
