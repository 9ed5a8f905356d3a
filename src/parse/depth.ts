/**
 * A cheap upper estimate of how deep the parser will recurse on a file, computed on its bytes
 * before parsing. oxc-parser is a recursive-descent parser without a depth guard: about 6,000
 * nested parentheses, 3,500 nested functions or 8,500 chained ternaries overflow the native
 * stack and kill the whole process (SIGSEGV), so a file that deep must not reach it. The
 * measurements and the limit are in docs/adr/0001-parse-depth-limit.md.
 *
 * The estimate counts, at any point of the text:
 * - open brackets `(` `[` `{` and template substitutions `${`;
 * - expression nesting that needs no bracket (`?` `:` `=` `=>` `**`, unary `!` `~` `+` `-`,
 *   `new` `await` `yield` `typeof` `void` `delete`, a `<` before a name as in JSX or generics),
 *   ended by `,` or `;` at the same bracket level, or by a statement boundary that automatic
 *   semicolon insertion makes (a value, a line break, then a name, number or string);
 * - statement nesting (`if` `for` `while` `with`), ended by `;` or such a boundary;
 * - `else` and `do`, which chain statements past a `;`, ended only by their bracket's close.
 * Strings, comments, template text and regular expression literals are skipped; a `/` is a
 * regular expression where a value cannot end (the usual rule, including after the head of
 * `if (...)`). The scan reads bytes: UTF-8 continuation bytes are never ASCII punctuation.
 */

/**
 * Files nesting deeper than this are not parsed. Real code stays far below it (at most 45 in
 * effect's src/, 101 in the 8,945 files of debtlens's node_modules, bundles included); the
 * parser's native stack gives out at about 3,500 (nested functions, 8 MB main-thread stack) and
 * its JavaScript deserialiser at about 950 (nested classes); see the ADR.
 */
export const MAX_NESTING = 1500;

export interface NestingScan {
  /** The highest estimate reached (at most `limit + 1` when the scan stopped early). */
  depth: number;
  /** Byte offset where that estimate was first reached. */
  offset: number;
}

// What the previous significant token was: it decides regex against division, unary against
// binary, and whether a line break ends a statement.
const EXPRESSION_EXPECTED = 0; // start, punctuator, operator keyword: a value comes next
const VALUE = 1; // name, number, string, `)` `]`: an operator or the statement's end comes next
const CONTROL_HEAD = 2; // `)` closing `if (...)`, `while (...)`, `for (...)`, `with (...)`
const BLOCK_END = 3; // `}`: a statement may start next

// Keywords by what they do to the estimate (bits).
const STATEMENT_NESTING = 1; // if for while with
const CHAIN = 2; // else do
const EXPRESSION_NESTING = 4; // new await yield typeof void delete, TypeScript's type operators
const CONTINUES = 8; // a line break before it does not end a statement
const DECLARATION = 16; // a statement starts here
const ENDS_CHAIN = 32; // `else` and `do` cannot take it as their statement

const KEYWORDS: Array<[string, number]> = [
  ["if", STATEMENT_NESTING],
  ["for", STATEMENT_NESTING],
  ["while", STATEMENT_NESTING],
  ["with", STATEMENT_NESTING],
  ["else", CHAIN],
  ["do", CHAIN],
  ["new", EXPRESSION_NESTING],
  ["await", EXPRESSION_NESTING],
  ["yield", EXPRESSION_NESTING],
  ["typeof", EXPRESSION_NESTING],
  ["void", EXPRESSION_NESTING],
  ["delete", EXPRESSION_NESTING],
  ["keyof", EXPRESSION_NESTING],
  ["readonly", EXPRESSION_NESTING],
  ["infer", EXPRESSION_NESTING],
  ["unique", EXPRESSION_NESTING],
  // `class extends class extends ...`: each heritage is a class expression nested in the last.
  ["extends", EXPRESSION_NESTING | CONTINUES],
  ["case", 0],
  ["in", CONTINUES],
  ["of", CONTINUES],
  ["instanceof", CONTINUES],
  ["as", CONTINUES],
  ["satisfies", CONTINUES],
  ["implements", CONTINUES],
  ["return", DECLARATION],
  ["throw", DECLARATION],
  ["var", DECLARATION],
  ["const", DECLARATION | ENDS_CHAIN],
  ["export", DECLARATION | ENDS_CHAIN],
];

