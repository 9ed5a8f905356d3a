import { createHash } from "node:crypto";

/** Collapses white space so that re-indenting a line does not change its fingerprint. */
export function normaliseSnippet(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export function shortHash(text: string): string {
  return createHash("sha1").update(text).digest("hex").slice(0, 16);
}

/**
 * A fingerprint never includes a line number: it is built from the rule, the path and either the
 * symbol or a hash of the normalised snippet, so inserting lines above a finding keeps it.
 * `ordinal` tells apart findings whose key is otherwise identical in one file (two identical TODO
 * lines): the first keeps the bare key, so adding a duplicate below does not rename the original.
 */
export function fingerprintOf(parts: {
  rule: string;
  path?: string | undefined;
  key: string;
  ordinal: number;
}): string {
  const base = `${parts.rule}\u0000${parts.path ?? ""}\u0000${parts.key}`;
  return shortHash(parts.ordinal === 0 ? base : `${base}\u0000${parts.ordinal}`);
}
