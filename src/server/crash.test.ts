import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticReport } from "../../test/support/synthetic.ts";
import { openStore } from "../store/index.ts";
import { addUser, createToken } from "./access.ts";
import { PASSWORD } from "./test-helpers.ts";

const BIN = resolve(import.meta.dirname, "../../bin/debtlens.js");

/** `debtlens serve` as users run it, on a free loopback port; resolves with its address. */
function serve(store: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, "serve", "--store", store, "--port", "0"], {
    env: { ...process.env, LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((resolvePromise, reject) => {
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolvePromise({ child, url: match[1]! });
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((done) =>
    child.exitCode !== null ? done(child.exitCode) : child.on("exit", (code) => done(code)),
  );

const report = (items: number, commit: string, day: number) =>
  syntheticReport(items, {
    repository: { commit, commitDate: new Date(Date.UTC(2025, 0, day)).toISOString() },
  } as never);

describe("the server process", () => {
  const folder = mkdtempSync(join(tmpdir(), "debtlens-serve-crash-"));
  const store = join(folder, "store");
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("killed with SIGKILL during uploads, loses no earlier snapshot, keeps no partial one and starts again; SIGTERM closes cleanly", async () => {
    let token: string;
    {
      const opened = await openStore({ kind: "folder", path: store });
      await addUser(opened, { email: "cto@acme.test", password: PASSWORD, role: "cto" });
      token = (await createToken(opened, "web")).token;
      await opened.close();
    }
    const post = (url: string, body: string) =>
      fetch(`${url}/api/v1/projects/web/snapshots`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body,
      });
    let server = await serve(store);
    expect((await post(server.url, JSON.stringify(report(50, "a1", 1)))).status).toBe(201);

    // A large upload, killed while the body arrives and, the second time, while it is saved.
    const large = JSON.stringify(report(20_000, "b1", 2));
    for (const delay of [30, 1500]) {
      const sending = post(server.url, large).then(
        (r) => r.status,
        () => "cut",
      );
      await new Promise((r) => setTimeout(r, delay));
      server.child.kill("SIGKILL");
      await exited(server.child);
      const outcome = await sending;
      expect([201, "cut"]).toContain(outcome);
      server = await serve(store);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    }

    // The server answers after the crashes, and SIGTERM lets it close the store.
    expect((await post(server.url, JSON.stringify(report(40, "c1", 3)))).status).toBe(201);
    server.child.kill("SIGTERM");
    expect(await exited(server.child)).toBe(0);
    expect(existsSync(join(store, "lock"))).toBe(false);

    const opened = await openStore({ kind: "folder", path: store });
    try {
      const { rows } = await sql<{ commit: string; items: number; observed: number }>`
        select s.commit, s.items, (select count(*)::int from observations o where o.snapshot_id = s.id) as observed
        from snapshots s order by s.ordered_at`.execute(opened.db);
      const commits = rows.map((r) => r.commit);
      expect(commits[0]).toBe("a1");
      expect(commits.at(-1)).toBe("c1");
      // b1 is there whole or not at all.
      expect(commits.filter((c) => c === "b1").length).toBeLessThanOrEqual(1);
      for (const row of rows) expect(row.observed).toBe(row.items);
    } finally {
      await opened.close();
    }
  }, 600_000);
});