/**
 * Keywords in an open-addressing table keyed by a hash of their bytes, computed while a name
 * is scanned: no string is made for a name to look it up.
 */
const KEYWORD_SLOTS = 1024;
const keywordSlot = new Int16Array(KEYWORD_SLOTS).fill(-1);
const keywordBytes: Uint8Array[] = [];
const keywordKinds: number[] = [];
for (const [word, kinds] of KEYWORDS) {
  const bytes = new TextEncoder().encode(word);
  let h = 0;
  for (const b of bytes) h = (h * 31 + b) & 0xffffff;
  let slot = h & (KEYWORD_SLOTS - 1);
  while (keywordSlot[slot] !== -1) slot = (slot + 1) & (KEYWORD_SLOTS - 1);
  keywordSlot[slot] = keywordBytes.length;
  keywordBytes.push(bytes);
  keywordKinds.push(kinds);
}

/** The kinds of the keyword `bytes[from, to)`, or -1 for any other name. */
function keywordKindsOf(bytes: Uint8Array, from: number, to: number): number {
  let h = 0;
  for (let k = from; k < to; k++) h = (h * 31 + bytes[k]!) & 0xffffff;
  for (let slot = h & (KEYWORD_SLOTS - 1); ; slot = (slot + 1) & (KEYWORD_SLOTS - 1)) {
    const index = keywordSlot[slot]!;
    if (index === -1) return -1;
    const word = keywordBytes[index]!;
    if (word.length !== to - from) continue;
    let k = 0;
    while (k < word.length && word[k] === bytes[from + k]) k++;
    if (k === word.length) return keywordKinds[index]!;
  }
}

// Character codes the scan compares bytes with.
const TAB = 9;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const BANG = 33;
const DOUBLE_QUOTE = 34;
const DOLLAR = 36;
const QUOTE = 39;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const STAR = 42;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const DIGIT0 = 48;
const DIGIT9 = 57;
const COLON = 58;
const SEMICOLON = 59;
const LESS = 60;
const EQUALS = 61;
const GREATER = 62;
const QUESTION = 63;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const BACKTICK = 96;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const TILDE = 126;
const HASH = 35;

// Frame kinds on the bracket stack.
const PAREN = 1;
const CONTROL_PAREN = 2; // the head of if/while/for/with: after its `)` a statement starts
const BRACKET = 3;
const BRACE = 4;
const TEMPLATE = 5; // `${` inside a template literal: its `}` resumes the template text

// Bytes that can start a name (letters, `_`, `$`, `#`, and every byte of a non-ASCII character)
// and that can continue one (those and digits), looked up in one table.
const NAME_START = 1;
const NAME_PART = 2;
const NAME_BYTES = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const start =
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    c === 95 /* _ */ ||
    c === 36 ||
    c === HASH ||
    c >= 0x80;
  const digit = c >= DIGIT0 && c <= DIGIT9;
  NAME_BYTES[c] = (start ? NAME_START | NAME_PART : 0) | (digit ? NAME_PART : 0);
}
function isNameStart(c: number): boolean {
  return (NAME_BYTES[c]! & NAME_START) !== 0;
}

// What a token adds to the estimate, which counts levels of the AST: a bracket or anything else
// that nests counts 3 (it is one or more levels of the AST, and the parser recurses into it), a
// link of a left-to-right chain (`a + b + c`, `a.b().c()`) counts 1: the parser reads chains in a
// loop, but the AST they make is as deep as they are long, and reading it back into JavaScript
// and walking it recurses.
const NEST = 3;
const LINK = 1;

