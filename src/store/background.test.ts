import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { InputError } from "../shared/index.ts";
import {
  listSnapshots,
  openStore,
  openStoreInBackground,
  resolveProject,
  saveSnapshot,
  STORE_MARKER,
  storedReport,
} from "./index.ts";
import { restoreStoreTemplate, writeStoreTemplate } from "./template.ts";

const scratch = mkdtempSync(join(tmpdir(), "debtlens-store-background-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let made = 0;
const folder = () => join(scratch, `store-${++made}`);
const identity = (commit: string, day: number) => ({
  commit,
  commitDate: new Date(Date.UTC(2025, 0, day)).toISOString(),
});

/** Whether a process is alive (signal 0 checks without sending anything). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid in the store's lock file, once the store's process has opened the store. */
async function storeProcessOf(path: string): Promise<number> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const lock = join(path, "lock");
    if (existsSync(lock)) {
      const pid = Number(readFileSync(lock, "utf8"));
      if (pid > 0) return pid;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the store's process never opened the store");
}

async function gone(pid: number): Promise<boolean> {
  for (let waited = 0; waited < 10_000 && isAlive(pid); waited += 50)
    await new Promise((resolve) => setTimeout(resolve, 50));
  return !isAlive(pid);
}

describe("audit --save's store process", () => {
  it("saves in its own process what an in-process save would, and closes the store", async () => {
    const path = folder();
    const report = syntheticReport(300);
    const first = await openStoreInBackground({ kind: "folder", path }).save(report, {
      project: "shop",
      identity: identity("c1", 1),
    });
    expect(first).toMatchObject({ project: "shop", created: true, newItems: 300, fixedItems: 0 });
    // A second thread: a snapshot with 30 items gone.
    const second = await openStoreInBackground({ kind: "folder", path }).save(
      { ...report, items: report.items.slice(30) },
      { project: "shop", identity: identity("c2", 2) },
    );
    expect(second).toMatchObject({ created: true, newItems: 0, fixedItems: 30 });
    // The lock is released and the report kept whole.
    expect(existsSync(join(path, "lock"))).toBe(false);
    const store = await openStore({ kind: "folder", path });
    try {
      const project = await resolveProject(store, "shop");
      expect((await listSnapshots(store, project.id)).map((s) => s.commit)).toEqual(["c1", "c2"]);
      expect((await storedReport(store, project.id))?.report.items).toHaveLength(270);
    } finally {
      await store.close();
    }
  });

  it("reports a store it cannot open as the InputError an in-process open gives", async () => {
    const file = join(scratch, "a-file");
    writeFileSync(file, "not a store\n");
    const saving = openStoreInBackground({ kind: "folder", path: file }).save(syntheticReport(3));
    await expect(saving).rejects.toBeInstanceOf(InputError);
    await expect(saving).rejects.toMatchObject({ code: "store.not-a-store" });
  });

  it("is stopped by abandon (the audit failed): no snapshot, and the store opens again", async () => {
    const path = folder();
    const background = openStoreInBackground({ kind: "folder", path });
    const pid = await storeProcessOf(path);
    await background.abandon();
    expect(isAlive(pid)).toBe(false);
    const store = await openStore({ kind: "folder", path });
    try {
      await expect(resolveProject(store, "shop")).rejects.toMatchObject({
        code: "store.no-project",
      });
    } finally {
      await store.close();
    }
  });

  it("goes when the audit's process is killed, leaving a store the next save can use", async () => {
    const path = folder();
    const script = join(scratch, "audit-process.ts");
    writeFileSync(
      script,
      `import { openStoreInBackground } from ${JSON.stringify(join(import.meta.dirname, "background.ts"))};\n` +
        `openStoreInBackground({ kind: "folder", path: ${JSON.stringify(path)} });\n` +
        "setInterval(() => {}, 1000);\n",
    );
    const audit = spawn(process.execPath, [script], { stdio: "ignore" });
    const pid = await storeProcessOf(path);
    audit.kill("SIGKILL");
    expect(await gone(pid)).toBe(true);
    const saved = await openStoreInBackground({ kind: "folder", path }).save(syntheticReport(5), {
      project: "shop",
      identity: identity("c1", 1),
    });
    expect(saved).toMatchObject({ created: true, newItems: 5 });
  });
});

describe("the new store's template", () => {
  const template = join(scratch, "template.gz");

  it("unpacks into a store that opens without initdb, with the migrations applied", async () => {
    const source = folder();
    await (await openStore({ kind: "folder", path: source })).close();
    writeStoreTemplate(join(source, "pgdata"), template);

    const path = folder();
    const pgdata = join(path, "pgdata");
    expect(restoreStoreTemplate(pgdata, template)).toBe(true);
    expect(readdirSync(pgdata)).toContain("PG_VERSION");
    // No partial folder is left beside it.
    expect(readdirSync(path)).toEqual(["pgdata"]);
    // As openStore writes it for a new folder, before it unpacks the template.
    writeFileSync(join(path, STORE_MARKER), '{"schema":"debtlens.store/v1","engine":"pglite"}\n');
    const store = await openStore({ kind: "folder", path });
    try {
      const saved = await saveSnapshot(store, syntheticReport(20), {
        project: "t",
        identity: identity("c", 1),
      });
      expect(saved.created).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("is not used when another PGlite made it, or it holds a migration this debtlens lacks", () => {
    const packed = gunzipSync(readFileSync(template));
    const length = packed.readUInt32BE(0);
    const index = JSON.parse(packed.subarray(4, 4 + length).toString("utf8"));
    const variant = (change: object) => {
      const head = Buffer.from(JSON.stringify({ ...index, ...change }));
      const size = Buffer.alloc(4);
      size.writeUInt32BE(head.length);
      const file = join(scratch, `variant-${++made}.gz`);
      writeFileSync(file, gzipSync(Buffer.concat([size, head, packed.subarray(4 + length)])));
      return file;
    };
    const other = variant({ pglite: "0.0.1" });
    const newer = variant({ migrations: [...index.migrations, "9999_from_the_future"] });
    for (const file of [other, newer]) {
      const pgdata = join(folder(), "pgdata");
      expect(restoreStoreTemplate(pgdata, file)).toBe(false);
      expect(existsSync(pgdata)).toBe(false);
    }
    expect(restoreStoreTemplate(join(folder(), "pgdata"), join(scratch, "missing.gz"))).toBe(false);
  });
});
