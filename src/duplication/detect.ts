import type { TokenStream } from "./tokenize.ts";

export interface CloneInput extends TokenStream {
  path: string;
}

export interface ClonePlace {
  path: string;
  startLine: number;
  endLine: number;
}

export interface CloneGroup {
  /** Tokens every place shares (the shortest of the matched extents). */
  tokens: number;
  lines: number;
  /** The first occurrence first, then the copies in discovery order. */
  places: ClonePlace[];
  /** Hash of the shared token sequence: the group's identity, whatever the paths. */
  contentHash: string;
}

export interface CloneOptions {
  minTokens: number;
  minLines: number;
}

const EMPTY = 0xffffffff;

/** All files' tokens end to end, with each token's line and file and each file's end. */
interface Corpus {
  tokens: Uint32Array;
  lineOf: Uint32Array;
  fileOf: Uint32Array;
  fileEnd: Uint32Array;
}

/** A window seen before: the copy at `copy` repeats `length` tokens of the original at `original`. */
interface Match {
  original: number;
  copy: number;
  length: number;
}

// Polynomial rolling hash: h = sum(t[i+k] * B^(W-1-k)); removing t[i] needs B^(W-1).
const BASE = 0x01000193;

/**
 * Rabin-Karp over the token hashes of all files at once (jscpd's method): every window of
 * `minTokens` tokens is hashed; a window seen before is verified token by token, extended as far
 * as both copies agree, and recorded against the first occurrence, so a fragment copied into
 * three places forms one group with three places. The table is a typed-array open-addressing
 * hash map: a JavaScript Map of 1.6 million windows costs several times more on effect's src/.
 */
export function detectClones(files: readonly CloneInput[], options: CloneOptions): CloneGroup[] {
  const corpus = concatenate(files);
  const table = windowTable(corpus.tokens.length);
  const matches: Match[] = [];
  let fileStart = 0;
  for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
    const end = corpus.fileEnd[fileIndex]!;
    if (end - fileStart >= options.minTokens)
      matchFile(corpus, table, options.minTokens, fileIndex, fileStart, end, matches);
    fileStart = end;
  }
  return cloneGroups(corpus, files, groupByOriginal(matches), options.minLines);
}

function concatenate(files: readonly CloneInput[]): Corpus {
  let total = 0;
  for (const f of files) total += f.hashes.length;
  const corpus: Corpus = {
    tokens: new Uint32Array(total),
    lineOf: new Uint32Array(total),
    fileOf: new Uint32Array(total),
    fileEnd: new Uint32Array(files.length),
  };
  let offset = 0;
  files.forEach((f, index) => {
    corpus.tokens.set(f.hashes, offset);
    corpus.lineOf.set(f.lines, offset);
    corpus.fileOf.fill(index, offset, offset + f.hashes.length);
    offset += f.hashes.length;
    corpus.fileEnd[index] = offset;
  });
  return corpus;
}

/**
 * The windows seen so far, by rolling hash: an open-addressing table of (key, start + 1) pairs.
 * Key and position side by side, so a probe touches one cache line; a position is stored plus
 * one, so the zero-filled fresh array already means "empty" (no 16 MB fill pass).
 */
interface WindowTable {
  slots: Uint32Array;
  mask: number;
}

function windowTable(total: number): WindowTable {
  let capacity = 1024;
  while (capacity < total * 2) capacity *= 2;
  return { slots: new Uint32Array(capacity * 2), mask: capacity - 1 };
}

function sameTokens(tokens: Uint32Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (tokens[a + k] !== tokens[b + k]) return false;
  return true;
}

function hashWindow(tokens: Uint32Array, from: number, window: number): number {
  let h = 0;
  for (let k = from; k < from + window; k++) h = (Math.imul(h, BASE) + tokens[k]!) | 0;
  return h;
}

/** Rolls a window over one file's tokens, recording a match wherever a window was seen before. */
function matchFile(
  corpus: Corpus,
  table: WindowTable,
  window: number,
  fileIndex: number,
  fileStart: number,
  end: number,
  matches: Match[],
): void {
  const { tokens } = corpus;
  const { slots, mask } = table;
  let power = 1;
  for (let k = 1; k < window; k++) power = Math.imul(power, BASE);
  let h = hashWindow(tokens, fileStart, window);
  let i = fileStart;
  while (true) {
    const key = h >>> 0;
    let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    let found = EMPTY;
    while (slots[2 * slot + 1] !== 0) {
      const candidate = slots[2 * slot + 1]! - 1;
      if (slots[2 * slot] === key && sameTokens(tokens, candidate, i, window)) {
        found = candidate;
        break;
      }
      slot = (slot + 1) & mask;
    }
    let next = i + 1;
    if (found === EMPTY) {
      slots[2 * slot] = key;
      slots[2 * slot + 1] = i + 1;
    } else {
      const length = extendMatch(corpus, found, i, fileIndex, end, window);
      if (length > 0) {
        matches.push({ original: found, copy: i, length });
        // Go on after the copy, as jscpd does: windows inside it would only report parts of it again.
        next = i + length;
      }
    }
    if (next + window > end) break;
    // Roll forward to `next`.
    if (next === i + 1) {
      h = (Math.imul(h - Math.imul(tokens[i]!, power), BASE) + tokens[i + window]!) | 0;
    } else {
      h = hashWindow(tokens, next, window);
    }
    i = next;
  }
}