// Frames on the bracket stack: 4 numbers each.
const KIND = 0; // what opened it
const EXPRESSION = 1; // bracket-free expression nesting pending inside it
const STATEMENT = 2; // if/for/while/with pending inside it
const CHAINED = 3; // else/do pending inside it
const STRIDE = 4;

// The scanners of the tokens the estimate skips over: small functions, so that V8 optimises
// their loops early (a large function waits longer to be optimised, and a cold scan of effect's
// src/ spent most of its time in the interpreter).

function nameEnd(bytes: Uint8Array, from: number): number {
  const n = bytes.length;
  let i = from;
  while (i < n && (NAME_BYTES[bytes[i]!]! & NAME_PART) !== 0) i++;
  // `\u0061`: an escape inside a name
  return i < n && bytes[i] === BACKSLASH ? nameEnd(bytes, i + 2) : i;
}

/** Letters, digits, dots, and a sign after an exponent's e: one number. */
function numberEnd(bytes: Uint8Array, from: number): number {
  const n = bytes.length;
  let i = from;
  while (i < n) {
    const d = bytes[i]!;
    if ((NAME_BYTES[d]! & NAME_PART) !== 0 || d === DOT) i++;
    else if ((d === PLUS || d === MINUS) && (bytes[i - 1]! | 0x20) === 101) i++;
    else break;
  }
  return i;
}

/** After the opening quote; an unterminated string ends at the line's end, as the parser's does. */
function stringEnd(bytes: Uint8Array, from: number, quote: number): number {
  const n = bytes.length;
  let i = from;
  while (i < n) {
    const d = bytes[i]!;
    if (d === quote) return i + 1;
    if (d === NEWLINE) return i;
    i += d === BACKSLASH ? 2 : 1;
  }
  return n;
}

/** After the opening `/*`: the index after `*\/`, negated when the comment holds a line break. */
function blockCommentEnd(bytes: Uint8Array, from: number): number {
  const n = bytes.length;
  let lineBreak = false;
  let i = from;
  while (i < n && !(bytes[i] === STAR && bytes[i + 1] === SLASH)) {
    if (bytes[i] === NEWLINE) lineBreak = true;
    i++;
  }
  const end = Math.min(i + 2, n);
  return lineBreak ? -end : end;
}

/** After the opening slash: to the closing slash outside a class, never past a line. */
function regexEnd(bytes: Uint8Array, from: number): number {
  const n = bytes.length;
  let inClass = false;
  let i = from;
  while (i < n) {
    const d = bytes[i]!;
    if (d === NEWLINE) return i;
    i += d === BACKSLASH ? 2 : 1;
    if (d === OPEN_BRACKET) inClass = true;
    else if (d === CLOSE_BRACKET) inClass = false;
    else if (d === SLASH && !inClass) return i;
  }
  return n;
}

/**
 * The template text from `from` (after a backtick, or after the `}` of a substitution) to its
 * closing backtick (returns the index after it) or to its next `${` (returns minus the index
 * after it: a substitution opens).
 */
function templateText(bytes: Uint8Array, from: number): number {
  const n = bytes.length;
  let j = from;
  while (j < n) {
    const c = bytes[j]!;
    if (c === BACKSLASH) j += 2;
    else if (c === BACKTICK) return j + 1;
    else if (c === DOLLAR && bytes[j + 1] === OPEN_BRACE) return -(j + 2);
    else j++;
  }
  return n;
}

/**
 * Scans `bytes` and returns the highest nesting estimate; stops as soon as it exceeds `limit`
 * (a hostile file is not read to its end). One function with no closures: the counters stay in
 * registers (closures over them made the first, cold scan of effect's src/ ten times slower).
 */
export function nestingDepth(bytes: Uint8Array, limit = Number.POSITIVE_INFINITY): NestingScan {
  if (!warm) {
    warm = true;
    scan(WARM_UP, Number.POSITIVE_INFINITY);
  }
  return scan(bytes, limit);
}

