import { spawnGit } from "../git/index.ts";
import { createInterface } from "node:readline";
import { DEFAULT_SCAN_OPTIONS, scanText, type ScanOptions, type SecretMatch } from "./scan.ts";

/** A secret added by a past commit: where, in which commit, redacted and hashed like any other. */
export interface HistorySecret extends SecretMatch {
  path: string;
  commit: string;
}

const SKIP =
  /(^|\/)(node_modules|vendor|dist)\/|(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|\.(png|jpe?g|gif|ico|woff2?|ttf|pdf|zip|gz|map|min\.js))$/;

/**
 * Scans every line that any commit on any ref added (`git log -p`, streamed: the history is never
 * held in memory). Secrets whose hash is in `skipHashes` (still in the working tree, reported
 * there) are left out. Resolves to an empty list outside a git repository.
 */
export function scanHistory(
  root: string,
  options: ScanOptions = DEFAULT_SCAN_OPTIONS,
  skipHashes: ReadonlySet<string> = new Set(),
): Promise<HistorySecret[]> {
  return new Promise((resolve, reject) => {
    let git;
    try {
      git = spawnGit(
        [
          "log",
          "--all",
          "-p",
          "--no-color",
          "--no-ext-diff",
          "--no-renames",
          "-U0",
          "--diff-filter=AM",
          "--format=commit %H",
        ],
        { cwd: root },
      );
    } catch {
      resolve([]); // outside a git repository there is no history to scan
      return;
    }
    git.stderr.resume();
    const found = new Map<string, HistorySecret>();
    let commit = "";
    let path = "";
    let added: string[] = [];
    const flush = () => {
      if (path && added.length && !SKIP.test(path)) {
        for (const match of scanText(added.join("\n"), path, options)) {
          if (skipHashes.has(match.hash) || found.has(match.hash)) continue;
          found.set(match.hash, { ...match, path, commit });
        }
      }
      added = [];
    };
    const lines = createInterface({ input: git.stdout, crlfDelay: Infinity });
    lines.on("line", (line) => {
      if (line.startsWith("commit ")) {
        flush();
        commit = line.slice(7);
        path = "";
      } else if (line.startsWith("diff --git ")) {
        flush();
        path = "";
      } else if (line.startsWith("+++ ")) {
        path = line.startsWith("+++ b/") ? line.slice(6) : "";
      } else if (line.startsWith("+") && path) {
        added.push(line.slice(1));
      }
    });
    git.on("error", reject);
    git.on("close", () => {
      flush();
      resolve([...found.values()]);
    });
  });
}
