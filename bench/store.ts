// node bench/store.ts audit [R]            : the issue's budget, in fresh processes as a user runs
//                                            them: R rounds (default 5) of a cold audit of
//                                            effect's src/ alone, with `--save` into an existing
//                                            store, and with `--save` into a new store; best and
//                                            median wall and CPU time of each, and what saving adds
// node bench/store.ts backfill REPO [R]     : a cold audit of REPO against `backfill REPO --since
//                                            12m --every 1m` (empty cache, new store), R rounds
// node bench/store.ts trend [N]            : a PGlite store of N snapshots (default 500) and the
//                                            time `trendOf` and `debtlens trend` take over them
// node bench/store.ts save REPORT.json [R] : R saves (default 3) of a saved JSON report into a store
//                                            opened beforehand: wall and CPU time of the save alone
// The store's budget (issue 13): saving adds at most 25% to a cold audit of effect's src/;
// backfilling 12 monthly snapshots costs at most 4x a cold audit; trend over 500 snapshots answers
// in under 200 ms. The machine's load average is printed with each round: timings taken under
// another job's load are not comparable.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readReport } from "../src/report/read.ts";
import { totalsOf } from "../src/register/index.ts";
import { syntheticReport } from "../test/support/synthetic.ts";
import { openStore, resolveProject, saveSnapshot, trendOf } from "../src/store/index.ts";

const [mode = "trend", arg, repeat] = process.argv.slice(2);
const folder = mkdtempSync(join(tmpdir(), "debtlens-bench-store-"));
const location = { kind: "folder" as const, path: join(folder, "store") };
const ms = (from: number) => Math.round(performance.now() - from);
const debtlens = join(import.meta.dirname, "..", "bin", "debtlens.js");

interface Timing {
  wall: number;
  cpu: number;
}

