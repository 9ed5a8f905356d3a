import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from "node:fs";
import { join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";
import { GitError, runGitSync } from "../git/index.ts";
import { globProblem, note, type Note } from "../shared/index.ts";

export type SkipReason =
  | "node_modules"
  | "vendored"
  | "generated"
  | "minified"
  | "binary"
  | "too-large"
  | "link-outside-root"
  | "link"
  | "excluded"
  | "too-deep"
  | "submodule"
  | "unreadable";

export interface Skip {
  path: string;
  reason: SkipReason;
  detail?: string;
}

export interface DiscoveredFile {
  /** Repository-relative, forward slashes. */
  path: string;
  absolute: string;
  size: number;
}

export interface Discovery {
  files: DiscoveredFile[];
  skipped: Skip[];
  /** How the list was made: git's own list (honours every .gitignore) or a walk. */
  source: "git" | "walk";
  /** What the user should know about how the list was made (a git timeout, ignore patterns left out). */
  notes: Note[];
}

export interface DiscoveryOptions {
  maxFileSize: number;
  /** How long `git ls-files` may match ignore patterns (default 20 s; tests use less). */
  gitTimeoutMs?: number;
  include: string[];
  exclude: string[];
}

/**
 * Package managers' own copies (bower, yarn's cache and releases, jspm): skipped like
 * node_modules. Code copied into `vendor/` or `third_party/` is audited in the vendored scope
 * (src/scopes), so that its totals are shown apart instead of vanishing.
 */
const VENDORED = /(^|\/)(bower_components|\.yarn|jspm_packages)\//;
const GENERATED_PATH =
  /(^|\/)(dist|coverage|\.next|\.nuxt|\.output|\.svelte-kit|__generated__|generated)\/|\.(min|bundle|generated)\.[cm]?[jt]sx?$|\.map$/;
/** Lockfiles of large projects run to tens of megabytes and are data, not code: a higher limit. */
const LOCKFILE = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|yarn\.lock)$/;
const LOCKFILE_MAX_BYTES = 64 * 1024 * 1024;
const ALWAYS_SKIPPED_DIRS = new Set([".git", ".hg", ".svn", ".debtlens"]);

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/**
 * Lists the files git would commit here (tracked plus untracked-not-ignored), or undefined
 * outside git. One spawn: outside a repository git fails; in a folder that its repository
 * ignores (a downloaded corpus, say) the list is empty, and the walk takes over.
 */
function gitFiles(
  root: string,
  notes: Note[],
  timeoutMs = GIT_LIST_TIMEOUT_MS,
): string[] | undefined {
  const list = (args: string[]) => {
    const out = runGitSync(["ls-files", "-z", "--cached", ...args], {
      cwd: root,
      maxBuffer: 1 << 30,
      timeoutMs,
    });
    const files = [...new Set(out.split("\0").filter(Boolean))];
    return files.length > 0 ? files : undefined;
  };
  try {
    return list(["--others", "--exclude-standard"]);
  } catch (error) {
    if (!(error instanceof GitError && error.timedOut)) return undefined;
  }
  // git's own matching of a hostile .gitignore can run for minutes (`**/**/**/**/**/**/a` over a
  // deep tree): the tracked files need no ignore matching at all.
  try {
    const tracked = list([]);
    notes.push(
      note(
        "discovery.tracked-only",
        `git ls-files took more than ${timeoutMs / 1000} s matching .gitignore patterns (one may be too complex): only tracked files were audited`,
        { seconds: timeoutMs / 1000 },
      ),
    );
    return tracked;
  } catch {
    return undefined;
  }
}

/** Long enough for git to list a large monorepo (a few seconds), short of hanging the audit. */
const GIT_LIST_TIMEOUT_MS = 20_000;

/**
 * A .gitignore's lines, without those too complex to match in reasonable time (src/shared/globs.ts): the
 * walk's matcher backtracks like picomatch. What was left out is said in a note.
 */
function safeIgnorePatterns(root: string, file: string, notes: Note[]): string[] {
  const lines = readFileSync(file, "utf8").split(/\r?\n/);
  const kept = lines.filter((line) => line.startsWith("#") || globProblem(line) === undefined);
  if (kept.length < lines.length)
    notes.push(
      note(
        "discovery.ignore-patterns-dropped",
        `${toPosix(relative(root, file))}: ${lines.length - kept.length} pattern(s) too complex to match safely were ignored`,
        { file: toPosix(relative(root, file)), patterns: lines.length - kept.length },
      ),
    );
  return kept;
}

