/**
 * Globs are compiled to backtracking regular expressions (picomatch for the configuration, the
 * `ignore` package for .gitignore in a walk) or matched by git's wildmatch: several unbounded
 * wildcards in a row make the work grow as a power of the path's length. Measured on one path
 * segment of 255 characters: `*a*a*b` 160 ms in picomatch, `*a*a*a*b` 4.7 s, `*a*a*a*a*a*a*b`
 * more than 10 s on 100 characters; `**` segments: `**\/**\/**\/**\/**\/**\/a` kept
 * `git ls-files` busy 6 s on a 40-folder-deep tree, eleven of them more than 20 s. Hand-written
 * globs need far less: `*.test.*`, `**\/dist/**`.
 */
const MAX_LENGTH = 1000;
/** Single-star wildcards in one path segment (`*.test.*` has 2). */
const MAX_STARS_PER_SEGMENT = 2;
/** `**` segments in one glob (`**\/fixtures/**` has 2). */
const MAX_GLOBSTARS = 3;
/** Extglob groups (`+(a|b)`, `*(x)`) in one glob; none inside another. */
const MAX_EXTGLOBS = 1;

/** Why a glob would take too long to match, or undefined when it is safe to compile. */
export function globProblem(glob: string): string | undefined {
  if (glob.length > MAX_LENGTH) return `longer than ${MAX_LENGTH} characters`;
  const extglobs = glob.match(/[*+?@!]\(/g)?.length ?? 0;
  if (extglobs > MAX_EXTGLOBS) return `more than ${MAX_EXTGLOBS} extglob group`;
  if (extglobs === 1 && /[*+?@!]\([^)]*[*+?@!]\(/.test(glob)) return "a nested extglob group";
  let globstars = 0;
  for (const segment of glob.split("/")) {
    if (segment === "**") {
      globstars++;
      continue;
    }
    // `**` inside a segment (`a**b`) matches like one star
    const stars = segment.replace(/\\./g, "").match(/\*+/g)?.length ?? 0;
    if (stars > MAX_STARS_PER_SEGMENT)
      return `more than ${MAX_STARS_PER_SEGMENT} * wildcards in one path segment`;
  }
  if (globstars > MAX_GLOBSTARS) return `more than ${MAX_GLOBSTARS} ** segments`;
  return undefined;
}
