/** One `git log --numstat` file line: counts (null for binary files) and the path, renamed or not. */
export interface NumstatEntry {
  added: number | null;
  removed: number | null;
  path: string;
  /** The path before a rename or move in this commit. */
  from?: string;
}

const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  '"': '"',
  "\\": "\\",
  a: "\x07",
  b: "\b",
  f: "\f",
  r: "\r",
  v: "\v",
};

/** Undoes git's C-style quoting of a path that holds a tab, newline, quote or backslash. */
export function unquotePath(text: string): string {
  if (!(text.startsWith('"') && text.endsWith('"') && text.length >= 2)) return text;
  const bytes: number[] = [];
  const body = text.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      bytes.push(...Buffer.from(c, "utf8"));
      continue;
    }
    const next = body[i + 1] ?? "";
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(...Buffer.from(ESCAPES[next] ?? next, "utf8"));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function tidy(path: string): string {
  return path
    .replace(/\/{2,}/g, "/")
    .replace(/^\//, "")
    .replace(/\/$/, "");
}

/**
 * Splits a numstat path into before and after. Git writes a rename as `old => new` or, when the
 * two share a prefix or suffix, as `pre/{old => new}/post`, where either side of the braces may be
 * empty (`src/{ => lib}/a.ts` is `src/a.ts` moved to `src/lib/a.ts`).
 */
export function splitRename(raw: string): { from?: string; path: string } {
  const arrow = raw.indexOf(" => ");
  if (arrow < 0) return { path: unquotePath(raw) };
  const open = raw.lastIndexOf("{", arrow);
  const close = raw.indexOf("}", arrow);
  if (open >= 0 && close > arrow) {
    const prefix = raw.slice(0, open);
    const suffix = raw.slice(close + 1);
    const before = raw.slice(open + 1, arrow);
    const after = raw.slice(arrow + 4, close);
    return { from: tidy(prefix + before + suffix), path: tidy(prefix + after + suffix) };
  }
  return { from: unquotePath(raw.slice(0, arrow)), path: unquotePath(raw.slice(arrow + 4)) };
}

/** Parses `added<TAB>removed<TAB>path`; returns undefined for any other line. */
export function parseNumstat(line: string): NumstatEntry | undefined {
  const t1 = line.indexOf("\t");
  if (t1 < 0) return undefined;
  const t2 = line.indexOf("\t", t1 + 1);
  if (t2 < 0) return undefined;
  const a = line.slice(0, t1);
  const r = line.slice(t1 + 1, t2);
  const added = a === "-" ? null : Number(a);
  const removed = r === "-" ? null : Number(r);
  if (
    (added !== null && !Number.isInteger(added)) ||
    (removed !== null && !Number.isInteger(removed))
  )
    return undefined;
  const { from, path } = splitRename(line.slice(t2 + 1));
  const entry: NumstatEntry = { added, removed, path };
  if (from !== undefined && from !== path) entry.from = from;
  return entry;
}

/**
 * Parses a `git log --name-status` line (`M<TAB>path`, `R100<TAB>old<TAB>new`): what a clone
 * without the files' contents can still tell, a change without line counts.
 */
export function parseNameStatus(line: string): NumstatEntry | undefined {
  const match = /^([ACDMRTUXB])\d*\t([^\t]+)(?:\t([^\t]+))?$/.exec(line);
  if (!match) return undefined;
  const [, , first, second] = match;
  if (second === undefined) return { added: null, removed: null, path: unquotePath(first!) };
  const from = unquotePath(first!);
  const path = unquotePath(second);
  return from === path
    ? { added: null, removed: null, path }
    : { added: null, removed: null, path, from };
}
