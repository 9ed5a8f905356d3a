import { tokenDigest, type TokenStream } from "./tokenize.ts";

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

/**
 * What one detection hands the next (kept in the cache by the audit): each file's token digest,
 * every window hash that may occur more than once, and a bitmap of every window hash seen. With
 * it, the next detection skips, in the unchanged files, the windows that occur only once (about
 * 97% of effect's 1.6 million windows) and finds the same clones (see `repeatedFilter`).
 */
export interface CloneCarry {
  minTokens: number;
  paths: string[];
  /** 64 bits of the SHA-1 of each file's token hashes, in the order of `paths`. */
  digests: Uint32Array;
  /** A superset of the hashes of the windows whose tokens occur more than once. */
  repeated: Uint32Array;
  /** One bit per window hash (its top 24 bits of a multiplicative hash), set for every window. */
  windows: Uint8Array;
  /** Bits set in `windows`: past a quarter, a full detection starts it afresh. */
  windowBits: number;
  /** The matches found (original, copy, length: positions in all files' tokens end to end). */
  matches: Uint32Array;
}

/** All files' tokens end to end, and each file's end. */
interface Corpus {
  tokens: Uint32Array;
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
/** Above this share of changed tokens, one pass with the large table costs less than the filter. */
const MAX_CHANGED_SHARE = 0.25;
const WINDOW_BITS = 24;
/** The filter's bitmap: 512 KB, so that most of its probes stay in the processor's cache. */
const FILTER_BITS = 22;
/** Past this share of bits set, the bitmap passes too many windows: a full detection resets it. */
const MAX_WINDOW_FILL = 0.25;

/**
 * Rabin-Karp over the token hashes of all files at once (jscpd's method): every window of
 * `minTokens` tokens is hashed; a window seen before is verified token by token, extended as far
 * as both copies agree, and recorded against the first occurrence, so a fragment copied into
 * three places forms one group with three places. The table is a typed-array open-addressing
 * hash map: a JavaScript Map of 1.6 million windows costs several times more on effect's src/.
 */
export function detectClones(files: readonly CloneInput[], options: CloneOptions): CloneGroup[] {
  return detectClonesCarried(files, options).groups;
}

/**
 * `detectClones` that also takes what the previous detection carried and returns what to carry
 * to the next: the same groups whether `previous` is given or not, faster when few files changed.
 */
export function detectClonesCarried(
  files: readonly CloneInput[],
  options: CloneOptions,
  previous?: CloneCarry,
): { groups: CloneGroup[]; carry: CloneCarry } {
  const window = options.minTokens;
  const digests = fileDigests(files);
  const usable = previous && fits(previous, window) ? previous : undefined;
  // The same tokens in the same files (an edit of comments or layout only): the same matches.
  if (usable && unchanged(usable, files, digests)) {
    const fileEnd = endsOf(files);
    const groups = groupByOriginal(matchesOf(usable.matches));
    return { groups: cloneGroups(fileEnd, files, groups, options.minLines), carry: usable };
  }
  const corpus = concatenate(files);
  const filter = usable && repeatedFilter(corpus, files, digests, usable, window);
  // A full detection records every window in a fresh bitmap; a filtered one added the changed
  // files' windows to the previous bitmap.
  const windows = filter ? usable!.windows : new Uint8Array(1 << (WINDOW_BITS - 3));
  const full = filter ? undefined : fullFilter(corpus, files, window, windows);
  const candidates = filter ?? full!.filter;
  const table = new WindowTable(candidates.keys);
  const repeated = new KeySet(usable?.repeated.length ?? corpus.tokens.length >>> 4);
  const matches: Match[] = [];
  const matcher: Matcher = {
    corpus,
    matches,
    table,
    repeated,
    windowBits: filter ? usable!.windowBits : full!.windowBits,
    window,
  };
  matchCandidates(matcher, candidates.bits);
  return {
    groups: cloneGroups(corpus.fileEnd, files, groupByOriginal(matches), options.minLines),
    carry: {
      minTokens: window,
      paths: files.map((f) => f.path),
      digests,
      repeated: repeated.keys(),
      windows,
      windowBits: matcher.windowBits,
      matches: Uint32Array.from(matches.flatMap((m) => [m.original, m.copy, m.length])),
    },
  };
}

/** Whether every file, in the same order, has the tokens it had when `carry` was made. */
function unchanged(carry: CloneCarry, files: readonly CloneInput[], digests: Uint32Array): boolean {
  if (carry.paths.length !== files.length) return false;
  for (let k = 0; k < files.length; k++) if (carry.paths[k] !== files[k]!.path) return false;
  for (let k = 0; k < digests.length; k++) if (carry.digests[k] !== digests[k]) return false;
  return true;
}

function matchesOf(flat: Uint32Array): Match[] {
  const matches: Match[] = [];
  for (let k = 0; k + 2 < flat.length; k += 3)
    matches.push({ original: flat[k]!, copy: flat[k + 1]!, length: flat[k + 2]! });
  return matches;
}

/** Each file's end in the corpus of all files' tokens end to end. */
function endsOf(files: readonly CloneInput[]): Uint32Array {
  const fileEnd = new Uint32Array(files.length);
  let offset = 0;
  files.forEach((f, index) => (fileEnd[index] = offset += f.hashes.length));
  return fileEnd;
}

/** A carry from the cache is data: used only if it has the shape and window we expect. */
function fits(carry: CloneCarry, window: number): boolean {
  return (
    typeof carry === "object" &&
    carry !== null &&
    carry.minTokens === window &&
    Array.isArray(carry.paths) &&
    carry.digests instanceof Uint32Array &&
    carry.digests.length === 2 * carry.paths.length &&
    carry.repeated instanceof Uint32Array &&
    carry.windows instanceof Uint8Array &&
    carry.windows.length === 1 << (WINDOW_BITS - 3) &&
    typeof carry.windowBits === "number" &&
    carry.matches instanceof Uint32Array
  );
}

function bitOf(key: number): number {
  return Math.imul(key, 0x85ebca6b) >>> (32 - WINDOW_BITS);
}

/**
 * The windows to look up, as a bitmap of their hashes: a window whose bit is clear occurs once.
 * A bit set by another hash only sends one more window to the table.
 */
class Filter {
  readonly bits = new Uint8Array(1 << (FILTER_BITS - 3));
  keys = 0;