/** How far the copy at `copy` goes on repeating its original at `found`; 0 where it would overlap it. */
function extendMatch(
  corpus: Corpus,
  found: number,
  copy: number,
  fileIndex: number,
  end: number,
  window: number,
): number {
  const { tokens, fileOf, fileEnd } = corpus;
  const originalEnd = fileEnd[fileOf[found]!]!;
  // A copy may not overlap its own original (repetitive code matching itself shifted).
  const limit = fileOf[found] === fileIndex ? copy - found : Infinity;
  if (limit < window) return 0;
  let length = window;
  while (
    copy + length < end &&
    found + length < originalEnd &&
    length < limit &&
    tokens[found + length] === tokens[copy + length]
  ) {
    length++;
  }
  return length;
}

type MatchGroup = { length: number; originalLength: number; copies: Match[] };

function groupByOriginal(matches: Match[]): Map<number, MatchGroup> {
  const groups = new Map<number, MatchGroup>();
  for (const match of matches) {
    const group = groups.get(match.original);
    if (group) {
      group.copies.push(match);
      group.length = Math.min(group.length, match.length);
      group.originalLength = Math.max(group.originalLength, match.length);
    } else {
      groups.set(match.original, {
        length: match.length,
        originalLength: match.length,
        copies: [match],
      });
    }
  }
  return groups;
}

function cloneGroups(
  corpus: Corpus,
  files: readonly CloneInput[],
  groups: Map<number, MatchGroup>,
  minLines: number,
): CloneGroup[] {
  const place = (start: number, length: number): ClonePlace => ({
    path: files[corpus.fileOf[start]!]!.path,
    startLine: corpus.lineOf[start]!,
    endLine: corpus.lineOf[start + length - 1]!,
  });
  const result: CloneGroup[] = [];
  for (const [original, group] of groups) {
    const places = distinctPlaces([
      place(original, group.originalLength),
      ...group.copies.map((m) => place(m.copy, m.length)),
    ]);
    const copiesLongEnough = places.filter((p) => p.endLine - p.startLine + 1 >= minLines);
    if (copiesLongEnough.length < 2) continue;
    result.push({
      tokens: group.length,
      lines: Math.max(...copiesLongEnough.map((p) => p.endLine - p.startLine + 1)),
      places: copiesLongEnough,
      contentHash: contentHash(corpus.tokens, original, group.length),
    });
  }
  return result;
}

/**
 * Periodic code (the same statement forty times) can match itself at several shifts: keep only
 * places that do not overlap a place already kept.
 */
function distinctPlaces(candidates: ClonePlace[]): ClonePlace[] {
  const places: ClonePlace[] = [];
  for (const candidate of candidates) {
    const overlaps = places.some(
      (p) =>
        p.path === candidate.path &&
        candidate.startLine <= p.endLine &&
        candidate.endLine >= p.startLine,
    );
    if (!overlaps) places.push(candidate);
  }
  return places;
}

function contentHash(tokens: Uint32Array, original: number, length: number): string {
  let content = 0x811c9dc5;
  for (let k = original; k < original + length; k++)
    content = Math.imul(content ^ tokens[k]!, 0x01000193);
  return ((content >>> 0).toString(16) + length.toString(16)).padStart(8, "0");
}

/** Distinct lines that any clone covers, per file and in total (SonarQube's "duplicated lines"). */
export function duplicatedLines(groups: readonly CloneGroup[]): {
  total: number;
  byFile: Map<string, number>;
} {
  const covered = new Map<string, Set<number>>();
  for (const group of groups) {
    for (const p of group.places) {
      let set = covered.get(p.path);
      if (!set) covered.set(p.path, (set = new Set()));
      for (let line = p.startLine; line <= p.endLine; line++) set.add(line);
    }
  }
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [path, set] of covered) {
    byFile.set(path, set.size);
    total += set.size;
  }
  return { total, byFile };
}
