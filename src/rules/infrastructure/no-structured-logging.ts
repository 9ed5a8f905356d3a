import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { STRUCTURED_LOGGERS } from "../../frameworks/index.ts";
import { MANIFEST_FACT } from "../collectors/manifest-fact.ts";
import { applicability, NOT_PRODUCT_DIR, serviceOf } from "./service.ts";
import { isTestFile } from "../../shared/index.ts";

const id = "infrastructure/no-structured-logging";

/** Code that does not run in the server process: browser code, scripts, tool configuration. */
const NOT_SERVER_CODE =
  /(^|\/)(client|frontend|public|static|assets|components|hooks|ui|browser|www|scripts?|bin|tools|migrations|seeds?)\/|\.config\.[cm]?[jt]s$|\.[jt]sx$/;
const LOGGER_FILE = /(^|\/)(log|logs|logger|logging)(\/|\.[cm]?[jt]s$)|Logger\.[cm]?[jt]s$/i;
const CONSOLE_METHODS = new Set(["log", "info", "warn", "error", "debug", "trace"]);

interface ConsoleFact {
  kind: "console";
  calls: number;
  line: number;
}

export const noStructuredLogging = defineRule({
  id,
  category: "infrastructure",
  severity: "medium",
  remediationMinutes: 240,
  description:
    "A service that logs with console.* and has no structured logger (pino, winston, bunyan...).",
  rationale:
    "console output has no levels, no fields and no request context: logs cannot be filtered, correlated with a request or alerted on, so incidents take longer to diagnose.",
  version: 3,
  options: z.strictObject({
    /** console calls in server code needed before the rule fires. */
    minCalls: z.number().int().min(1).default(1),
    /**
     * With a structured logger installed, this many console calls in server code still mean most
     * logs bypass it (a few in scripts and start-up are normal).
     */
    maxBesideLogger: z.number().int().min(1).default(50),
  }),
  messages: {
    beside:
      "This service has {{logger}} but still logs with console.* ({{calls}} call(s) in {{files}} server file(s)): those lines bypass the logger's levels, fields and request ids. Log through {{logger}} everywhere (a lint rule such as no-console keeps it so).",
    console:
      "This service logs with console.* ({{calls}} call(s) in {{files}} server file(s)) and has no structured logger: logs have no levels, fields or request ids to search and alert on. Use pino (or winston) with JSON output and a request id.",
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path) || NOT_SERVER_CODE.test(ctx.path) || NOT_PRODUCT_DIR.test(ctx.path))
      return {};
    let calls = 0;
    let line = 0;
    return {
      CallExpression(node: AstNode) {
        const callee = node.callee as AstNode;
        if (callee.type !== "MemberExpression" || callee.computed) return;
        const object = callee.object as AstNode;
        if (object.type !== "Identifier" || object.name !== "console") return;
        if (!CONSOLE_METHODS.has((callee.property as AstNode).name as string)) return;
        if (calls++ === 0) line = ctx.lineOf(node.start);
      },
      "Program:exit"() {
        // The text is searched only in a file with console calls: searching every file before the
        // walk cost more than the callee checks above.
        if (calls > 0 && ctx.text.includes("console."))
          ctx.setFact({ kind: "console", calls, line } satisfies ConsoleFact);
      },
    };
  },
  uses: [MANIFEST_FACT],
  analyze(ctx) {
    const app = applicability(ctx);
    if (app.services.length === 0) return;
    const logger = [...app.dependencies].find((name) => STRUCTURED_LOGGERS.has(name));
    const files = ctx
      .factsOf<{ kind: string }>(id)
      .filter((f): f is { path: string; fact: ConsoleFact } => f.fact.kind === "console")
      .filter((f) => serviceOf(f.path, app.services))
      // Beside a logger, the logger's own wrapper may print with console (in development).
      .filter((f) => !logger || !LOGGER_FILE.test(f.path))
      .sort((a, b) => b.fact.calls - a.fact.calls || a.path.localeCompare(b.path));
    const calls = files.reduce((sum, f) => sum + f.fact.calls, 0);
    const top = files[0];
    if (!top || calls < (logger ? ctx.options.maxBesideLogger : ctx.options.minCalls)) return;
    ctx.report({
      messageId: logger ? "beside" : "console",
      data: { calls, files: files.length, logger: logger ?? "" },
      key: "console-logging",
      path: top.path,
      startLine: top.fact.line,
      evidence: { consoleCalls: calls, files: files.length, ...(logger ? { logger } : {}) },
      places: files
        .slice(0, 10)
        .map((f) => ({ path: f.path, startLine: f.fact.line, endLine: f.fact.line })),
    });
  },
});