  add(key: number): void {
    const bit = Math.imul(key, 0x9e3779b1) >>> (32 - FILTER_BITS);
    this.bits[bit >>> 3] = this.bits[bit >>> 3]! | (1 << (bit & 7));
    this.keys++;
  }
}

/** The file that holds a position (binary search over the files' ends: positions in matches only). */
function fileAt(fileEnd: Uint32Array, position: number): number {
  let low = 0;
  let high = fileEnd.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (fileEnd[middle]! > position) high = middle;
    else low = middle + 1;
  }
  return low;
}

function concatenate(files: readonly CloneInput[]): Corpus {
  let total = 0;
  for (const f of files) total += f.hashes.length;
  const corpus: Corpus = {
    tokens: new Uint32Array(total),
    fileEnd: new Uint32Array(files.length),
  };
  let offset = 0;
  files.forEach((f, index) => {
    corpus.tokens.set(f.hashes, offset);
    offset += f.hashes.length;
    corpus.fileEnd[index] = offset;
  });
  return corpus;
}

/** Each file's token digest (the tokenizer's, else computed here), two numbers a file. */
function fileDigests(files: readonly CloneInput[]): Uint32Array {
  const digests = new Uint32Array(2 * files.length);
  files.forEach((f, index) => {
    const [a, b] = Array.isArray(f.digest) ? f.digest : tokenDigest(f.hashes);
    digests[2 * index] = a;
    digests[2 * index + 1] = b;
  });
  return digests;
}

/**
 * The window hashes this detection must look up: every other window occurs once in the corpus,
 * so a full detection would neither find it nor ever find a copy of it (its table entry only
 * lengthens other probes). A window that occurs twice now either lies wholly in unchanged files,
 * where it occurred twice before too (its hash is in the previous `repeated`), or has a place in
 * a changed file: then it occurs twice among the changed files, or also in an unchanged file,
 * whose windows all have their bit in the previous bitmap. Bits shared by chance only let more
 * windows through. Undefined when so much changed that one full pass costs less, or when the
 * bitmap has filled up. Adds the changed files' windows to the bitmap (`previous.windows`).
 */