/** A walk for folders outside git, honouring the .gitignore files it meets on the way down. */
function walkFiles(root: string, skipped: Skip[], notes: Note[]): string[] {
  const found: string[] = [];
  const visit = (dir: string, rules: Array<{ base: string; ig: Ignore }>) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      skipped.push({ path: toPosix(relative(root, dir)) || ".", reason: "unreadable" });
      return;
    }
    let local = rules;
    if (entries.some((e) => e.name === ".gitignore" && e.isFile())) {
      try {
        const ig = ignore().add(safeIgnorePatterns(root, join(dir, ".gitignore"), notes));
        local = [...rules, { base: dir, ig }];
      } catch {
        // An unreadable .gitignore ignores nothing; the walk goes on.
      }
    }
    for (const entry of entries) {
      const absolute = join(dir, entry.name);
      const rel = toPosix(relative(root, absolute));
      const isDir = entry.isDirectory();
      if (isDir && ALWAYS_SKIPPED_DIRS.has(entry.name)) continue;
      if (isDir && entry.name === "node_modules") {
        skipped.push({ path: `${rel}/`, reason: "node_modules" });
        continue;
      }
      const ignored = local.some(({ base, ig }) => {
        const sub = toPosix(relative(base, absolute));
        return ig.ignores(isDir ? `${sub}/` : sub);
      });
      if (ignored) continue;
      if (isDir) visit(absolute, local);
      else found.push(rel);
    }
  };
  visit(root, []);
  return found;
}

function pathSkip(path: string): Skip["reason"] | undefined {
  if (path.startsWith("node_modules/") || path.includes("/node_modules/")) return "node_modules";
  if (VENDORED.test(path)) return "vendored";
  if (GENERATED_PATH.test(path)) return "generated";
  return undefined;
}

/**
 * Finds the files to audit under `root`. Path-based skips (node_modules, vendored, generated,
 * excluded, links, size) happen here; content-based ones (binary, minified, generated headers)
 * happen when the engine reads each file once.
 */
export function discoverFiles(root: string, options: DiscoveryOptions): Discovery {
  const skipped: Skip[] = [];
  const notes: Note[] = [];
  const fromGit = gitFiles(root, notes, options.gitTimeoutMs);
  const paths = fromGit ?? walkFiles(root, skipped, notes);
  const realRoot = realpathSync(root);
  const include = options.include.length ? picomatch(options.include, { dot: true }) : undefined;
  const exclude = options.exclude.length ? picomatch(options.exclude, { dot: true }) : undefined;
  const files: DiscoveredFile[] = [];
  for (const path of paths.sort()) {
    const reason = pathSkip(path);
    if (reason) {
      skipped.push({ path, reason });
      continue;
    }
    if ((include && !include(path)) || exclude?.(path)) {
      skipped.push({ path, reason: "excluded" });
      continue;
    }
    const absolute = join(root, path);
    let stats: Stats;
    try {
      stats = lstatSync(absolute);
    } catch {
      // git prints names as bytes; one that is not UTF-8 cannot be opened by its decoded name.
      if (path.includes("\uFFFD"))
        skipped.push({ path, reason: "unreadable", detail: "its name is not valid UTF-8" });
      continue; // else: listed by git but deleted in the work tree, nothing to audit
    }
    if (stats.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(absolute);
      } catch {
        skipped.push({ path, reason: "link", detail: "broken link" });
        continue;
      }
      const inside = target === realRoot || target.startsWith(realRoot + sep);
      skipped.push(
        inside
          ? { path, reason: "link", detail: "its target is audited in its own place" }
          : {
              path,
              reason: "link-outside-root",
              detail: "not followed: it leaves the audited folder",
            },
      );
      continue;
    }
    if (stats.isDirectory()) {
      // git lists a checked-out submodule as one entry: its files belong to another repository.
      skipped.push({ path, reason: "submodule", detail: "audit it on its own" });
      continue;
    }
    if (!stats.isFile()) continue;
    const limit = LOCKFILE.test(path)
      ? Math.max(options.maxFileSize, LOCKFILE_MAX_BYTES)
      : options.maxFileSize;
    if (stats.size > limit) {
      skipped.push({ path, reason: "too-large", detail: `${stats.size} bytes > ${limit}` });
      continue;
    }
    files.push({ path, absolute, size: stats.size });
  }
  return { files, skipped, source: fromGit ? "git" : "walk", notes };
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
