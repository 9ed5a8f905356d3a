import picomatch from "picomatch";

/**
 * CODEOWNERS read as data, with GitHub's semantics: one pattern and its owners a line, `#`
 * comments, the last matching line wins, a line without owners leaves its paths unowned. A
 * pattern with a slash at its start or middle is anchored at the root, otherwise it matches at any
 * depth; a pattern naming a folder owns everything beneath it, except that a last segment with a
 * wildcard (`docs/*`) owns only the files directly in it.
 */
export interface CodeownersRule {
  pattern: string;
  owners: string[];
  line: number;
  match: (path: string) => boolean;
}

/** Where GitHub looks for the file, in its order. */
export const CODEOWNERS_LOCATIONS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

function matcherOf(raw: string): (path: string) => boolean {
  const anchored = raw.startsWith("/") || raw.replace(/\/+$/, "").includes("/");
  const folderOnly = raw.endsWith("/");
  const body = raw.replace(/^\/+/, "").replace(/\/+$/, "");
  if (body === "" || body === "**") return () => true;
  const glob = anchored ? body : `**/${body}`;
  const test = picomatch(glob, { dot: true });
  const lastSegment = body.split("/").pop() ?? "";
  const ownsBeneath = !lastSegment.includes("*") || lastSegment === "**";
  return (path) => {
    if (!folderOnly && test(path)) return true;
    if (!ownsBeneath && !folderOnly) return false;
    // A folder pattern owns every file beneath the folders it matches.
    for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", i + 1)) {
      if (test(path.slice(0, i))) return true;
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
