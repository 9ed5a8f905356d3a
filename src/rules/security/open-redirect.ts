import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { mergeHandlers } from "../../frameworks/index.ts";
import { isTestFile } from "../../shared/index.ts";
import { FlowRecorder, readsRequest, reportFlows, type FlowFact } from "./flow.ts";
import { describeOrigin, memberText, requestInputOf } from "./request-input.ts";

const ID = "security/open-redirect";
/** Objects that answer a request: Express/Koa/Fastify/hapi and the fetch API's Response. */
const RESPONDER = /^(res|response|reply|ctx|context|h|NextResponse|Response)$/;
const FUNCTIONS = ["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"];
/** A target fixed in code: a path with a first segment (`/orders/...`) or a fixed scheme and host. */
const FIXED_TARGET = /^(\/[^/\\]|[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+[/?#]?)/i;
/** Checks that keep a redirect on the site: a leading-slash path test, an allow-list, a parsed host. */
const GUARD_NAMES =
  /\b(is|ensure|assert|validate|check)\w*(Safe|Valid|Allowed|Local|Relative|Internal|Same)\w*\(/;

export const openRedirect = defineRule({
  id: ID,
  category: "security",
  severity: "medium",
  remediationMinutes: 30,
  description:
    "A redirect (`res.redirect`, `ctx.redirect`, `reply.redirect`, a `Location` header) to a URL taken from the request, unguarded or guarded only by a substring check.",
  rationale:
    "A link on the application's own domain that forwards anywhere is what phishing needs: victims trust the domain, and OAuth flows hand tokens to the address it names.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    redirect:
      "{{call}} sends the browser to {{how}}{{via}}{{guard}}: anyone can craft a link on this site that forwards to their own. Redirect only to paths (`/...` but not `//...`) or to hosts on an allow-list, checked on the parsed URL.",
  },
  create(ctx): NodeHandlers {
    if (
      isTestFile(ctx.path) ||
      // Sinks need a redirect; feeds (a route passing input to a helper that redirects) need input.
      (!/edirect|ocation/.test(ctx.code) && !readsRequest(ctx.code))
    )
      return {};
    const { input, handlers: inputHandlers } = requestInputOf(ctx);
    const flow = new FlowRecorder(ctx);
    const starts: number[] = [];
    const fixed = new Set<string>();
    const fixedTarget = (node: AstNode) => isFixedTarget(node, fixed);
    const check = (call: AstNode, value: AstNode | undefined) => {
      if (!value || fixedTarget(value)) return;
      const origin = input.origin(value);
      if (!origin) return;
      // The outermost function: a guard in the handler covers a redirect in its callbacks.
      const guard = guardOf(value, ctx.text.slice(starts[0] ?? 0, call.start));
      if (guard === "guarded") return;
      const callee = call.callee as AstNode;
      const data = {
        call: ctx.text.slice(callee.start, Math.min(callee.end, callee.start + 60)),
        how: describeOrigin(origin),
        guard:
          guard === "weak"
            ? "; the substring check before it passes `https://evil.example/?yoursite.com`"
            : "",
      };
      if (origin.kind === "request")
        ctx.report({ messageId: "redirect", data: { ...data, via: "" }, node: call });
      else flow.addSink(call, origin, "redirect", data);
    };
    const handlers: NodeHandlers = {
      VariableDeclarator(node) {
        const id = node.id as AstNode;
        const init = node.init as AstNode | null;
        if (id.type !== "Identifier" || !init) return;
        if (init.type !== "Identifier" && fixedTarget(init)) fixed.add(id.name as string);
        else fixed.delete(id.name as string);
      },
      CallExpression(node) {
        flow.noteCall(node, input, (_, arg) => !fixedTarget(arg));
        const callee = node.callee as AstNode;
        const args = node.arguments as AstNode[];
        if (callee.type !== "MemberExpression" || callee.computed) {
          // Next.js `redirect(x)` from next/navigation
          if (callee.type === "Identifier" && callee.name === "redirect") check(node, args[0]);
          return;
        }
        const object = callee.object as AstNode;
        const method = (callee.property as AstNode).name as string;
        if (object.type !== "Identifier" || !RESPONDER.test(object.name as string)) return;
        if (method === "redirect") {
          // res.redirect(301, url) / reply.redirect(url, 301)
          const numeric = (a: AstNode | undefined) =>
            a?.type === "Literal" && typeof a.value === "number";
          check(node, numeric(args[0]) ? args[1] : args[0]);
        } else if (method === "location") check(node, args[0]);
        else if (
          /^(setHeader|set|header)$/.test(method) &&
          args[0]?.type === "Literal" &&
          String(args[0].value).toLowerCase() === "location"
        )
          check(node, args[1]);
        else if (method === "writeHead") {
          const headers = args.find((a) => a.type === "ObjectExpression");
          const location = (headers?.properties as AstNode[] | undefined)?.find((p) => {
            const key = p.key as AstNode | undefined;
            return String(key?.name ?? key?.value ?? "").toLowerCase() === "location";
          });
          if (location) check(node, location.value as AstNode);
        }
      },
      "Program:exit"() {
        const fact = flow.fact();
        if (fact) ctx.setFact(fact);
      },
    };
    for (const type of FUNCTIONS) {
      handlers[type] = (node) => void starts.push(node.start);
      handlers[`${type}:exit`] = () => void starts.pop();
    }
    return mergeHandlers(inputHandlers, handlers);
  },
  analyze(ctx) {
    // A helper that redirects to its parameter is reported only when a route feeds it input.
    reportFlows(ctx, ctx.factsOf<FlowFact>(ID), (_, fed) =>
      fed ? { messageId: "redirect" } : undefined,
    );
  },
});

/** A target fixed in code: a literal, a name bound to one, a path or host at the start of a template or concatenation. */
function isFixedTarget(node: AstNode, fixed: ReadonlySet<string>): boolean {
  if (node.type === "Literal") return true;
  if (node.type === "Identifier") return fixed.has(node.name as string);
  if (node.type === "TemplateLiteral") {
    const first = ((node.quasis as AstNode[])[0]?.value as { cooked?: string }).cooked ?? "";
    return FIXED_TARGET.test(first);
  }
  if (node.type === "BinaryExpression" && node.operator === "+") {
    let left = node.left as AstNode;
    while (left.type === "BinaryExpression" && left.operator === "+") left = left.left as AstNode;
    return left.type === "Literal" && FIXED_TARGET.test(String(left.value));
  }
  return false;
}

/** A check on the value before the redirect: "guarded" (fine), "weak" (a substring test) or none. */
function guardOf(value: AstNode, before: string): "guarded" | "weak" | undefined {
  if (value.type !== "Identifier" && value.type !== "MemberExpression") return undefined;
  const name = memberText(value);
  const n = name.replace(/[.$[\]…]/g, (c) => `\\${c}`);
  if (
    new RegExp(`\\b${n}(\\.\\w+)*\\.startsWith\\(\\s*["'\`]/`).test(before) ||
    new RegExp(`\\.(includes|has|indexOf)\\(\\s*${n}\\b`).test(before) ||
    (GUARD_NAMES.test(before) && before.includes(name)) ||
    new RegExp(`new URL\\(\\s*${n}\\b`).test(before)
  )
    return "guarded";
  if (new RegExp(`\\b${n}(\\.\\w+)*\\.(includes|indexOf|match|search|endsWith)\\(`).test(before))
    return "weak";
  return undefined;
}
