import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { noStructuredLogging } from "./no-structured-logging.ts";
import { locations } from "../../../test/support/rule-tester.ts";
import { library, service, serverCode } from "../../../test/support/manifests.ts";

const handler =
  'export function list(req, res) {\n  console.log("listing", req.query);\n  console.error("oops");\n  res.json([]);\n}\n';

describe("infrastructure/no-structured-logging", () => {
  it("fires on a service that logs with console, at the file with the most calls", () => {
    const [finding, ...rest] = runRule(noStructuredLogging, {
      "package.json": service(),
      "src/server.ts": serverCode + 'console.log("up");\n',
      "src/users.ts": handler,
    });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      path: "src/users.ts",
      startLine: 2,
      endLine: 2,
      evidence: { consoleCalls: 3, files: 2 },
    });
    expect(finding!.message).toMatch(
      /^This service logs with console.\* \(3 call\(s\) in 2 server file\(s\)\) and has no structured logger/,
    );
  });
  it("fires on a worker process (no HTTP framework) that uses console.info", () => {
    const worker = JSON.stringify({
      name: "w",
      private: true,
      scripts: { start: "tsx src/worker.ts" },
    });
    expect(
      locations(noStructuredLogging, {
        "package.json": worker,
        "src/worker.ts": "\nconsole.info('job done');\n",
      }),
    ).toEqual(["src/worker.ts:2-2"]);
  });
  it("fires only in the service of a monorepo when another package has its own console calls", () => {
    const files = {
      "package.json": JSON.stringify({ private: true }),
      "apps/api/package.json": service(),
      "apps/api/src/a.ts": 'console.warn("x");\n',
      "packages/ui/src/b.ts": 'console.log("y");\nconsole.log("z");\n',
    };
    expect(locations(noStructuredLogging, files)).toEqual(["apps/api/src/a.ts:1-1"]);
  });
  it("does not fire when pino or winston is a dependency, or with Fastify's built-in logger", () => {
    expect(
      locations(noStructuredLogging, {
        "package.json": service({ dependencies: { express: "4", pino: "9" } }),
        "src/users.ts": handler,
      }),
    ).toEqual([]);
    expect(
      locations(noStructuredLogging, {
        "package.json": service({ dependencies: { fastify: "5" } }),
        "src/users.ts": handler,
      }),
    ).toEqual([]);
  });
  it("fires when a logger is installed but server code still logs with console (50 calls or more)", () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => `  console.log("step ${i}", req.query);`).join("\n");
    const code = (n: number) =>
      `export function list(req, res) {\n${many(n)}\n  res.json([]);\n}\n`;
    const [finding, ...rest] = runRule(noStructuredLogging, {
      "package.json": service({ dependencies: { express: "4", pino: "9" } }),
      "src/logger.ts":
        'import pino from "pino";\nexport const logger = pino();\nconsole.log("x");\n',
      "src/users.ts": code(30),
      "src/orders.ts": code(25),
    });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      path: "src/users.ts",
      startLine: 2,
      evidence: { consoleCalls: 55, files: 2, logger: "pino" },
    });
    expect(finding!.message).toMatch(
      /^This service has pino but still logs with console\.\* \(55 call\(s\) in 2 server file\(s\)\)/,
    );
    // Near miss: 49 calls beside the logger (the logger's own file does not count).
    expect(
      locations(noStructuredLogging, {
        "package.json": service({ dependencies: { express: "4", pino: "9" } }),
        "src/users.ts": code(30),
        "src/orders.ts": code(19),
        "src/lib/logger.ts": code(20),
      }),
    ).toEqual([]);
  });
  it("does not count tests, scripts, React components or console-like objects", () => {
    const files = {
      "package.json": service(),
      "src/users.test.ts": handler,
      "scripts/seed.ts": 'console.log("seeded");\n',
      "src/components/List.tsx": 'console.log("render");\n',
      "src/log.ts": 'logger.console.log("x");\nconst console2 = 1;\n',
    };
    expect(locations(noStructuredLogging, files)).toEqual([]);
  });
  it("does not fire on a library, and respects minCalls", () => {
    expect(
      locations(noStructuredLogging, { "package.json": library(), "src/users.ts": handler }),
    ).toEqual([]);
    expect(
      locations(
        noStructuredLogging,
        { "package.json": service(), "src/users.ts": handler },
        { minCalls: 3 },
      ),
    ).toEqual([]);
    expect(
      locations(
        noStructuredLogging,
        { "package.json": service(), "src/users.ts": handler },
        { minCalls: 2 },
      ),
    ).toEqual(["src/users.ts:2-2"]);
  });
});
