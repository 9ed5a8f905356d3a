/**
 * CODEOWNERS read as data, with GitHub's semantics: one pattern and its owners a line, `#`
 * comments, the last matching line wins, a line without owners leaves its paths unowned. A
 * pattern with a slash at its start or middle is anchored at the root, otherwise it matches at any
 * depth; a pattern naming a folder owns everything beneath it, except that a last segment with a
 * wildcard (`docs/*`) owns only the files directly in it. GitHub supports `*`, `?` and `**` (no
 * ranges, no negation); they are matched here without regular expressions, in time linear in
 * the pattern times the path: a crafted pattern from the audited repository (`*a*a*a*a…b`)
 * cannot make a backtracking regex run for seconds per path.
 */
export interface CodeownersRule {
  pattern: string;
  owners: string[];
  line: number;
  match: (path: string) => boolean;
}

/** Where GitHub looks for the file, in its order. */
export const CODEOWNERS_LOCATIONS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

/** One path segment against one pattern segment with `*` and `?`: the greedy two-pointer walk. */
function segmentMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      resume = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

/** Segments against segments, `**` standing for any number of segments; memoised, so polynomial. */
function globMatches(pattern: readonly string[], path: readonly string[]): boolean {
  const memo = new Map<number, boolean>();
  const match = (i: number, j: number): boolean => {
    const key = i * (path.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === pattern.length) result = j === path.length;
    else if (pattern[i] === "**") result = match(i + 1, j) || (j < path.length && match(i, j + 1));
    else result = j < path.length && segmentMatches(pattern[i]!, path[j]!) && match(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

/** A whole path against a glob of `*`, `?` and `**` segments (exported for the agreement test). */
export function pathMatchesGlob(glob: string, path: string): boolean {
  return globMatches(glob.split("/"), path.split("/"));
}

function matcherOf(raw: string): (path: string) => boolean {
  const anchored = raw.startsWith("/") || raw.replace(/\/+$/, "").includes("/");
  const folderOnly = raw.endsWith("/");
  const body = raw.replace(/^\/+/, "").replace(/\/+$/, "");
  if (body === "" || body === "**") return () => true;
  // Consecutive `**` segments mean the same as one.
  const segments = (anchored ? body : `**/${body}`)
    .split("/")
    .filter((segment, i, all) => segment !== "**" || all[i - 1] !== "**");
  const lastSegment = segments[segments.length - 1]!;
  const ownsBeneath = !lastSegment.includes("*") || lastSegment === "**";
  return (path) => {
    const parts = path.split("/");
    if (!folderOnly && globMatches(segments, parts)) return true;
    if (!ownsBeneath && !folderOnly) return false;
    // A folder pattern owns every file beneath the folders it matches.
    for (let end = parts.length - 1; end > 0; end--) {
      if (globMatches(segments, parts.slice(0, end))) return true;
    }
    return false;
  };
}

export function parseCodeowners(text: string): CodeownersRule[] {
  const rules: CodeownersRule[] = [];
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) return;
    const tokens = line.split(/\s+/);
    const pattern = tokens[0]!.replace(/^\\#/, "#");
    const owners: string[] = [];
    for (const token of tokens.slice(1)) {
      if (token.startsWith("#")) break;
      owners.push(token);
    }
    rules.push({ pattern, owners, line: index + 1, match: matcherOf(pattern) });
  });
  return rules;
}

/** The owners of a repository-relative path: the last matching rule's (empty when unowned). */
export function ownersOf(rules: readonly CodeownersRule[], path: string | undefined): string[] {
  if (!path) return [];
  for (let i = rules.length - 1; i >= 0; i--) {
    if (rules[i]!.match(path)) return rules[i]!.owners;
  }
  return [];
}