/**
 * Every kind of token once: scanned before the first file, so that each branch of the scan has
 * type feedback when V8 optimises it. Without it, optimised code met branches it had never seen
 * in the first real files and fell back to the interpreter each time (seven deoptimisations on
 * effect's src/).
 */
const WARM_UP = new TextEncoder().encode(
  [
    "#!/usr/bin/env node",
    "/* a\n */ // b",
    "import x from 'y';",
    'export const a = { b: [1, 2.5e+3, 0x1f], "c": `d${e}f${`g`}` } satisfies T;',
    "if (a) b(); else if (c) do d--; while (!e); for (;;) with (f) l: ++g;",
    "x = a ? b : c => d ** e + -f - +g * h / i % j & k | l ^ ~m << n >> o;",
    "x = a?.b ?? c ??= d; x += 1; x -= 2; y = a == b != c === d !== e <= f >= g < h > i;",
    "x = new A<B>(typeof c, void d, delete e.f, await g, yield h, keyof i, readonly j);",
    "x = /re[/]\\//g.test(a) || b && c instanceof D; y = e in f; z = a!.b as C;",
    "class E extends F implements G { #h = 1; static { throw i; } }",
    "const j = <K>{l}</K>; var m = 'n\\'o'; let p = \"q\"; return r\\u0061;",
    "}])",
  ].join("\n"),
);
let warm = false;

