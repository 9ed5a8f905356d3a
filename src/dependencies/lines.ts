/**
 * Where each dependency is written, so a finding points at its own line (the `"name": "^1.2.3"`
 * of package.json, the package's entry in a lockfile) rather than at line 1. One linear pass over
 * the text; positions only, the parsers still read the content.
 */

/**
 * The line of every object key whose path (keys from the root) `want` accepts, first occurrence
 * kept. A small JSON tokenizer: strings (with escapes), nesting and `key:`; it never throws, a
 * malformed file just yields fewer lines.
 */
export function jsonKeyLines(
  text: string,
  want: (path: readonly string[]) => boolean,
): Map<string, number> {
  const found = new Map<string, number>();
  const path: Array<string | undefined> = [];
  /** What each open bracket is: an object (keys) or an array. */
  const kinds: Array<"{" | "["> = [];
  let line = 1;
  let pending: { key: string; line: number } | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") line++;
    else if (c === '"') {
      const start = i + 1;
      let j = start;
      let escaped = false;
      for (; j < text.length; j++) {
        const d = text[j]!;
        if (d === "\n") break;
        if (escaped) escaped = false;
        else if (d === "\\") escaped = true;
        else if (d === '"') break;
      }
      const raw = text.slice(start, j);
      i = j;
      if (kinds.at(-1) === "{") {
        let key = raw;
        try {
          key = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
        } catch {
          // keep the raw text
        }
        pending = { key, line };
      }
    } else if (c === ":" && pending) {
      path[kinds.length - 1] = pending.key;
      const keys = path.slice(0, kinds.length) as string[];
      const id = keys.join("\0");
      if (!found.has(id) && want(keys)) found.set(id, pending.line);
      pending = undefined;
    } else if (c === "{" || c === "[") {
      kinds.push(c);
      path.length = kinds.length - 1;
      pending = undefined;
    } else if (c === "}" || c === "]") {
      kinds.pop();
      path.length = kinds.length;
      pending = undefined;
    } else if (c === ",") pending = undefined;
  }
  return found;
}

const DEPENDENCY_FIELDS = new Set([
  "dependencies",
  "devDependencies",
  "optionalDependencies",
  "peerDependencies",
]);

/** package.json: the line declaring each dependency (the first field that names it). */
export function manifestLines(text: string): Record<string, number> {
  const lines: Record<string, number> = {};
  const found = jsonKeyLines(text, (p) => p.length === 2 && DEPENDENCY_FIELDS.has(p[0]!));
  for (const [id, line] of found) {
    const name = id.slice(id.indexOf("\0") + 1);
    lines[name] ??= line;
  }
  return lines;
}

/** package-lock.json v2+: `packages["node_modules/x"]`; v1: top-level `dependencies.x`. */
export function npmLockLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const found = jsonKeyLines(
    text,
    (p) => p.length === 2 && (p[0] === "packages" || p[0] === "dependencies"),
  );
  for (const [id, line] of found) {
    const [field, key] = id.split("\0") as [string, string];
    lines.set(field === "packages" ? key : `node_modules/${key}`, line);
  }
  return lines;
}

const unquote = (s: string) => s.trim().replace(/^["'](.*)["']$/, "$1");

/**
 * yarn.lock (classic and berry): each entry starts on an unindented line of descriptors and
 * states its `version` below; the entry's first line is where `name@version` is written.
 */
export function yarnLockLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let header: { name: string; line: number } | undefined;
  const all = text.split(/\r?\n/);
  for (let i = 0; i < all.length; i++) {
    const row = all[i]!;
    if (row === "" || row.startsWith("#")) continue;
    if (!/^\s/.test(row)) {
      const first = unquote(row.replace(/:$/, "").split(",")[0] ?? "");
      const at = first.indexOf("@", 1);
      header = at > 0 ? { name: first.slice(0, at), line: i + 1 } : undefined;
      continue;
    }
    const version = /^\s{2}version:?\s+(.+)$/.exec(row);
    if (header && version) {
      const key = `${header.name}@${unquote(version[1]!)}`;
      if (!lines.has(key)) lines.set(key, header.line);
    }
  }
  return lines;
}

/** pnpm-lock.yaml: the keys of `packages:` (`/name@1.2.3:`, `name@1.2.3(peer@1):`, `/name/1.2.3:`). */
export function pnpmLockKeyLines(text: string): Array<{ key: string; line: number }> {
  const keys: Array<{ key: string; line: number }> = [];
  let inPackages = false;
  const all = text.split(/\r?\n/);
  for (let i = 0; i < all.length; i++) {
    const row = all[i]!;
    if (!/^\s/.test(row) && row.trim() !== "") inPackages = row.startsWith("packages:");
    else if (inPackages) {
      const match = /^ {2}(\S.*):\s*(\{\})?$/.exec(row);
      if (match) keys.push({ key: unquote(match[1]!), line: i + 1 });
    }
  }
  return keys;
}
