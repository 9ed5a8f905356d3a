import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { isTestFile } from "../../shared/index.ts";

/** A URL that points back at the application itself: loopback, its own port or base URL. */
const SELF_URL =
  /\blocalhost\b|127\.0\.0\.1|0\.0\.0\.0|process\.env\.PORT\b|\b(APP|BASE|SITE|SERVER|NEXTAUTH|INTERNAL|SELF|PUBLIC_APP)_URL\b|headers\.host\b|\breq(uest)?\.nextUrl\.origin\b/;
/** The route of a job: what a runner that calls itself posts to (`/api/jobs/1/run`, `/cron/...`). */
const JOB_ROUTE =
  /\/(api\/)?(jobs?|tasks?|cron|crons|queues?|workers?|background|process|run|trigger|internal)\b/i;
const CLIENT_METHODS = new Set(["get", "post", "put", "patch", "delete", "request"]);
// Looked up for every call of every file: sets, not regular expressions.
const CLIENT_FUNCTIONS = new Set(["fetch", "axios", "got", "ky", "$fetch", "ofetch"]);
const CLIENT_OBJECTS = new Set(["axios", "got", "ky", "http", "api", "client"]);

/** `fetch(u)`, `axios.post(u)`, `axios(u)`, `got.post(u)`, `ky.post(u)`: the URL argument. */
function httpCallUrl(node: AstNode): AstNode | undefined {
  const callee = node.callee as AstNode;
  const args = node.arguments as AstNode[];
  if (callee.type === "Identifier" && CLIENT_FUNCTIONS.has(callee.name as string)) return args[0];
  if (callee.type === "MemberExpression" && !callee.computed) {
    const object = callee.object as AstNode;
    const method = (callee.property as AstNode).name as string;
    if (
      object.type === "Identifier" &&
      CLIENT_OBJECTS.has(object.name as string) &&
      CLIENT_METHODS.has(method)
    )
      return args[0];
  }
  return undefined;
}

/** A handler that drops the error: `() => {}`, `() => null`, `() => undefined`, `noop`, one console call. */
function swallows(handler: AstNode | undefined): boolean {
  if (!handler) return false;
  if (handler.type === "Identifier") return /^(noop|ignore|_)$/.test(handler.name as string);
  if (handler.type !== "ArrowFunctionExpression" && handler.type !== "FunctionExpression")
    return false;
  const body = handler.body as AstNode;
  if (body.type === "BlockStatement") return quietBlock(body);
  return (
    body.type === "Literal" ||
    (body.type === "Identifier" && body.name === "undefined") ||
    isConsoleCall(body)
  );
}

function isConsoleCall(node: AstNode): boolean {
  const call = node.type === "ExpressionStatement" ? (node.expression as AstNode) : node;
  if (call.type !== "CallExpression") return false;
  const callee = call.callee as AstNode;
  return (
    callee.type === "MemberExpression" &&
    (callee.object as AstNode).type === "Identifier" &&
    (callee.object as AstNode).name === "console"
  );
}

/** An empty block, or one that only logs: the failure goes nowhere. */
function quietBlock(block: AstNode): boolean {
  return (block.body as AstNode[]).every(isConsoleCall);
}

export const selfHttpJobs = defineRule({
  id: "architecture/self-http-jobs",
  category: "architecture",
  severity: "medium",
  remediationMinutes: 480,
  description:
    "Background work run by the server calling its own HTTP API and dropping the failures: a job runner without retries or dead letters.",
  rationale:
    "A job started by a request to the application itself runs inside a web request's time limit, on whichever instance answers, and a failure it swallows is lost: nothing retries it and nobody sees it.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    job: "This runs background work by calling the application's own HTTP API ({{url}}) and {{how}}: a job that fails is lost, nothing retries it, and it runs within a web request's limits. Put the work on a queue with retries and a dead-letter place (BullMQ, pg-boss, SQS) and let a worker run it.",
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path)) return {};
    /** Ranges of `try` blocks whose `catch` drops the error. */
    const quietTries: Array<[number, number]> = [];
    const reported = new Set<number>();
    const report = (node: AstNode, url: AstNode, how: string) => {
      if (reported.has(node.start)) return;
      reported.add(node.start);
      const text = ctx.text.slice(url.start, Math.min(url.end, url.start + 80));
      ctx.report({ messageId: "job", data: { url: text, how }, node });
    };
    const selfUrl = (node: AstNode): AstNode | undefined => {
      const url = httpCallUrl(node);
      if (!url) return undefined;
      // Its own address and a job's route: a local agent or sidecar on another port is not it.
      const text = ctx.text.slice(url.start, url.end);
      return SELF_URL.test(text) && JOB_ROUTE.test(text) ? url : undefined;
    };
    return {
      TryStatement(node) {
        const handler = node.handler as AstNode | null;
        if (handler && quietBlock(handler.body as AstNode))
          quietTries.push([(node.block as AstNode).start, (node.block as AstNode).end]);
      },
      CallExpression(node, parent) {
        const callee = node.callee as AstNode;
        // `fetch(self).catch(() => {})`
        if (callee.type === "MemberExpression" && (callee.property as AstNode).name === "catch") {
          const inner = callee.object as AstNode;
          const url = inner.type === "CallExpression" ? selfUrl(inner) : undefined;
          if (url && swallows((node.arguments as AstNode[])[0]))
            report(inner, url, "drops its errors (`.catch` that does nothing)");
          return;
        }
        const url = selfUrl(node);
        if (!url) return;
        if (quietTries.some(([s, e]) => node.start >= s && node.end <= e))
          report(node, url, "drops its errors (an empty catch)");
        else if (
          parent?.type === "ExpressionStatement" ||
          (parent?.type === "UnaryExpression" && parent.operator === "void")
        )
          report(node, url, "never waits for the answer (fire and forget)");
      },
    };
  },
});
