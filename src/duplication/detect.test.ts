import { describe, expect, it } from "vitest";
import { detectClones, detectClonesCarried, type CloneCarry, type CloneInput } from "./detect.ts";

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const options = { minTokens: 20, minLines: 2 };

/**
 * Files made of shared blocks (the clones) between filler no other file has, five tokens a line:
 * `blocks` of 20 to 60 tokens, so copies overlap windows, extend past them and repeat in a file.
 */
function corpus(seed: number) {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const blocks = Array.from({ length: 12 }, () =>
    Array.from({ length: 20 + pick(40) }, () => pick(50)),
  );
  let filler = 1000;
  const fresh = (n: number) => Array.from({ length: n }, () => filler++);
  const input = (path: string, tokens: number[]): CloneInput => ({
    path,
    hashes: Uint32Array.from(tokens),
    lines: Uint32Array.from(tokens, (_, i) => 1 + Math.floor(i / 5)),
  });
  const file = (path: string): CloneInput => {
    const tokens: number[] = [];
    for (let k = 1 + pick(6); k > 0; k--) {
      if (next() < 0.6) tokens.push(...blocks[pick(blocks.length)]!);
      tokens.push(...fresh(pick(30)));
    }
    return input(path, tokens);
  };
  /**
   * One edit of `files[at]`: a slice of another file pasted in (its once-unique code becomes a
   * clone, and the copy may run on into what follows it), a fresh fragment pasted twice, a range
   * cut out, or the file written anew.
   */
  const edit = (files: readonly CloneInput[], at: number): CloneInput => {
    const tokens = [...files[at]!.hashes];
    const where = pick(tokens.length + 1);
    const kind = next();
    if (kind < 0.4) {
      const source = [...files[pick(files.length)]!.hashes];
      const from = pick(source.length);
      tokens.splice(where, 0, ...source.slice(from, from + 10 + pick(110)));
    } else if (kind < 0.6) {
      const fragment = fresh(20 + pick(30));
      tokens.splice(where, 0, ...fragment, ...fresh(pick(10)), ...fragment);
    } else if (kind < 0.8) {
      tokens.splice(where, 5 + pick(60));
    } else {
      return file(files[at]!.path);
    }
    return input(files[at]!.path, tokens);
  };
  return { next, file, edit };
}

/** The carried detection must give what a detection from nothing gives, edit after edit. */
function expectSameAsFresh(files: CloneInput[], carry: CloneCarry | undefined): CloneCarry {
  const carried = detectClonesCarried(files, options, carry);
  expect(carried.groups).toEqual(detectClones(files, options));
  return carried.carry;
}

/**
 * jscpd's method written plainly, as the reference: every window of every file in order is
 * looked up by its tokens (a Map, no hashing, no filter); a window seen before is extended as far
 * as both copies agree (never into its own original) and the windows inside the copy are
 * skipped; a window not seen before is remembered. Matches as [original, copy, length] triples.
 */
function lookEveryWindowUp(files: readonly CloneInput[], window: number): number[] {
  const tokens = files.flatMap((f) => [...f.hashes]);
  const ends: number[] = [];
  for (const f of files) ends.push((ends.at(-1) ?? 0) + f.hashes.length);
  const fileOf = (position: number) => ends.findIndex((end) => end > position);
  const first = new Map<string, number>();
  const matches: number[] = [];
  files.forEach((_, fileIndex) => {
    const end = ends[fileIndex]!;
    let i = fileIndex === 0 ? 0 : ends[fileIndex - 1]!;
    while (i + window <= end) {
      const key = tokens.slice(i, i + window).join(",");
      const found = first.get(key);
      if (found === undefined) {
        first.set(key, i++);
        continue;
      }
      const originalFile = fileOf(found);
      const limit = originalFile === fileIndex ? i - found : Infinity;
      if (limit < window) {
        i++;
        continue;
      }
      let length = window;
      while (
        i + length < end &&
        found + length < ends[originalFile]! &&
        length < limit &&
        tokens[found + length] === tokens[i + length]
      )
        length++;
      matches.push(found, i, length);
      i += length;
    }
  });
  return matches;
}

