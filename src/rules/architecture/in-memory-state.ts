import { z } from "zod";
import { defineRule, type AstNode } from "../../engine/index.ts";
import { frameworksOf, mergeHandlers, RouteTracker } from "../../frameworks/index.ts";

const MUTATORS = new Set([
  "set",
  "add",
  "push",
  "delete",
  "clear",
  "unshift",
  "splice",
  "pop",
  "shift",
]);
const CONTAINERS = new Set(["Map", "Set", "Array", "Object"]);
/**
 * A module-level container named for what a server issues and must recognise on the next request
 * (tokens, sessions, one-time codes, revocation lists): wherever it is mutated, not only in a
 * handler, each instance knows only the credentials it issued itself.
 */
const CREDENTIAL_STORE =
  /^(issued|active|valid|refresh|revoked|blacklisted|denied)?_?(tokens?|sessions?|session_?store|refresh_?tokens?|api_?keys|otps?|one_?time_?codes?|nonces?|magic_?links?|reset_?tokens?|logged_?in(_?users)?|online_?users|blacklist|denylist|revoked)$/i;
/** Code that runs in a browser or under a test runner: its module state is per user or per test. */
const NOT_SERVER =
  /\.[jt]sx$|(^|\/)(client|components|hooks|public|static|browser|www|__tests__|tests?|spec)\/|\.(test|spec)\.[cm]?[jt]s$/;

export const inMemoryState = defineRule({
  id: "architecture/in-memory-state",
  category: "architecture",
  severity: "high",
  remediationMinutes: 120,
  description:
    "Server-side state that breaks horizontal scaling: default in-memory session stores, module-level maps mutated by handlers, in-process schedulers in web servers.",
  rationale:
    "State held in one process is invisible to the other instances behind the load balancer and lost on every deploy: the service cannot scale out or restart safely.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    session:
      "{{call}}() has no `store`, so sessions live in the process's default MemoryStore: users lose their session on restart and on every other instance. Pass a shared store (e.g. connect-redis `new RedisStore({ client })`).",
    map: "`{{name}}` is module-level state that the {{framework}} handler {{route}} mutates: each instance has its own copy and a restart empties it. Keep it in Redis or the database.",
    store:
      "`{{name}}` keeps {{what}} in this process's memory (mutated in {{where}}): another instance behind the load balancer does not know them and a restart or deploy forgets them all, logging users out. Keep them in Redis or the database, or make them self-contained (signed JWTs verified without a lookup).",
    scheduler:
      "{{call}} runs a scheduler inside the web server: every instance runs it, and it dies with the process. Move it to a worker process or a queue's repeatable job.",
  },
  create(ctx) {
    const file = frameworksOf(ctx);
    // Only the credential stores are judged outside the files that serve HTTP.
    const server = Boolean(file.httpFramework) || file.kinds.has("session");
    if (!server && NOT_SERVER.test(ctx.path)) return {};
    // Routes matter only in a file that serves HTTP: elsewhere no tracker walks with the rule.
    const tracker = server ? new RouteTracker(file) : undefined;
    const state = new Map<string, AstNode>();
    const mutations: Array<{ name: string; node: AstNode; depth: number; fn?: string }> = [];
    const functions: string[] = [];
    let depth = 0;
    const enter = (node: AstNode) => {
      depth++;
      functions.push(((node.id as AstNode | null)?.name as string | undefined) ?? "");
    };
    const exit = () => {
      depth--;
      functions.pop();
    };
    return mergeHandlers(tracker?.handlers ?? {}, {
      FunctionDeclaration: enter,
      "FunctionDeclaration:exit": exit,
      FunctionExpression: enter,
      "FunctionExpression:exit": exit,
      ArrowFunctionExpression: enter,
      "ArrowFunctionExpression:exit": exit,
      VariableDeclarator(node) {
        if (depth > 0) return;
        const init = node.init as AstNode | null;
        const id = node.id as AstNode;
        if (!init || id.type !== "Identifier") return;
        const container =
          init.type === "ObjectExpression" ||
          init.type === "ArrayExpression" ||
          (init.type === "NewExpression" &&
            CONTAINERS.has(((init.callee as AstNode).name as string) ?? ""));
        if (container) state.set(id.name as string, node);
      },
      CallExpression(node) {
        const callee = node.callee as AstNode;
        if (callee.type === "Identifier") {
          const binding = file.bindings.get(callee.name as string);
          if (binding?.info?.kind === "session" && binding.info.name !== "cookie-session") {
            if (!hasStoreOption(node))
              ctx.report({ messageId: "session", data: { call: callee.name as string }, node });
          } else if (callee.name === "setInterval" && depth === 0 && file.httpFramework) {
            ctx.report({ messageId: "scheduler", data: { call: "setInterval" }, node });
          }
          return;
        }
        if (callee.type !== "MemberExpression") return;
        const object = callee.object as AstNode;
        const method = (callee.property as AstNode).name as string;
        if (object.type === "Identifier" && MUTATORS.has(method))
          mutations.push({ name: object.name as string, node, depth, fn: functions.at(-1) });
        const binding =
          object.type === "Identifier" ? file.bindings.get(object.name as string) : undefined;
        if (binding?.info?.kind === "scheduler" && method === "schedule" && file.httpFramework) {
          ctx.report({
            messageId: "scheduler",
            data: { call: `${object.name as string}.schedule` },
            node,
          });
        }
      },
      AssignmentExpression(node) {
        const left = node.left as AstNode;
        if (left.type === "MemberExpression" && (left.object as AstNode).type === "Identifier")
          mutations.push({
            name: (left.object as AstNode).name as string,
            node,
            depth,
            fn: functions.at(-1),
          });
      },
      "Program:exit"() {
        tracker?.finish();
        const reported = new Set<string>();
        for (const m of mutations) {
          if (!state.has(m.name) || reported.has(m.name)) continue;
          const route = tracker?.routeAt(m.node.start);
          if (!route) {
            if (m.depth === 0 || !CREDENTIAL_STORE.test(m.name)) continue;
            reported.add(m.name);
            const data = storeMessageData(m.name, m.fn);
            ctx.report({ messageId: "store", data, node: state.get(m.name)!, symbol: m.name });
            continue;
          }
          reported.add(m.name);
          ctx.report({
            messageId: "map",
            data: { name: m.name, framework: route.framework, route: route.name },
            node: state.get(m.name)!,
            symbol: m.name,
          });
        }
      },
    });
  },
});

/** `session({ store: ... })`: a shared store was given (express-session's MemoryStore otherwise). */
function hasStoreOption(call: AstNode): boolean {
  const options = (call.arguments as AstNode[])[0];
  return (
    options?.type === "ObjectExpression" &&
    (options.properties as AstNode[]).some((p) => (p.key as AstNode | undefined)?.name === "store")
  );
}

function storeMessageData(name: string, fn: string | undefined) {
  return {
    name,
    what: /session|logged|online/i.test(name) ? "sessions" : "issued credentials",
    where: fn ? `${fn}()` : "a function",
  };
}
