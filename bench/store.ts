// node bench/store.ts trend [N]          : a PGlite store of N snapshots (default 500) and the time
//                                          `trendOf` and `debtlens trend` take over them
// node bench/store.ts save REPORT.json [R] : R saves (default 3) of a saved JSON report into a store
//                                          opened beforehand (as `audit --save` opens it while
//                                          auditing): wall and CPU time of the save alone
// The store's budget (issue 13): saving adds at most 25% to a cold audit of effect's src/; trend
// over 500 snapshots answers in under 200 ms.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readReport } from "../src/report/read.ts";
import { totalsOf } from "../src/register/index.ts";
import { syntheticReport } from "../test/support/synthetic.ts";
import { openStore, resolveProject, saveSnapshot, trendOf } from "../src/store/index.ts";

const [mode = "trend", arg, repeat] = process.argv.slice(2);
const folder = mkdtempSync(join(tmpdir(), "debtlens-bench-store-"));
const location = { kind: "folder" as const, path: join(folder, "store") };
const ms = (from: number) => Math.round(performance.now() - from);

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
  } else {
    throw new Error(`unknown mode ${mode}: trend or save`);
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
