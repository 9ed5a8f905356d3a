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

/**
 * Rabin-Karp over the token hashes of all files at once (jscpd's method): every window of
 * `minTokens` tokens is hashed; a window seen before is verified token by token, extended as far
 * as both copies agree, and recorded against the first occurrence, so a fragment copied into
 * three places forms one group with three places. The table is a typed-array open-addressing
 * hash map: a JavaScript Map of 1.6 million windows costs several times more on effect's src/.
 */
export function detectClones(files: readonly CloneInput[], options: CloneOptions): CloneGroup[] {
  const window = options.minTokens;
  let total = 0;
  for (const f of files) total += f.hashes.length;
  const tokens = new Uint32Array(total);
  const lineOf = new Uint32Array(total);
  const fileOf = new Uint32Array(total);
  const fileEnd = new Uint32Array(files.length);
  let offset = 0;
  files.forEach((f, index) => {
    tokens.set(f.hashes, offset);
    lineOf.set(f.lines, offset);
    fileOf.fill(index, offset, offset + f.hashes.length);
    offset += f.hashes.length;
    fileEnd[index] = offset;
  });

  let capacity = 1024;
  while (capacity < total * 2) capacity *= 2;
  const mask = capacity - 1;
  // Key and position side by side, so a probe touches one cache line; a position is stored plus
  // one, so the zero-filled fresh array already means "empty" (no 16 MB fill pass).
  const table = new Uint32Array(capacity * 2);

  // Polynomial rolling hash: h = sum(t[i+k] * B^(W-1-k)); removing t[i] needs B^(W-1).
  const BASE = 0x01000193;
  let power = 1;
  for (let k = 1; k < window; k++) power = Math.imul(power, BASE);

  interface Match {
    original: number;
    copy: number;
    length: number;
  }
  const matches: Match[] = [];

  let fileStart = 0;
  for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
    const end = fileEnd[fileIndex]!;
    if (end - fileStart >= window) {
      let h = 0;
      for (let k = fileStart; k < fileStart + window; k++)
        h = (Math.imul(h, BASE) + tokens[k]!) | 0;
      let i = fileStart;
      while (true) {
        const key = h >>> 0;
        let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
        let found = EMPTY;
        while (table[2 * slot + 1] !== 0) {
          if (table[2 * slot] === key) {
            const candidate = table[2 * slot + 1]! - 1;
            let same = true;
            for (let k = 0; k < window; k++) {
              if (tokens[candidate + k] !== tokens[i + k]) {
                same = false;
                break;
              }
            }
            if (same) {
              found = candidate;
              break;
            }
          }
          slot = (slot + 1) & mask;
        }
        let next = i + 1;
        if (found === EMPTY) {
          table[2 * slot] = key;
          table[2 * slot + 1] = i + 1;
        } else {
          const originalEnd = fileEnd[fileOf[found]!]!;
          // A copy may not overlap its own original (repetitive code matching itself shifted).
          const limit = fileOf[found] === fileIndex ? i - found : Infinity;
          if (limit >= window) {
            let length = window;
            while (
              i + length < end &&
              found + length < originalEnd &&
              length < limit &&
              tokens[found + length] === tokens[i + length]
            ) {
              length++;
            }
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
          h = 0;
          for (let k = next; k < next + window; k++) h = (Math.imul(h, BASE) + tokens[k]!) | 0;
        }
        i = next;
      }
    }
    fileStart = end;
  }

  const groups = new Map<number, { length: number; originalLength: number; copies: Match[] }>();
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

  const place = (start: number, length: number): ClonePlace => ({
    path: files[fileOf[start]!]!.path,
    startLine: lineOf[start]!,
    endLine: lineOf[start + length - 1]!,
  });
  const result: CloneGroup[] = [];
  for (const [original, group] of groups) {
    // Periodic code (the same statement forty times) can match itself at several shifts: keep
    // only places that do not overlap a place already in the group.
    const places: ClonePlace[] = [];
    for (const candidate of [
      place(original, group.originalLength),
      ...group.copies.map((m) => place(m.copy, m.length)),
    ]) {
      const overlaps = places.some(
        (p) =>
          p.path === candidate.path &&
          candidate.startLine <= p.endLine &&
          candidate.endLine >= p.startLine,
      );
      if (!overlaps) places.push(candidate);
    }
    const copiesLongEnough = places.filter((p) => p.endLine - p.startLine + 1 >= options.minLines);
    if (copiesLongEnough.length < 2) continue;
    let content = 0x811c9dc5;
    for (let k = original; k < original + group.length; k++)
      content = Math.imul(content ^ tokens[k]!, 0x01000193);
    result.push({
      tokens: group.length,
      lines: Math.max(...copiesLongEnough.map((p) => p.endLine - p.startLine + 1)),
      places: copiesLongEnough,
      contentHash: ((content >>> 0).toString(16) + group.length.toString(16)).padStart(8, "0"),
    });
  }
  return result;
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