function repeatedFilter(
  corpus: Corpus,
  files: readonly CloneInput[],
  digests: Uint32Array,
  previous: CloneCarry,
  window: number,
): Filter | undefined {
  const before = new Map<string, number>();
  previous.paths.forEach((path, index) => before.set(path, index));
  const changed: number[] = [];
  let changedTokens = 0;
  files.forEach((f, index) => {
    const old = before.get(f.path);
    if (
      old === undefined ||
      previous.digests[2 * old] !== digests[2 * index] ||
      previous.digests[2 * old + 1] !== digests[2 * index + 1]
    ) {
      changed.push(index);
      changedTokens += f.hashes.length;
    }
  });
  const bits = previous.windows.length * 8;
  if (
    changedTokens > MAX_CHANGED_SHARE * corpus.tokens.length ||
    previous.windowBits + changedTokens > MAX_WINDOW_FILL * bits
  )
    return undefined;
  const filter = new Filter();
  for (const key of previous.repeated) filter.add(key);
  const inChanged = new KeySet(changedTokens);
  const windows = previous.windows;
  const newBits: number[] = [];
  for (const index of changed)
    rollWindows(corpus, index, window, (key) => {
      const bit = bitOf(key);
      if (!(windows[bit >>> 3]! & (1 << (bit & 7)))) newBits.push(bit);
      else filter.add(key);
      if (!inChanged.add(key)) filter.add(key);
    });
  // Set only now: a bit the changed files set themselves says nothing about the unchanged ones.
  for (const bit of newBits) {
    if (windows[bit >>> 3]! & (1 << (bit & 7))) continue;
    windows[bit >>> 3]! |= 1 << (bit & 7);
    previous.windowBits++;
  }
  return filter;
}

/**
 * A full detection's filter, from one pass over every window that also fills the bitmap of every
 * window (`windows`) for the next detection: a window whose bit is set already may occur twice
 * and passes; a window seen once stays out of the table, which it could only enter, never be
 * found in. The same groups as looking every window up (see `matchCandidates`): on effect's src/
 * one pass over a 2 MB bitmap and the table's probes for a fraction of the windows cost a third
 * of the probes for every window, which miss the processor's cache in a table of 1.6 million.
 */
function fullFilter(
  corpus: Corpus,
  files: readonly CloneInput[],
  window: number,
  windows: Uint8Array,
): { filter: Filter; windowBits: number } {
  const filter = new Filter();
  let windowBits = 0;
  for (let index = 0; index < files.length; index++)
    rollWindows(corpus, index, window, (key) => {
      const bit = bitOf(key);
      const byte = windows[bit >>> 3]!;
      const mask = 1 << (bit & 7);
      if (byte & mask) filter.add(key);
      else {
        windows[bit >>> 3] = byte | mask;
        windowBits++;
      }
    });
  return { filter, windowBits };
}

/** Calls `visit` with the hash of every window of one file, in order. */
function rollWindows(
  corpus: Corpus,
  fileIndex: number,
  window: number,
  visit: (key: number) => void,
): void {
  const { tokens, fileEnd } = corpus;
  const start = fileIndex === 0 ? 0 : fileEnd[fileIndex - 1]!;
  const end = fileEnd[fileIndex]!;
  if (end - start < window) return;
  const power = powerOf(window);
  let h = hashWindow(tokens, start, window);
  for (let i = start; ; i++) {
    visit(h >>> 0);
    if (i + window >= end) break;
    h = (Math.imul(h - Math.imul(tokens[i]!, power), BASE) + tokens[i + window]!) | 0;
  }
}

function powerOf(window: number): number {
  let power = 1;
  for (let k = 1; k < window; k++) power = Math.imul(power, BASE);
  return power;
}

/** Slot of a 32-bit key in a table of 2^bits slots (Fibonacci hashing: the product's top bits). */
function home(key: number, shift: number): number {
  return Math.imul(key, 0x9e3779b1) >>> shift;
}

/** A set of 32-bit keys: open addressing over typed arrays, growing as it fills. */
class KeySet {
  private slots: Uint32Array;
  private used: Uint8Array;
  private shift: number;
  size = 0;

  constructor(expected: number) {
    let bits = 10;
    while (1 << bits < expected * 2) bits++;
    this.slots = new Uint32Array(1 << bits);
    this.used = new Uint8Array(1 << bits);
    this.shift = 32 - bits;
  }

  /** Adds the key; false when it was there already. */
  add(key: number): boolean {
    const mask = this.slots.length - 1;
    let slot = home(key, this.shift);
    for (; this.used[slot]; slot = (slot + 1) & mask) if (this.slots[slot] === key) return false;
    this.slots[slot] = key;
    this.used[slot] = 1;
    if (++this.size * 2 > this.slots.length) this.grow();
    return true;
  }