/** One fresh process under GNU time: wall and user + system CPU seconds. */
function timed(args: string[], env: NodeJS.ProcessEnv = process.env): Timing {
  const out = join(folder, "time.txt");
  const run = spawnSync(
    "/usr/bin/time",
    ["-f", "%e %U %S", "-o", out, process.execPath, debtlens, ...args],
    { stdio: ["ignore", "ignore", "pipe"], env, encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`debtlens ${args.join(" ")} failed:\n${run.stderr}`);
  const [wall, user, system] = readFileSync(out, "utf8").trim().split(/\s+/).slice(-3).map(Number);
  return { wall: wall!, cpu: user! + system! };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Best and median of each variant, and each variant's excess over the first one. */
function summarise(runs: Map<string, Timing[]>): void {
  const stats = [...runs].map(([name, timings]) => ({
    name,
    bestWall: Math.min(...timings.map((t) => t.wall)),
    medianWall: median(timings.map((t) => t.wall)),
    bestCpu: Math.min(...timings.map((t) => t.cpu)),
    medianCpu: median(timings.map((t) => t.cpu)),
  }));
  const base = stats[0]!;
  const excess = (value: number, reference: number) =>
    `${value >= reference ? "+" : ""}${Math.round((value / reference - 1) * 100)}%`;
  // The machine's speed drifts between minutes: each round's own ratio (its runs ran in turn)
  // says more than a ratio of medians taken across rounds.
  const first = [...runs.values()][0]!;
  const roundRatios = (name: string) =>
    median(runs.get(name)!.map((t, i) => t.wall / first[i]!.wall));
  for (const s of stats)
    console.log(
      `${s.name.padEnd(26)} wall best ${s.bestWall.toFixed(2)} s, median ${s.medianWall.toFixed(2)} s; CPU best ${s.bestCpu.toFixed(2)} s, median ${s.medianCpu.toFixed(2)} s` +
        (s === base
          ? ""
          : `  (wall ${excess(s.bestWall, base.bestWall)} best, ${excess(s.medianWall, base.medianWall)} median; CPU ${excess(s.bestCpu, base.bestCpu)} best, ${excess(s.medianCpu, base.medianCpu)} median; ${(s.medianWall / base.medianWall).toFixed(2)}x; median of the rounds' own ratios ${roundRatios(s.name).toFixed(2)}x)`),
    );
}

/** The share of the machine's CPU busy over one second, from /proc/stat (Linux). */
function busyShare(): number | undefined {
  const sample = () => {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/ +/).slice(1);
    const ticks = fields.map(Number);
    const idle = ticks[3]! + (ticks[4] ?? 0);
    return { idle, total: ticks.reduce((a, b) => a + b, 0) };
  };
  if (!existsSync("/proc/stat")) return undefined;
  const before = sample();
  execFileSync("sleep", ["1"]);
  const after = sample();
  return 1 - (after.idle - before.idle) / Math.max(1, after.total - before.total);
}

/**
 * Waits (two minutes at most) until other jobs leave the machine nearly idle: on 2 shared cores a
 * round timed beside another job's build measures that job. Says what it found.
 */
function quiet(): string {
  const deadline = Date.now() + 120_000;
  let busy = busyShare();
  while (busy !== undefined && busy > 0.15 && Date.now() < deadline) busy = busyShare();
  return `${busy === undefined ? "" : `others busy ${Math.round(busy * 100)}% of the CPU, `}load ${loadavg()[0]!.toFixed(2)}`;
}

try {
  if (mode === "trend") {
    const count = Number(arg ?? 500);
    const store = await openStore(location);
    const base = syntheticReport(200);
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      // Each snapshot drops a different tenth of the items, so new and fixed counts move.
      const items = base.items.filter((_, k) => (k + i) % 10 !== 0);
      await saveSnapshot(
        store,
        {
          ...base,
          items,
          summary: { ...base.summary, ...totalsOf(items, 100_000, 30) },
        },
        {
          project: "bench",
          identity: {
            commit: `c${i}`,
            commitDate: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString(),
          },
        },
      );
    }
    console.log(`saved ${count} snapshots of 180 items in ${ms(started)} ms`);
    const project = await resolveProject(store, "bench");
    for (let run = 0; run < 3; run++) {
      const t = performance.now();
      const points = await trendOf(store, project.id);
      console.log(`trendOf over ${points.length} snapshots: ${ms(t)} ms (store open)`);
    }
    await store.close();
    for (let run = 0; run < 3; run++) {
      const t = performance.now();
      execFileSync(
        process.execPath,
        [
          join(import.meta.dirname, "..", "bin", "debtlens.js"),
          "trend",
          "--store",
          location.path,
          "--format",
          "json",
        ],
        { stdio: ["ignore", "ignore", "inherit"] },
      );
      console.log(
        `debtlens trend --format json (a process: start, open the store, query, print): ${ms(t)} ms`,
      );
    }
  } else if (mode === "save") {
    if (!arg) throw new Error("usage: node bench/store.ts save REPORT.json [runs]");
    const report = readReport(JSON.parse(readFileSync(arg, "utf8")));
    const store = await openStore(location);
    console.log(`report: ${report.items.length} items, ${report.files.length} files`);
    for (let run = 0; run < Number(repeat ?? 3); run++) {
      const cpu = process.cpuUsage();
      const t = performance.now();
      await saveSnapshot(store, report, {
        project: "bench",
        identity: {
          commit: `run${run}`,
          commitDate: new Date(Date.UTC(2025, 0, 1 + run)).toISOString(),
        },
      });
      const used = process.cpuUsage(cpu);
      console.log(
        `save ${run + 1}: ${ms(t)} ms wall, ${Math.round((used.user + used.system) / 1000)} ms CPU`,
      );
    }
    const t = performance.now();
    await store.close();
    const reopened = await openStore(location);
    console.log(`close and reopen of the store: ${ms(t)} ms`);
    await reopened.close();
  } else if (mode === "audit") {
    const corpus = resolve(import.meta.dirname, "..", ".cache/bench/effect-4.1.0/package/src");
    if (!existsSync(corpus)) throw new Error(`${corpus}: run npm run bench once to fetch it`);
    const cache = join(folder, "cache");
    const audit = ["audit", corpus, "--cache-dir", cache, "--format", "json", "--offline"];
    const saveTo = (store: string) => ["--save", "--store", store, "--project", "bench"];
    const existing = join(folder, "existing");
    execFileSync(
      process.execPath,
      [debtlens, ...audit, "-o", join(folder, "r.json"), ...saveTo(existing)],
      { stdio: "ignore" },
    );
    const runs = new Map<string, Timing[]>([
      ["cold audit", []],
      ["+ --save, existing store", []],
      ["+ --save, new store", []],
    ]);
    for (let round = 0; round < Number(arg ?? 5); round++) {
      const row: string[] = [];
      const before = quiet();
      for (const [name, timings] of runs) {
        rmSync(cache, { recursive: true, force: true });
        const fresh = join(folder, "new");
        rmSync(fresh, { recursive: true, force: true });
        const extra = name.includes("existing")
          ? saveTo(existing)
          : name.includes("new")
            ? saveTo(fresh)
            : [];
        const t = timed([...audit, "-o", join(folder, "r.json"), ...extra]);
        timings.push(t);
        row.push(`${t.wall.toFixed(2)}/${t.cpu.toFixed(2)}`);
      }
      console.log(`round ${round + 1} (wall/CPU s): ${row.join("  ")}  (before: ${before})`);
    }
    summarise(runs);
  } else if (mode === "backfill") {
    if (!arg) throw new Error("usage: node bench/store.ts backfill REPO [runs]");
    const repo = resolve(arg);
    const cache = join(folder, "cache");
    const env = { ...process.env, DEBTLENS_CACHE_DIR: cache };
    const runs = new Map<string, Timing[]>([
      ["cold audit", []],
      ["backfill 12 x 1m", []],
    ]);
    for (let round = 0; round < Number(repeat ?? 3); round++) {
      const before = quiet();
      rmSync(cache, { recursive: true, force: true });
      const audit = timed(
        ["audit", repo, "--format", "json", "-o", join(folder, "r.json"), "--offline"],
        env,
      );
      rmSync(cache, { recursive: true, force: true });
      const store = join(folder, "backfill");
      rmSync(store, { recursive: true, force: true });
      const backfilled = timed(
        ["backfill", repo, "--since", "12m", "--every", "1m", "--store", store, "--offline"],
        env,
      );
      runs.get("cold audit")!.push(audit);
      runs.get("backfill 12 x 1m")!.push(backfilled);
      console.log(
        `round ${round + 1}: audit ${audit.wall.toFixed(2)} s, backfill ${backfilled.wall.toFixed(2)} s (${(backfilled.wall / audit.wall).toFixed(2)}x)  (before: ${before})`,
      );
    }
    summarise(runs);
  } else {
    throw new Error(`unknown mode ${mode}: audit, backfill, trend or save`);
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
