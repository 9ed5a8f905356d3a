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

describe("audit --save's store thread", () => {
  it("saves on its own thread what an in-process save would, and closes the store", async () => {
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
