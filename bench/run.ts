// npm run bench [-- --repo PATH]: audits a large real third-party codebase (effect 4.1.0's src/,
// fetched with `npm pack` into .cache/bench) and runs the peer tools on the same files in the
// same run, printing wall time, peak RSS and ratios, then the agreement checks.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { benchPlanner, printPlannerTimings } from "./plan.ts";

const here = import.meta.dirname;
const projectRoot = resolve(here, "..");
const cacheDir = join(projectRoot, ".cache", "bench");
const { values } = parseArgs({
  options: { repo: { type: "string" }, runs: { type: "string", default: "3" } },
});
// The sprint planner (issue 15) first: in-process, a second, no corpus needed.
printPlannerTimings(benchPlanner());

function ensureCorpus(): string {
  if (values.repo) return resolve(values.repo);
  const folder = join(cacheDir, "effect-4.1.0");
  const src = join(folder, "package", "src");
  if (!existsSync(src)) {
    mkdirSync(folder, { recursive: true });
    console.error("fetching effect@4.1.0 with npm pack …");
    const tarball = execFileSync(
      "npm",
      ["pack", "effect@4.1.0", "--silent", "--pack-destination", folder],
      { encoding: "utf8" },
    ).trim();
    execFileSync("tar", ["xzf", join(folder, tarball.split("\n").pop()!), "-C", folder]);
  }
  return src;
}

function ensurePeers(): void {
  if (existsSync(join(here, "node_modules", ".bin", "jscpd"))) return;
  console.error("installing the peer tools in bench/ …");
  execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: here, stdio: "inherit" });
}

interface Run {
  name: string;
  seconds: number;
  /** User plus system CPU time: above the wall time, the run kept more than one core busy. */
  cpuSeconds: number;
  rssMb: number;
  ok: boolean;
}

const hasGnuTime = existsSync("/usr/bin/time");

/** Runs a command as its own process; GNU time gives the peak RSS of the whole process. */
function measure(
  name: string,
  command: string,
  args: string[],
  options: { stdoutFile?: string; okCodes?: number[] } = {},
): Run {
  const timeFile = join(cacheDir, `time-${name.replace(/\W+/g, "_")}.txt`);
  const argv = hasGnuTime ? ["-f", "%e %M %U %S", "-o", timeFile, command, ...args] : args;
  const started = performance.now();
  const shell = options.stdoutFile ? `exec "$@" > '${options.stdoutFile}'` : `exec "$@"`;
  const result = spawnSync(
    "bash",
    ["-c", shell, "bash", ...(hasGnuTime ? ["/usr/bin/time", ...argv] : [command, ...argv])],
    {
      cwd: projectRoot,
      encoding: "utf8",
      maxBuffer: 1 << 28,
      stdio: ["ignore", options.stdoutFile ? "inherit" : "ignore", "pipe"],
    },
  );
  const wall = (performance.now() - started) / 1000;
  let seconds = wall;
  let rssMb = NaN;
  let cpuSeconds = NaN;
  if (hasGnuTime && existsSync(timeFile)) {
    const [e, m, u, sys] = readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ");
    seconds = Number(e);
    rssMb = Number(m) / 1024;
    cpuSeconds = Number(u) + Number(sys);
  }
  const ok = (options.okCodes ?? [0]).includes(result.status ?? -1);
  if (!ok) console.error(`${name} exited ${result.status}: ${result.stderr.slice(-800)}`);
  return { name, seconds, cpuSeconds, rssMb, ok };
}

const corpus = ensureCorpus();
ensurePeers();
mkdirSync(cacheDir, { recursive: true });
const node = process.execPath;
const bin = (tool: string) => join(here, "node_modules", ".bin", tool);
const ourJson = join(cacheDir, "debtlens-report.json");
const eslintJson = join(cacheDir, "eslint-report.json");
const jscpdDir = join(cacheDir, "jscpd");
const madgeJson = join(cacheDir, "madge.json");
const auditCache = join(cacheDir, "audit-cache");
const configFile = join(cacheDir, "debtlens.bench.json");
// The audit's cache goes under .cache/bench, not into the corpus folder.
execFileSync("bash", [
  "-c",
  `printf '%s' '{"cache":{"dir":"${relative(corpus, auditCache)}"}}' > '${configFile}'`,
]);

