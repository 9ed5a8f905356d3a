import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { listSnapshots, openStore, resolveProject, saveSnapshot, storedReport } from "./index.ts";

const child = join(import.meta.dirname, "crash-child.ts");
const ITEMS = 20_000;
const KILLS = 20;

/** Runs the saving child; kills it with SIGKILL `killAfterMs` after it has opened the store. */
function saveInChild(
  folder: string,
  commit: string,
  killAfterMs?: number,
): Promise<{ saved: boolean; saveMs?: number }> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, [child, folder, String(ITEMS), commit], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    process_.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (killAfterMs !== undefined && output.startsWith("open\n") && !output.includes("armed")) {
        output += "armed";
        setTimeout(() => process_.kill("SIGKILL"), killAfterMs);
      }
    });
    process_.on("error", reject);
    process_.on("close", () => {
      const saved = /saved (\d+) ms/.exec(output);
      resolve({ saved: saved !== null, saveMs: saved ? Number(saved[1]) : undefined });
    });
  });
}

// Twenty child processes each saving 20,000 items: about a minute on an idle machine, ten on a
// loaded one, so it runs in CI (CI is set, as .ci/run's environment has it) or when asked.
describe.runIf(process.env.CI || process.env.DEBTLENS_CRASH_TEST)("kill -9 during a save", () => {
  const work = mkdtempSync(join(tmpdir(), "debtlens-crash-"));
  const folder = join(work, "store");
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it(`leaves earlier snapshots intact and no partial one, ${KILLS} times, and the next save succeeds`, async () => {
    // Two snapshots saved in this process, a third by a child left to finish: its time tells
    // how long a save takes here, so that the kills land across the whole of one.
    const store = await openStore({ kind: "folder", path: folder });
    for (const commit of ["c1", "c2"])
      await saveSnapshot(store, syntheticReport(ITEMS), {
        project: "crash",
        identity: { commit, commitDate: `2025-01-0${commit.slice(1)}T00:00:00Z` },
      });
    await store.close();
    const calibration = await saveInChild(folder, "c3");
    expect(calibration.saved).toBe(true);
    const window = calibration.saveMs! * 1.2;

    const completed = new Set(["c1", "c2", "c3"]);
    let killedMidSave = 0;
    for (let k = 0; k < KILLS; k++) {
      const commit = `c${10 + k}`;
      const result = await saveInChild(folder, commit, Math.random() * window);
      if (result.saved) completed.add(commit);
      else killedMidSave++;
    }
    // Most kills must land inside a save, or the test would prove nothing.
    expect(killedMidSave).toBeGreaterThanOrEqual(KILLS / 2);

    const reopened = await openStore({ kind: "folder", path: folder });
    try {
      const project = await resolveProject(reopened, "crash");
      const snapshots = await listSnapshots(reopened, project.id);
      const saved = new Set(snapshots.map((s) => s.commit!));
      // Every save that said it finished is there; one killed between its commit and its
      // message may be there too, complete (checked below).
      for (const commit of completed) expect(saved).toContain(commit);
      const { rows } = await sql<{ snapshot_id: number; n: number }>`
          select snapshot_id, count(*)::int as n from observations group by snapshot_id`.execute(
        reopened.db,
      );
      const observed = new Map(rows.map((r) => [r.snapshot_id, r.n]));
      for (const snapshot of snapshots) {
        expect(snapshot.items).toBe(ITEMS);
        expect(observed.get(snapshot.id)).toBe(ITEMS);
        const back = await storedReport(reopened, project.id, snapshot.id);
        expect(back?.report.items).toHaveLength(ITEMS);
      }
      // No observation, item or state change points at a snapshot that does not exist.
      const orphans = await sql<{ n: number }>`
          select (select count(*) from observations o where not exists (select 1 from snapshots s where s.id = o.snapshot_id))
               + (select count(*) from items i where not exists (select 1 from snapshots s where s.id = i.last_seen))
               as n`.execute(reopened.db);
      expect(Number(orphans.rows[0]!.n)).toBe(0);

      const next = await saveSnapshot(reopened, syntheticReport(ITEMS), {
        project: "crash",
        identity: { commit: "c99", commitDate: "2025-12-01T00:00:00Z" },
      });
      expect(next.created).toBe(true);
      expect(await listSnapshots(reopened, project.id)).toHaveLength(snapshots.length + 1);
    } finally {
      await reopened.close();
    }
  }, 900_000);
});