describe("clone detection from nothing", () => {
  it("finds the matches of looking every window up, though it looks up only windows that may repeat", () => {
    for (const seed of [11, 12, 13, 14, 15, 16]) {
      const { next, file, edit } = corpus(seed);
      const files = Array.from({ length: 60 }, (_, i) =>
        file(`src/f${String(i).padStart(3, "0")}.ts`),
      );
      // Edits paste slices across files and fragments twice into one: copies within a file too.
      for (let step = 0; step < 20; step++) {
        const at = Math.floor(next() * files.length);
        files[at] = edit(files, at);
      }
      const { carry } = detectClonesCarried(files, options);
      expect(carry.matches.length).toBeGreaterThan(30);
      expect([...carry.matches]).toEqual(lookEveryWindowUp(files, options.minTokens));
    }
  });
});

describe("clone detection carried from one audit to the next", () => {
  it("finds the same clones as a fresh detection after edits, additions and removals", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { next, file, edit } = corpus(seed);
      let files = Array.from({ length: 40 }, (_, i) =>
        file(`src/f${String(i).padStart(3, "0")}.ts`),
      );
      let carry = expectSameAsFresh(files, undefined);
      expect(detectClones(files, options).length).toBeGreaterThan(5);
      for (let step = 0; step < 30; step++) {
        files = files.slice();
        const at = Math.floor(next() * files.length);
        const kind = next();
        if (kind < 0.8) files[at] = edit(files, at);
        else if (kind < 0.9) files.splice(at, 1);
        else files.splice(at, 0, { ...edit(files, at), path: `src/added-${seed}-${step}.ts` });
        carry = expectSameAsFresh(files, carry);
      }
    }
  });

  it("carries which windows repeat, so that an unchanged corpus needs no full pass", () => {
    const { file } = corpus(7);
    const files = Array.from({ length: 30 }, (_, i) => file(`f${i}.ts`));
    const { carry } = detectClonesCarried(files, options);
    // Far fewer windows repeat than there are windows: the rest are skipped next time.
    const windows = files.reduce((n, f) => n + Math.max(0, f.hashes.length - 19), 0);
    expect(carry.repeated.length).toBeGreaterThan(0);
    expect(carry.repeated.length).toBeLessThan(windows / 2);
    expect(carry.windowBits).toBeGreaterThan(0);
    expect(carry.windowBits).toBeLessThanOrEqual(windows);
    expect(detectClonesCarried(files, options, carry).groups).toEqual(detectClones(files, options));
  });

  it("ignores a carry of another window length or another shape, and one filled up", () => {
    const { file } = corpus(11);
    const files = Array.from({ length: 20 }, (_, i) => file(`f${i}.ts`));
    const fresh = detectClones(files, options);
    const { carry } = detectClonesCarried(files, { minTokens: 25, minLines: 2 });
    expect(detectClonesCarried(files, options, carry).groups).toEqual(fresh);
    for (const junk of [null, 3, { minTokens: 20 }, { ...carry, minTokens: 20, digests: [] }])
      expect(detectClonesCarried(files, options, junk as unknown as CloneCarry).groups).toEqual(
        fresh,
      );
    // A bitmap said to be full cannot tell windows apart: a full detection, and a fresh count.
    const own = detectClonesCarried(files, options).carry;
    files[3] = file("f3.ts");
    const full = detectClonesCarried(files, options, { ...own, windowBits: 1 << 24 });
    expect(full.groups).toEqual(detectClones(files, options));
    expect(full.carry.windowBits).toBeLessThan(1 << 20);
  });

  it("treats a file whose tokens are unchanged as unchanged, whatever its lines", () => {
    const { file } = corpus(13);
    const files = Array.from({ length: 20 }, (_, i) => file(`f${i}.ts`));
    const { carry } = detectClonesCarried(files, options);
    // A comment added on top moves every line down: same tokens, other places.
    files[0] = { ...files[0]!, lines: files[0]!.lines.map((line) => line + 1) };
    expect(detectClonesCarried(files, options, carry).groups).toEqual(detectClones(files, options));
  });
});
