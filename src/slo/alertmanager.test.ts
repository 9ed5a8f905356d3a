import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatAlertmanagerConfig, parseMaintenance } from "./alertmanager.ts";
import { InputError } from "../shared/index.ts";
import { hasTool } from "./test-helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "debtlens-slo-am-"));
const children: ChildProcess[] = [];
afterAll(async () => {
  // Alertmanager writes its data folder until it has exited: removing the folder while it
  // stops failed CI once (ENOTEMPTY), so wait for each one to go, then retry the removal.
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
});

function write(text: string, name = "alertmanager.yml"): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const config = formatAlertmanagerConfig([], {
  maintenance: [
    parseMaintenance("sunday 02:00-04:00"),
    parseMaintenance("monday:friday 22:00-23:00"),
  ],
  timeZone: "Europe/Berlin",
  webhooks: { P0: "https://pager.example/hook" },
});

describe("parseMaintenance", () => {
  it("reads weekdays and times, and refuses what Alertmanager would not", () => {
    expect(parseMaintenance("02:00-04:00")).toEqual({ weekdays: [], start: "02:00", end: "04:00" });
    expect(parseMaintenance("saturday,sunday 01:30-02:00")).toEqual({
      weekdays: ["saturday", "sunday"],
      start: "01:30",
      end: "02:00",
    });
    for (const bad of ["sunday", "funday 02:00-04:00", "04:00-02:00", "2:00-4:00"])
      expect(() => parseMaintenance(bad)).toThrow(InputError);
  });
});

describe.skipIf(!hasTool("amtool"))("generated Alertmanager configuration under amtool", () => {
  it("passes amtool check-config", () => {
    const run = spawnSync("amtool", ["check-config", write(config)], { encoding: "utf8" });
    expect(run.stdout).toContain("SUCCESS");
    expect(run.status).toBe(0);
  });

  it("routes each priority to its receiver and anything else to the default", () => {
    const file = write(config);
    const route = (...labels: string[]) =>
      spawnSync("amtool", ["config", "routes", "test", `--config.file=${file}`, ...labels], {
        encoding: "utf8",
      }).stdout.trim();
    for (const p of ["P0", "P1", "P2", "P3"])
      expect(route("alertname=SLOErrorBudgetBurn", `priority=${p}`, "slo=a")).toBe(
        `slo-${p.toLowerCase()}`,
      );
    expect(route("alertname=SLOBurnRatePolicy", "priority=P2", "slo=a")).toBe("slo-p2");
    // Near misses: another alert with a priority label, and an SLO alert without one.
    expect(route("alertname=DiskFull", "priority=P0")).toBe("slo-default");
    expect(route("alertname=SLOErrorBudgetBurn", "slo=a")).toBe("slo-default");
  });
});

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

describe.skipIf(!hasTool("prometheus-alertmanager"))(
  "a real Alertmanager with the configuration",
  () => {
    it("inhibits an SLO's lower priorities while a higher one fires, and no other SLO's", async () => {
      const port = await freePort();
      const child = spawn(
        "prometheus-alertmanager",
        [
          `--config.file=${write(config)}`,
          `--storage.path=${join(dir, "data")}`,
          `--web.listen-address=127.0.0.1:${port}`,
          "--cluster.listen-address=",
        ],
        { stdio: "ignore" },
      );
      children.push(child);
      const base = `http://127.0.0.1:${port}/api/v2`;
      await waitFor(`${base}/status`, 20_000);
      const alert = (slo: string, priority: string) => ({
        labels: { alertname: "SLOErrorBudgetBurn", slo, service: "shop", priority },
        startsAt: new Date().toISOString(),
      });
      const posted = await fetch(`${base}/alerts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify([
          alert("checkout", "P0"),
          alert("checkout", "P1"),
          alert("checkout", "P3"),
          alert("search", "P1"),
        ]),
      });
      expect(posted.ok).toBe(true);
      // Inhibition is computed when alerts are listed; give the dispatcher a moment to take them in.
      let states: Record<string, string> = {};
      const until = Date.now() + 15_000;
      while (Date.now() < until) {
        const alerts = (await (await fetch(`${base}/alerts`)).json()) as Array<{
          labels: Record<string, string>;
          status: { state: string; inhibitedBy: string[] };
        }>;
        states = Object.fromEntries(
          alerts.map((a) => [
            `${a.labels.slo} ${a.labels.priority}`,
            a.status.inhibitedBy.length > 0 ? "inhibited" : a.status.state,
          ]),
        );
        if (Object.keys(states).length === 4 && states["checkout P1"] === "inhibited") break;
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(states).toEqual({
        "checkout P0": "active",
        "checkout P1": "inhibited",
        "checkout P3": "inhibited",
        "search P1": "active",
      });
    }, 45_000);
  },
);