  keys(): Uint32Array {
    const keys = new Uint32Array(this.size);
    let n = 0;
    for (let slot = 0; slot < this.slots.length; slot++)
      if (this.used[slot]) keys[n++] = this.slots[slot]!;
    return keys;
  }

  private grow(): void {
    const keys = this.keys();
    const bits = 33 - this.shift;
    this.slots = new Uint32Array(1 << bits);
    this.used = new Uint8Array(1 << bits);
    this.shift = 32 - bits;
    this.size = 0;
    for (const key of keys) this.add(key);
  }
}

/**
 * The windows seen so far, by rolling hash: an open-addressing table of (key, start + 1) pairs.
 * Key and position side by side, so a probe touches one cache line; a position is stored plus
 * one, so the zero-filled fresh array already means "empty" (no 16 MB fill pass). It grows when
 * half full (sized for every window, a full detection never needs to).
 */
class WindowTable {
  slots: Uint32Array;
  mask: number;
  private size = 0;

  constructor(expected: number) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Uint32Array(capacity * 2);
    this.mask = capacity - 1;
  }

  /** Records a window at the free slot its probe ended on (from `probe`). */
  insert(slot: number, key: number, position: number): void {
    this.slots[2 * slot] = key;
    this.slots[2 * slot + 1] = position + 1;
    if (++this.size * 2 > this.mask + 1) this.grow();
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.mask = old.length - 1;
    for (let slot = 0; slot < old.length; slot += 2) {
      if (old[slot + 1] === 0) continue;
      let target = (Math.imul(old[slot]!, 0x9e3779b1) >>> 0) & this.mask;
      while (this.slots[2 * target + 1] !== 0) target = (target + 1) & this.mask;
      this.slots[2 * target] = old[slot]!;
      this.slots[2 * target + 1] = old[slot + 1]!;
    }
  }
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

interface Matcher {
  corpus: Corpus;
  /** Where the matches found go, in the order found. */
  matches: Match[];
  table: WindowTable;
  /** Collects the hashes of windows that occur more than once, for the next detection. */
  repeated: KeySet;
  /** The bits set in the bitmap of every window (`windows` of the carry). */
  windowBits: number;
  window: number;
}

/**
 * Rolls a window over every file, for the windows the filter lets through only: first the
 * candidates (one tight loop that rolls and tests a bit), then each candidate that does not lie
 * inside a copy found before it, in order, is looked up (a match records the copy and skips the
 * windows inside it). A window the filter stops occurs once: looked up, it would only have
 * entered the table, where no later window could find it (see `fullFilter`, `repeatedFilter`).
 * Every window that found a copy, and every window inside a copy, goes into `repeated`: together
 * they include each window that occurs twice (of two places of one window, the later is either
 * looked up, and finds the earlier or a place of it inside a copy, or is itself inside a copy).
 */
function matchCandidates(matcher: Matcher, filter: Uint8Array): void {
  const { corpus } = matcher;
  const { fileEnd } = corpus;
  const { positions, keys, count } = candidates(corpus, matcher.window, filter);
  let fileIndex = 0;
  let next = 0;
  for (let c = 0; c < count; c++) {
    const i = positions[c]!;
    while (i >= fileEnd[fileIndex]!) fileIndex++;
    if (i < next) continue;
    next = lookUp(matcher, fileIndex, i, keys[c]!, fileEnd[fileIndex]!);
  }
}

/** Every window whose hash has its bit set in `filter`: its start and hash, in order. */
function candidates(
  corpus: Corpus,
  window: number,
  filter: Uint8Array,
): { positions: Uint32Array; keys: Uint32Array; count: number } {
  const { tokens, fileEnd } = corpus;
  const power = powerOf(window);
  // Sized so that it rarely grows: growing mid-loop sends V8 back from optimised code.
  let positions = new Uint32Array(Math.max(1024, tokens.length >>> 2));
  let keys = new Uint32Array(positions.length);
  let count = 0;
  let start = 0;
  for (let f = 0; f < fileEnd.length; f++) {
    const end = fileEnd[f]!;
    if (end - start >= window) {
      let h = hashWindow(tokens, start, window);
      for (let i = start; ; i++) {
        const key = h >>> 0;
        const bit = Math.imul(key, 0x9e3779b1) >>> (32 - FILTER_BITS);
        if (filter[bit >>> 3]! & (1 << (bit & 7))) {
          if (count === positions.length) {
            positions = grown(positions);
            keys = grown(keys);
          }
          positions[count] = i;
          keys[count++] = key;
        }
        if (i + window >= end) break;
        h = (Math.imul(h - Math.imul(tokens[i]!, power), BASE) + tokens[i + window]!) | 0;
      }
    }
    start = end;
  }
  return { positions, keys, count };
}

