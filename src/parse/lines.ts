/** Offsets at which each line starts; line numbers are 1-based as editors show them. */
export function lineStarts(text: string): Uint32Array {
  // indexOf runs natively and is several times faster than a charCodeAt loop on large files;
  // a typed array sized for 32 characters a line and doubled when short avoids boxing every
  // offset in a JavaScript array first.
  let starts = new Uint32Array((text.length >> 5) + 16);
  let count = 1;
  let at = text.indexOf("\n");
  while (at !== -1) {
    if (count === starts.length) {
      const bigger = new Uint32Array(starts.length * 2);
      bigger.set(starts);
      starts = bigger;
    }
    starts[count++] = at + 1;
    at = text.indexOf("\n", at + 1);
  }
  return starts.subarray(0, count);
}

export function lineAt(starts: Uint32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
