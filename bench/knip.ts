// node bench/knip.ts REPO [--knip-config FILE]: compares debtlens's quality/unused-code with knip
// (the reference for dead code in JS/TS) on one repository: unused files and unused exports, the
// files each tool alone reports, and the agreement. knip runs on the source only (the repository's
// dependencies need not be installed: bench/knip-loader.cjs stands in for missing packages when
// knip loads tool configuration). Exits 1 when fewer than 95% of the judged files get the same verdict.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";

const here = import.meta.dirname;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { "knip-config": { type: "string" } },
});
const repo = resolve(positionals[0] ?? ".");
const out = join(here, "..", ".cache", "bench", "knip");
mkdirSync(out, { recursive: true });

const knip = spawnSync(
  join(here, "node_modules", ".bin", "knip"),
  [
    "--no-progress",
    "--reporter",
    "json",
    ...(values["knip-config"] ? ["-c", resolve(values["knip-config"])] : []),
  ],
  {
    cwd: repo,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, NODE_OPTIONS: `--require ${join(here, "knip-loader.cjs")}` },
  },
);
if (knip.status !== 0 && knip.status !== 1)
  throw new Error(`knip failed: ${knip.stderr.slice(-800)}`);
const ours = join(out, `${basename(repo)}.json`);
// A fresh audit cache: the module graph cached by an older debtlens would hide what changed.
rmSync(join(out, "cache"), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    join(here, "..", "bin", "debtlens.js"),
    "audit",
    repo,
    "--offline",
    "--no-history",
    "--format",
    "json",
    "-o",
    ours,
    "--cache-dir",
    join(out, "cache"),
  ],
  { stdio: "ignore" },
);

interface Item {
  rule: string;
  path: string;
  symbol?: string;
}
interface KnipIssue {
  file: string;
  files: Array<{ name: string }>;
  exports: Array<{ name: string }>;
  nsExports?: Array<{ name: string }>;
  types?: Array<{ name: string }>;
}
const report = JSON.parse(readFileSync(ours, "utf8")) as {
  files: Array<{ path: string }>;
  items: Item[];
};
const issues = (JSON.parse(knip.stdout) as { issues: KnipIssue[] }).issues;
// The files both tools judge: code debtlens analysed, declaration files left out (debtlens never reports them).
const judged = new Set(
  report.files
    .map((f) => f.path)
    .filter((p) => /\.[cm]?[jt]sx?$/.test(p) && !/\.d\.[cm]?ts$/.test(p)),
);
const dead = report.items.filter((i) => i.rule === "quality/unused-code");
const oursFiles = new Set(dead.filter((i) => !i.symbol && judged.has(i.path)).map((i) => i.path));
const oursExports = new Set(
  dead.filter((i) => i.symbol && judged.has(i.path)).map((i) => `${i.path}#${i.symbol}`),
);
const knipFiles = new Set(
  issues.flatMap((i) => i.files.map((f) => f.name)).filter((f) => judged.has(f)),
);
// knip files enums under `types`; debtlens reports them as exports (an enum is a run-time
// value): an enum both report counts as agreement.
const knipExports = new Set(
  issues
    .filter((i) => judged.has(i.file))
    .flatMap((i) => [
      ...[...i.exports, ...(i.nsExports ?? [])].map((e) => `${i.file}#${e.name}`),
      ...(i.types ?? []).map((e) => `${i.file}#${e.name}`).filter((key) => oursExports.has(key)),
    ]),
);

function compare(name: string, a: Set<string>, b: Set<string>, universe?: number): number {
  const onlyOurs = [...a].filter((x) => !b.has(x)).sort();
  const onlyKnip = [...b].filter((x) => !a.has(x)).sort();
  const both = a.size - onlyOurs.length;
  const overlap = both / Math.max(1, a.size + b.size - both);
  const verdicts = universe ? 1 - (onlyOurs.length + onlyKnip.length) / universe : NaN;
  console.log(
    `${name}: debtlens ${a.size}, knip ${b.size}, both ${both}; overlap of the two lists ${(overlap * 100).toFixed(1)}%` +
      (universe ? `; same verdict on ${(verdicts * 100).toFixed(1)}% of ${universe} files` : ""),
  );
  for (const [who, list] of [
    ["only debtlens", onlyOurs],
    ["only knip", onlyKnip],
  ] as const)
    if (list.length)
      console.log(
        `  ${who} (${list.length}): ${list.slice(0, 30).join(", ")}${list.length > 30 ? ", ..." : ""}`,
      );
  return verdicts;
}
console.log(`unused code vs knip on ${repo}`);
const agreement = compare("unused files", oursFiles, knipFiles, judged.size);
compare("unused exports", oursExports, knipExports);
if (agreement < 0.95) process.exitCode = 1;