const runs: Run[] = [];
const repeat = Math.max(1, Number(values.runs));
const best = (make: () => Run): Run => {
  let chosen: Run | undefined;
  for (let i = 0; i < repeat; i++) {
    const run = make();
    if (!chosen || run.seconds < chosen.seconds) chosen = run;
  }
  return chosen!;
};
// What users run: the bundle, built from the sources as they are now (bin/debtlens.js would
// fall back to the slower-starting sources if they were newer than it).
execFileSync(node, [join(projectRoot, "scripts", "bundle.ts")], { stdio: "inherit" });
// Node's compile cache holds debtlens's own compiled modules after its first start (as on any
// machine that ran it once): start it once so that "cold" means no audit cache, not a first start.
execFileSync(node, [join(projectRoot, "bin", "debtlens.js"), "--version"], { stdio: "ignore" });
runs.push(best(() => measure("bare parse (floor)", node, [join(here, "bare-parse.ts"), corpus])));
const auditArgs = [
  join(projectRoot, "bin", "debtlens.js"),
  "audit",
  corpus,
  "--config",
  configFile,
  "--format",
  "json",
  "--output",
  ourJson,
];
const cold = best(() => {
  rmSync(auditCache, { recursive: true, force: true });
  return measure("debtlens cold", node, auditArgs);
});
runs.push(cold);
const warm = best(() => measure("debtlens warm", node, auditArgs));
runs.push(warm);
// A developer's loop: one file edited since the last audit (its content new each run, so it
// misses the cache), everything else warm. Goal: at most 1.5x a warm audit.
const audited: Array<{ path: string }> = JSON.parse(readFileSync(ourJson, "utf8")).files;
const edited = join(
  corpus,
  existsSync(join(corpus, "Array.ts"))
    ? "Array.ts"
    : audited.find((f) => /\.[cm]?[jt]sx?$/.test(f.path))!.path,
);
const original = readFileSync(edited);
let edits = 0;
const oneEdit = best(() => {
  writeFileSync(edited, Buffer.concat([original, Buffer.from(`\n// bench edit ${++edits}\n`)]));
  return measure("debtlens one-file edit", node, auditArgs);
});
// The same file with code added (new tokens: clone detection's general incremental path; the
// comment above leaves the tokens as they were). No target: shown beside the edit row.
const codeEdit = best(() => {
  const code = `\nfunction benchEdit${++edits}(n: number) {\n  return n + ${edits};\n}\n`;
  writeFileSync(edited, Buffer.concat([original, Buffer.from(code)]));
  return measure("debtlens code edit", node, auditArgs);
});
writeFileSync(edited, original);
runs.push(oneEdit, codeEdit);
// Like for like with jscpd, which does this one job: our tokenizer and clone detection alone.
const clonesAlone = best(() =>
  measure("debtlens clones alone", node, [join(here, "clones.ts"), corpus]),
);
runs.push(clonesAlone);
const eslint = measure(
  "eslint complexity",
  node,
  [
    bin("eslint"),
    "--no-config-lookup",
    "-c",
    join(here, "eslint.complexity.config.js"),
    "--format",
    "json",
    "--output-file",
    eslintJson,
    corpus,
  ],
  { okCodes: [0, 1] },
);
// The peer nearest to our time is timed as often as we are (best of --runs), so that this
// VM's noise does not favour either side; ESLint and madge are far enough away to run once.
const jscpd = best(() =>
  measure(
    "jscpd",
    bin("jscpd"),
    ["-k", "50", "-l", "5", "-s", "-r", "json", "-o", jscpdDir, corpus],
    { okCodes: [0, 1] },
  ),
);
rmSync(madgeJson, { force: true });
const madge = measure(
  "madge --circular",
  bin("madge"),
  ["--circular", "--extensions", "ts,tsx,js,jsx,mts,cts", "--json", corpus],
  { stdoutFile: madgeJson, okCodes: [0, 1] },
);
runs.push(eslint, jscpd, madge);

