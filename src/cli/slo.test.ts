import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main, type Io } from "./main.ts";

const SPECS = join(import.meta.dirname, "..", "slo", "fixtures", "specs");
const dir = mkdtempSync(join(tmpdir(), "debtlens-cli-slo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    columns: 120,
  };
  const code = await main(["node", "debtlens", ...args], io);
  return { code, stdout, stderr };
}

function spec(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const VALID = readFileSync(join(SPECS, "sloth-checkout.yaml"), "utf8");
const OPENSLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: api
spec:
  service: api
  indicator:
    metadata:
      name: api-sli
    spec:
      ratioMetric:
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(requests_total{code!~"5.."}[{{.window}}]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(requests_total[{{.window}}]))
  timeWindow:
    - duration: 30d
      isRolling: true
  objectives:
    - target: 0.999
`;

describe("debtlens slo", () => {
  it("validate lists the SLOs of valid specs and exits 0", async () => {
    const result = await run(
      "slo",
      "validate",
      join(SPECS, "sloth-checkout.yaml"),
      spec("ok.yaml", OPENSLO),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "checkout-requests-availability (prometheus/v1, service checkout, 99.9% over rolling 30d)",
    );
    expect(result.stdout).toContain(
      `${join(dir, "ok.yaml")}:1: api (openslo/v1, service api, 99.9% over rolling 30d)`,
    );
    expect(result.stdout).toMatch(/2 SLOs valid\n$/);
  });

  it.each([
    [
      "missing objective",
      OPENSLO.replace("    - target: 0.999\n", "    - displayName: all\n"),
      26,
      "spec.objectives[0].target: missing objective",
    ],
    [
      "target above 1",
      OPENSLO.replace("target: 0.999", "target: 99.9"),
      26,
      "spec.objectives[0].target: above 1",
    ],
    [
      "unknown metric kind",
      OPENSLO.replace("ratioMetric:", "rawMetric:"),
      11,
      "spec.indicator.spec: unknown metric kind",
    ],
    ["broken YAML", OPENSLO.replace("  service: api\n", "  service: [api\n"), 7, "not valid YAML"],
  ])("validate names the file and line of a %s and exits 2", async (_, text, line, problem) => {
    const file = spec("bad.yaml", text);
    const result = await run("slo", "validate", file);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`debtlens: ${file}:${line}: ${problem}`);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("rules and alertmanager write their files; a bad flag exits 2", async () => {
    const rules = join(dir, "rules.yml");
    expect((await run("slo", "rules", spec("v.yaml", VALID), "-o", rules)).code).toBe(0);
    expect(readFileSync(rules, "utf8")).toContain("alert: SLOErrorBudgetBurn");
    const am = await run(
      "slo",
      "alertmanager",
      spec("v.yaml", VALID),
      "--maintenance",
      "sunday 02:00-04:00",
    );
    expect(am.code).toBe(0);
    expect(am.stdout).toContain("name: slo-maintenance");
    const bad = await run("slo", "alertmanager", spec("v.yaml", VALID), "--webhook", "P7=http://x");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--webhook: expected PRIORITY=URL");
  });

  it("status without a reachable Prometheus exits 2 naming the URL", async () => {
    const result = await run(
      "slo",
      "status",
      spec("v.yaml", VALID),
      "--prometheus",
      "http://127.0.0.1:1",
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^debtlens: http:\/\/127\.0\.0\.1:1\/api\/v1\/query: cannot reach Prometheus/,
    );
  });

  it("debt adds the burning SLO to a saved audit report at its handler, and explain names it", async () => {
    // A stand-in for Prometheus that answers every query with an error ratio of 0.65%: the
    // status figures themselves are tested against a real Prometheus in src/slo.
    const prometheus: Server = createServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          status: "success",
          data: { resultType: "vector", result: [{ metric: {}, value: [0, "0.0065"] }] },
        }),
      );
    });
    await new Promise<void>((done) => prometheus.listen(0, "127.0.0.1", done));
    const { port } = prometheus.address() as { port: number };
    try {
      const app = join(import.meta.dirname, "..", "slo", "fixtures", "apps", "express");
      const audit = await run(
        "audit",
        app,
        "--format",
        "json",
        "--no-cache",
        "--no-history",
        "--offline",
      );
      expect(audit.code).toBe(0);
      const reportFile = join(dir, "audit.json");
      writeFileSync(reportFile, audit.stdout);
      const orders = spec(
        "orders.yaml",
        readFileSync(join(SPECS, "openslo-orders.yaml"), "utf8").replace(
          "duration: 7d",
          "duration: 30d",
        ),
      );
      const out = join(dir, "with-slo.json");
      const debt = await run(
        "slo",
        "debt",
        orders,
        "--prometheus",
        `http://127.0.0.1:${port}`,
        "--report",
        reportFile,
        "--repo",
        app,
        "--cost-per-minute",
        "2",
        "-o",
        out,
      );
      expect(debt.code).toBe(0);
      const report = JSON.parse(readFileSync(out, "utf8")) as {
        items: Array<{
          id: string;
          rule: string;
          path?: string;
          symbol?: string;
          evidence: Record<string, unknown>;
          money: { interest: number };
        }>;
      };
      const item = report.items.find((i) => i.rule === "performance/slo-burn")!;
      // burn 0.0065 / 0.001 = 6.5; 6.5 x 525.6 budget minutes a year x 2 a minute.
      expect(item).toMatchObject({
        path: "handlers/orders.ts",
        symbol: "getOrder",
        money: { interest: 6832.8 },
      });
      const explained = await run("explain", item.id, "--report", out);
      expect(explained.stdout).toContain("SLO burn model");
      expect(explained.stdout).toContain("= 6.5 x 525.6 x 2 = 6,832.80");
      const bumped = report.items.find((i) => i.evidence.sloRiskBump !== undefined)!;
      const why = await run("explain", bumped.id, "--report", out);
      expect(why.stdout).toContain(
        "SLO +1 (SLO orders-availability (route /orders/:id) burns its error budget at 6.5x)",
      );
      // -o with .html renders the page, its SLO section included.
      const page = join(dir, "with-slo.html");
      const html = await run(
        "slo",
        "debt",
        orders,
        "--prometheus",
        `http://127.0.0.1:${port}`,
        "--report",
        reportFile,
        "--repo",
        app,
        "-o",
        page,
      );
      expect(html.code).toBe(0);
      const text = readFileSync(page, "utf8");
      expect(text).toMatch(/^<!doctype html>/i);
      expect(text).toContain("orders-availability");
      const missing = await run(
        "slo",
        "debt",
        orders,
        "--prometheus",
        `http://127.0.0.1:${port}`,
        "--report",
        join(dir, "nope.json"),
      );
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("nope.json: cannot read a JSON report (ENOENT)");
    } finally {
      prometheus.close();
    }
  }, 60_000);
});