function grown(array: Uint32Array): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/**
 * Looks the window at `i` up: a first sighting goes into the table, a copy is extended and
 * recorded. Returns where the next window starts (after the copy, as jscpd does: windows inside
 * it would only report parts of it again).
 */
function lookUp(matcher: Matcher, fileIndex: number, i: number, key: number, end: number): number {
  const { corpus, table, window } = matcher;
  const { slots, mask } = table;
  let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
  while (slots[2 * slot + 1] !== 0) {
    const found = slots[2 * slot + 1]! - 1;
    if (slots[2 * slot] === key && sameTokens(corpus.tokens, found, i, window)) {
      matcher.repeated.add(key);
      const length = extendMatch(corpus, found, i, fileIndex, end, window);
      if (length === 0) return i + 1;
      matcher.matches.push({ original: found, copy: i, length });
      skipCopy(matcher, i, length, key, end);
      return i + length;
    }
    slot = (slot + 1) & mask;
  }
  table.insert(slot, key, i);
  return i + 1;
}

/** The windows inside the copy at `i` are skipped: they count as repeated. */
function skipCopy(matcher: Matcher, i: number, length: number, key: number, end: number): void {
  const { tokens } = matcher.corpus;
  const { repeated, window } = matcher;
  const power = powerOf(window);
  let h = key | 0;
  for (let p = i; p + 1 < i + length && p + 1 + window <= end; p++) {
    h = (Math.imul(h - Math.imul(tokens[p]!, power), BASE) + tokens[p + window]!) | 0;
    repeated.add(h >>> 0);
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
  const { tokens, fileEnd } = corpus;
  const originalFile = fileAt(fileEnd, found);
  const originalEnd = fileEnd[originalFile]!;
  // A copy may not overlap its own original (repetitive code matching itself shifted).
  const limit = originalFile === fileIndex ? copy - found : Infinity;
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
  fileEnd: Uint32Array,
  files: readonly CloneInput[],
  groups: Map<number, MatchGroup>,
  minLines: number,
): CloneGroup[] {
  // A place never crosses the end of its file (extendMatch stops there).
  const located = (start: number) => {
    const index = fileAt(fileEnd, start);
    return { file: files[index]!, offset: start - (index === 0 ? 0 : fileEnd[index - 1]!) };
  };
  const place = (start: number, length: number): ClonePlace => {
    const { file, offset } = located(start);
    return {
      path: file.path,
      startLine: file.lines[offset]!,
      endLine: file.lines[offset + length - 1]!,
    };
  };
  const result: CloneGroup[] = [];
  for (const [original, group] of groups) {
    const places = distinctPlaces([
      place(original, group.originalLength),
      ...group.copies.map((m) => place(m.copy, m.length)),
    ]);
    const copiesLongEnough = places.filter((p) => p.endLine - p.startLine + 1 >= minLines);
    if (copiesLongEnough.length < 2) continue;
    const { file, offset } = located(original);
    result.push({
      tokens: group.length,
      lines: Math.max(...copiesLongEnough.map((p) => p.endLine - p.startLine + 1)),
      places: copiesLongEnough,
      contentHash: contentHash(file.hashes, offset, group.length),
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
  // Each file's places as line ranges, merged once sorted: a set of every line cost 10 times more.
  const ranges = new Map<string, Array<[number, number]>>();
  for (const group of groups) {
    for (const p of group.places) {
      let list = ranges.get(p.path);
      if (!list) ranges.set(p.path, (list = []));
      list.push([p.startLine, p.endLine]);
    }
  }
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [path, list] of ranges) {
    list.sort((a, b) => a[0] - b[0]);
    let lines = 0;
    let coveredTo = -Infinity;
    for (const [start, end] of list) {
      if (end <= coveredTo) continue;
      lines += end - Math.max(start, coveredTo + 1) + 1;
      coveredTo = end;
    }
    byFile.set(path, lines);
    total += lines;
  }
  return { total, byFile };
}