function scan(bytes: Uint8Array, limit: number): NestingScan {
  const n = bytes.length;
  let frames = new Int32Array(64 * STRIDE);
  let top = 0; // offset of the innermost frame; frame 0 is the file itself
  let total = 0;
  let max = 0;
  let maxOffset = 0;
  let prev = EXPRESSION_EXPECTED;
  let lineBreak = false; // a line break since the previous significant token
  let controlPending = false; // the last name was if/while/for/with: its `(` is a control head
  let opens = 0; // a frame to open after this token (its kind), 0 for none
  let i = 0;

  while (i < n) {
    const c = bytes[i]!;
    if (c === SPACE || c === TAB || c === CARRIAGE_RETURN) {
      i++;
      continue;
    }
    if (c === NEWLINE) {
      lineBreak = true;
      i++;
      continue;
    }
    // A value, a line break, then a name, number or string: automatic semicolon insertion ends
    // the statement there, as the parser will (no-semicolon code would otherwise pile up).
    const boundary: boolean = lineBreak && (prev === VALUE || prev === BLOCK_END);
    lineBreak = false;
    const wasControl = controlPending;
    controlPending = false;
    let endsStatement = false;
    let adds = 0; // what this token adds to the estimate (NEST or LINK)
    const afterValue = prev === VALUE;

    if (isNameStart(c) || c === BACKSLASH) {
      const start = i;
      i = nameEnd(bytes, i + 1);
      // A member name (`a.if`) is not a keyword.
      const kinds =
        i - start <= 10 && (start === 0 || bytes[start - 1] !== DOT)
          ? keywordKindsOf(bytes, start, i)
          : -1;
      if (kinds === -1) {
        endsStatement = boundary;
        prev = VALUE;
      } else {
        endsStatement =
          (boundary && (kinds & (CONTINUES | CHAIN)) === 0) || (kinds & DECLARATION) !== 0;
        if (kinds & ENDS_CHAIN) {
          total -= frames[top + CHAINED]!;
          frames[top + CHAINED] = 0;
        }
        prev = EXPRESSION_EXPECTED;
        if (kinds & STATEMENT_NESTING) {
          if (endsStatement) {
            total -= frames[top + EXPRESSION]! + frames[top + STATEMENT]!;
            frames[top + EXPRESSION] = 0;
            frames[top + STATEMENT] = 0;
            endsStatement = false;
          }
          frames[top + STATEMENT]! += NEST;
          total += NEST;
          controlPending = true;
        } else if (kinds & CHAIN) {
          frames[top + CHAINED]! += NEST;
          total += NEST;
        } else if (kinds & EXPRESSION_NESTING) adds = NEST;
        else if (kinds & CONTINUES && afterValue) adds = LINK; // in, instanceof, as, satisfies
      }
    } else if (c >= DIGIT0 && c <= DIGIT9) {
      endsStatement = boundary;
      i = numberEnd(bytes, i + 1);
      prev = VALUE;
    } else {
      const next = i + 1 < n ? bytes[i + 1]! : 0;
      switch (c) {
        case DOUBLE_QUOTE:
        case QUOTE:
          endsStatement = boundary;
          i = stringEnd(bytes, i + 1, c);
          prev = VALUE;
          break;
        case BACKTICK: {
          const after = templateText(bytes, i + 1);
          if (after < 0) opens = TEMPLATE;
          i = Math.abs(after);
          if (afterValue) adds = LINK; // a tagged template
          prev = VALUE;
          break;
        }
        case SLASH:
          if (next === SLASH) {
            const end = bytes.indexOf(NEWLINE, i);
            i = end < 0 ? n : end;
            lineBreak = boundary; // a comment does not hide the line break before it
            continue;
          }
          if (next === STAR) {
            const end = blockCommentEnd(bytes, i + 2);
            // a comment does not hide a line break before or inside it
            lineBreak = boundary || end < 0;
            i = Math.abs(end);
            continue;
          }
          if (prev === VALUE) {
            i++; // division
            adds = LINK;
            prev = EXPRESSION_EXPECTED;
            break;
          }
          // A regular expression literal: to its closing slash outside a class, never past a line.
          i = regexEnd(bytes, i + 1);
          prev = VALUE;
          break;
        case OPEN_PAREN:
          opens = wasControl ? CONTROL_PAREN : PAREN;
          if (afterValue) adds = LINK; // a call
          i++;
          prev = EXPRESSION_EXPECTED;
          break;
        case OPEN_BRACKET:
          opens = BRACKET;
          if (afterValue) adds = LINK; // a computed member
          i++;
          prev = EXPRESSION_EXPECTED;
          break;
        case OPEN_BRACE:
          opens = BRACE;
          i++;
          prev = EXPRESSION_EXPECTED;
          break;
        case CLOSE_PAREN:
        case CLOSE_BRACKET:
        case CLOSE_BRACE: {
          i++;
          const frame = frames[top + KIND]!;
          // Only the bracket a frame opened with closes it; a stray closer (invalid code) is
          // left alone.
          const closes =
            top > 0 &&
            (c === CLOSE_BRACE
              ? frame === BRACE || frame === TEMPLATE
              : frame !== BRACE && frame !== TEMPLATE);
          if (!closes) {
            prev = VALUE;
            break;
          }
          total -=
            NEST + frames[top + EXPRESSION]! + frames[top + STATEMENT]! + frames[top + CHAINED]!;
          top -= STRIDE;
          if (frame === TEMPLATE) {
            const after = templateText(bytes, i);
            if (after < 0) opens = TEMPLATE;
            i = Math.abs(after);
            prev = VALUE;
          } else
            prev = frame === CONTROL_PAREN ? CONTROL_HEAD : frame === BRACE ? BLOCK_END : VALUE;
          break;
        }
        case SEMICOLON:
          endsStatement = true;
          i++;
          prev = EXPRESSION_EXPECTED;
          break;
        case COMMA:
          total -= frames[top + EXPRESSION]!;
          frames[top + EXPRESSION] = 0;
          i++;
          prev = EXPRESSION_EXPECTED;
          break;
        case QUESTION:
          if (next === QUESTION) {
            // ?? is a link of a chain; ??= assigns, and assignments nest to their right
            const assigns = bytes[i + 2] === EQUALS;
            adds = assigns ? NEST : LINK;
            i += assigns ? 3 : 2;
          } else if (next === DOT && !(bytes[i + 2]! >= DIGIT0 && bytes[i + 2]! <= DIGIT9)) {
            i += 2; // optional chaining continues a member chain
            adds = LINK;
          } else {
            adds = NEST; // a conditional, or TypeScript's optional mark
            i++;
          }
          prev = EXPRESSION_EXPECTED;
          break;
        case COLON:
          adds = NEST;
          i++;
          prev = EXPRESSION_EXPECTED;
          break;
        case EQUALS:
          if (next === EQUALS) {
            i += bytes[i + 2] === EQUALS ? 3 : 2; // comparison
            adds = LINK;
          } else {
            adds = NEST; // `=` and `=>`: assignments and arrows nest to their right
            i += next === GREATER ? 2 : 1;
          }
          prev = EXPRESSION_EXPECTED;
          break;
        case BANG:
          if (next === EQUALS) {
            i += bytes[i + 2] === EQUALS ? 3 : 2;
            adds = LINK;
            prev = EXPRESSION_EXPECTED;
          } else if (prev === VALUE) {
            i++; // TypeScript's non-null assertion: a postfix chain
            adds = LINK;
          } else {
            adds = NEST;
            i++;
            prev = EXPRESSION_EXPECTED;
          }
          break;
        case TILDE:
          adds = NEST;
          i++;
          prev = EXPRESSION_EXPECTED;
          break;
        case PLUS:
        case MINUS:
          if (next === c) {
            // A prefix ++ or -- nests its operand (`++ ++ ++a` is an error the parser recurses
            // on); a postfix one ends a value.
            i += 2;
            if (prev !== VALUE) {
              adds = NEST;
              prev = EXPRESSION_EXPECTED;
            }
          } else {
            // a compound assignment or a unary sign nests; a binary operator is a link
            adds = next === EQUALS || prev !== VALUE ? NEST : LINK;
            i += next === EQUALS ? 2 : 1;
            prev = EXPRESSION_EXPECTED;
          }
          break;
        case STAR:
          if (next === STAR) {
            adds = NEST; // exponentiation is right-associative
            i += 2;
          } else {
            i++;
            if (afterValue) adds = LINK;
          }
          prev = EXPRESSION_EXPECTED;
          break;
        case LESS:
          // A JSX tag, a fragment or a type argument list nest without brackets; <= compares.
          if (next === GREATER || (isNameStart(next) && next !== HASH)) adds = NEST;
          else if (afterValue) adds = LINK;
          i += next === EQUALS ? 2 : 1;
          prev = EXPRESSION_EXPECTED;
          break;
        case GREATER:
          i += next === EQUALS ? 2 : 1;
          if (afterValue) adds = LINK;
          prev = EXPRESSION_EXPECTED;
          break;
        case DOT:
          if (next === DOT && bytes[i + 2] === DOT) i += 3;
          else {
            i++;
            if (afterValue) adds = LINK; // a member
          }
          prev = EXPRESSION_EXPECTED;
          break;
        default:
          i++;
          if (afterValue) adds = LINK; // % & | ^ between values
          prev = EXPRESSION_EXPECTED;
      }
    }

    if (endsStatement) {
      total -= frames[top + EXPRESSION]! + frames[top + STATEMENT]!;
      frames[top + EXPRESSION] = 0;
      frames[top + STATEMENT] = 0;
    }
    if (adds) {
      frames[top + EXPRESSION]! += adds;
      total += adds;
    }
    if (opens) {
      top += STRIDE;
      if (top + STRIDE > frames.length) {
        const bigger = new Int32Array(frames.length * 2);
        bigger.set(frames);
        frames = bigger;
      }
      frames[top + KIND] = opens;
      frames[top + EXPRESSION] = 0;
      frames[top + STATEMENT] = 0;
      frames[top + CHAINED] = 0;
      total += NEST;
      opens = 0;
    }
    if (total > max) {
      max = total;
      maxOffset = i - 1;
      if (max > limit) break;
    }
  }
  return { depth: max, offset: maxOffset };
}