const floor = runs[0]!;
console.log(`\ncorpus: ${corpus}`);
console.log(
  `${"run".padEnd(22)}${"wall s".padStart(9)}${"cpu s".padStart(8)}${"peak RSS MB".padStart(13)}${"x floor".padStart(9)}${"x cold".padStart(9)}`,
);
for (const run of runs) {
  console.log(
    `${run.name.padEnd(22)}${run.seconds.toFixed(2).padStart(9)}${run.cpuSeconds.toFixed(2).padStart(8)}${run.rssMb.toFixed(0).padStart(13)}${(run.seconds / floor.seconds).toFixed(2).padStart(9)}${(run.seconds / cold.seconds).toFixed(2).padStart(9)}${run.ok ? "" : "  (failed)"}`,
  );
}
const peers = eslint.seconds + jscpd.seconds + madge.seconds;
// "The cold audit faster than jscpd alone" is retired (docs/adr/0002-bench-targets.md): jscpd
// does one job, so clone detection alone is compared with it, like for like.
const checks: Array<[string, boolean]> = [
  [
    `cold audit <= 3x bare parse, goal 1.5x (${(cold.seconds / floor.seconds).toFixed(2)}x)`,
    cold.seconds <= 3 * floor.seconds,
  ],
  [
    `cold audit faster than ESLint complexity (${(eslint.seconds / cold.seconds).toFixed(1)}x)`,
    cold.seconds < eslint.seconds,
  ],
  [
    `clone detection alone faster than jscpd (${(jscpd.seconds / clonesAlone.seconds).toFixed(1)}x)`,
    clonesAlone.seconds < jscpd.seconds,
  ],
  [
    `cold audit faster than madge (${(madge.seconds / cold.seconds).toFixed(1)}x)`,
    cold.seconds < madge.seconds,
  ],
  [
    `cold audit >= 5x faster than the three in sequence (${(peers / cold.seconds).toFixed(1)}x)`,
    peers >= 5 * cold.seconds,
  ],
  [
    `warm audit <= 20% of cold (${((100 * warm.seconds) / cold.seconds).toFixed(0)}%)`,
    warm.seconds <= 0.2 * cold.seconds,
  ],
  [
    `one-file edit <= 1.5x warm (${(oneEdit.seconds / warm.seconds).toFixed(2)}x; code edit ${(codeEdit.seconds / warm.seconds).toFixed(2)}x, no target)`,
    oneEdit.seconds <= 1.5 * warm.seconds,
  ],
  [
    `peak RSS <= 800 MB (${Math.max(cold.rssMb, warm.rssMb).toFixed(0)} MB)`,
    !(Math.max(cold.rssMb, warm.rssMb) > 800),
  ],
];
console.log("");
for (const [label, pass] of checks) console.log(`${pass ? "PASS" : "FAIL"}  ${label}`);

const { compareComplexity, compareDuplication, compareExplicitAny } = await import("./compare.ts");
const report = JSON.parse(readFileSync(ourJson, "utf8"));
console.log("");
compareComplexity(report, JSON.parse(readFileSync(eslintJson, "utf8")), corpus);
compareDuplication(
  report,
  JSON.parse(readFileSync(join(jscpdDir, "jscpd-report.json"), "utf8")),
  corpus,
);
compareExplicitAny(corpus);
// madge counts `import type` as an edge: compare with an audit that does too (not timed; it is
// served from the warm cache, since the setting changes the graph, not the per-file facts).
const typedConfig = join(cacheDir, "debtlens.bench.types.json");
execFileSync("bash", [
  "-c",
  `printf '%s' '{"cache":{"dir":"${relative(corpus, auditCache)}"},"architecture":{"includeTypeImports":true}}' > '${typedConfig}'`,
]);
const typedJson = join(cacheDir, "debtlens-report.types.json");
execFileSync(
  node,
  [
    join(projectRoot, "bin", "debtlens.js"),
    "audit",
    corpus,
    "--config",
    typedConfig,
    "--format",
    "json",
    "--output",
    typedJson,
  ],
  { stdio: "ignore" },
);
const { compareCycles } = await import("./cycles.ts");
compareCycles(JSON.parse(readFileSync(typedJson, "utf8")), madgeJson);
