/**
 * Whether `text` holds one of `literals`, each of which contains `anchor`, a character that is
 * rare in code (`-`, `j`, `I`). Same answer as `literals.some((l) => text.includes(l))`, but one
 * `indexOf` of a single character (a fast scan) visits the anchors and each is checked in place:
 * several times cheaper than a literal search of every file's whole text per literal.
 */
export function includesAnyAt(text: string, literals: readonly string[], anchor: string): boolean {
  const offsets = literals.map((literal) => literal.indexOf(anchor));
  if (offsets.some((offset) => offset < 0)) throw new Error(`a literal lacks "${anchor}"`);
  for (let at = text.indexOf(anchor); at >= 0; at = text.indexOf(anchor, at + 1)) {
    for (let i = 0; i < literals.length; i++)
      if (text.startsWith(literals[i]!, at - offsets[i]!)) return true;
  }
  return false;
}
