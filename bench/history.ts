/**
 * The history pass against `git log` itself, on a large repository:
 *
 *   node_modules/.bin/node bench/history.ts --repo PATH [--months 12,120] [--runs 3]
 *
 * PATH may be a bare git directory (e.g. from a mirror). For each window it times, over the same
 * range of commits, (1) `git log` with the pass's own arguments, its output thrown away, and
 * (2) the history pass (`readHistory`, window-only read, files kept: those at HEAD, as the audit
 * keeps discovery's files), each in a fresh process so peak RSS is the pass's own. It then does the
 * same for the audit's default (whole history read, 12-month window). Nothing here runs code from
 * the repository; it only reads its git objects.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { openSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { hardenedArguments } from "../src/git/index.ts";
import { logArguments, monthsBefore, readHistory } from "../src/history/index.ts";

const args = process.argv.slice(2);
const flag = (name: string, fallback?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const repo = flag("repo");
if (!repo) {
  console.error("usage: node bench/history.ts --repo PATH [--months 12,120] [--runs 3]");
  process.exit(2);
}

if (args.includes("--child")) {
  const months = Number(flag("months"));
  const readAll = args.includes("--all");
  const present = new Set(
    execFileSync("git", ["-C", repo, "ls-tree", "-r", "--name-only", "HEAD"], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
    }).split("\n"),
  );
  const started = performance.now();
  const result = await readHistory(repo, {
    windowMonths: months,
    maxChangesetSize: 30,
    readAll,
    keep: (p) => present.has(p),
  });
  const ms = performance.now() - started;
  const h = result.history!;
  console.log(
    JSON.stringify({
      ms,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      commitsRead: h.commits.read,
      inWindow: h.commits.inWindow,
      files: h.files.size,
      pairs: h.pairs.length,
      authors: h.authors.size,
    }),
  );
  process.exit(0);
}

const runs = Number(flag("runs", "3"));
const monthsList = flag("months", "12,120")!.split(",").map(Number);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const head = Number(
  execFileSync("git", ["-C", repo, "log", "-1", "--format=%ct"], { encoding: "utf8" }).trim(),
);
const total = execFileSync("git", ["-C", repo, "rev-list", "--count", "HEAD"], {
  encoding: "utf8",
}).trim();
console.log(
  `repository ${repo}: ${total} commits (HEAD ${new Date(head * 1000).toISOString().slice(0, 10)})`,
);

function timeGitLog(since: number | undefined): number {
  const devNull = openSync("/dev/null", "w");
  const started = performance.now();
  // The same hardened arguments the audit uses (src/git), so the bench times what users run.
  const r = spawnSync("git", hardenedArguments(logArguments(since), repo!), {
    cwd: repo!,
    stdio: ["ignore", devNull, "ignore"],
  });
  if (r.status !== 0) throw new Error("git log failed");
  return performance.now() - started;
}

function timePass(months: number, all: boolean) {
  const self = fileURLToPath(import.meta.url);
  const out = execFileSync(
    process.execPath,
    [self, "--child", "--repo", repo!, "--months", String(months), ...(all ? ["--all"] : [])],
    { encoding: "utf8" },
  );
  return JSON.parse(out) as {
    ms: number;
    maxRssMb: number;
    commitsRead: number;
    inWindow: number;
    files: number;
    pairs: number;
    authors: number;
  };
}

const rows: string[] = [];
const cases = [...monthsList.map((m) => ({ months: m, all: false })), { months: 12, all: true }];
for (const c of cases) {
  const since = c.all ? undefined : monthsBefore(head, c.months);
  const gitMs: number[] = [];
  const passes: ReturnType<typeof timePass>[] = [];
  for (let i = 0; i < runs; i++) {
    gitMs.push(timeGitLog(since));
    passes.push(timePass(c.months, c.all));
  }
  const pass = passes[0]!;
  const passMs = median(passes.map((p) => p.ms));
  const git = median(gitMs);
  const rss = Math.max(...passes.map((p) => p.maxRssMb));
  rows.push(
    `${c.all ? "whole history, 12-month window" : `${c.months}-month window only`}: ${pass.commitsRead} commits read (${pass.inWindow} in window), ${pass.files} files, ${pass.pairs} pairs, ${pass.authors} authors | git log ${(git / 1000).toFixed(2)} s | history pass ${(passMs / 1000).toFixed(2)} s = ${(passMs / git).toFixed(2)}x | peak RSS ${rss.toFixed(0)} MB`,
  );
  console.log(rows.at(-1));
}
