import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { frameworksOf } from "../../frameworks/index.ts";
import { dirPrefixOf, isTestFile } from "../../shared/index.ts";
import { lineKey } from "./flow.ts";

const ID = "security/permissive-cors";
/** CORS middleware packages whose options take `origin` and `credentials`. */
const CORS_PACKAGES = new Set([
  "cors",
  "@koa/cors",
  "koa-cors",
  "@fastify/cors",
  "fastify-cors",
  "hono/cors",
]);
/** What makes an app authenticate its callers: sessions, cookies signed for it, tokens. */
const AUTH_PACKAGES = new Set([
  "express-session",
  "cookie-session",
  "koa-session",
  "@fastify/session",
  "@fastify/secure-session",
  "@fastify/jwt",
  "@fastify/passport",
  "passport",
  "jsonwebtoken",
  "jose",
  "express-jwt",
  "koa-jwt",
  "@nestjs/jwt",
  "@nestjs/passport",
  "next-auth",
  "@auth/core",
  "lucia",
  "better-auth",
]);

/** A branch on the environment: what it configures is for development or tests, not production. */
const ENV_BRANCH = /prod|dev|NODE_ENV|local|test/i;

type Open = "any" | "reflect";
interface CorsUse {
  line: number;
  key: string;
  open: Open;
  credentials: boolean;
  call: string;
}
interface Fact {
  cors: CorsUse[];
  auth: boolean;
}

export const permissiveCors = defineRule({
  id: ID,
  category: "security",
  severity: "high",
  remediationMinutes: 30,
  description:
    "CORS open to any origin (`*`, `origin: true`, an origin function that accepts all) with `credentials: true`, or on an app that authenticates with sessions or tokens.",
  rationale:
    "With credentials allowed for any origin, any web page a signed-in user visits can call the API as that user and read the answers: their data leaves through a site the attacker runs.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    credentials:
      '{{call}} {{open}} and allows credentials: any site a signed-in user visits can call this API with their cookies and read the response. List the origins that may call it (`origin: ["https://app.example.com"]`).',
    authenticated:
      '{{call}} {{open}} on an app that authenticates its callers ({{auth}}): name the origins that may call it (`origin: ["https://app.example.com"]`), so a token or a later `credentials: true` is not offered to every site.',
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path)) return {};
    const file = frameworksOf(ctx);
    const auth = [...file.bindings.values()].some((b) => AUTH_PACKAGES.has(b.source));
    const corsBinding = (name: string) => CORS_PACKAGES.has(file.bindings.get(name)?.source ?? "");
    // Nest sets CORS on the app NestFactory made: `app.enableCors(...)`, `create(M, { cors })`.
    if (
      ![...file.bindings.values()].some(
        (b) => CORS_PACKAGES.has(b.source) || b.source === "@nestjs/core",
      )
    ) {
      if (auth) ctx.setFact({ cors: [], auth } satisfies Fact);
      return {};
    }
    const uses: CorsUse[] = [];
    const branches: string[] = [];
    const note = (node: AstNode, options: AstNode | undefined, call: string) => {
      // `if (isProduction) { ...allow-list } else { origin: true }`: a development setting.
      if (branches.some((test) => ENV_BRANCH.test(test))) return;
      const verdict = judge(options);
      if (!verdict) return;
      const line = ctx.lineOf(node.start);
      uses.push({
        ...verdict,
        line,
        key: lineKey(ctx.text, node.start),
        call,
      });
    };
    const enterBranch = (node: AstNode) => {
      const test = node.test as AstNode;
      branches.push(ctx.text.slice(test.start, Math.min(test.end, test.start + 200)));
    };
    const exitBranch = () => void branches.pop();
    return {
      IfStatement: enterBranch,
      "IfStatement:exit": exitBranch,
      ConditionalExpression: enterBranch,
      "ConditionalExpression:exit": exitBranch,
      CallExpression(node) {
        const callee = node.callee as AstNode;
        const args = node.arguments as AstNode[];
        if (callee.type === "Identifier" && corsBinding(callee.name as string))
          note(node, args[0], `${callee.name as string}()`);
        else if (callee.type === "MemberExpression" && !callee.computed) {
          const method = (callee.property as AstNode).name;
          // Nest: app.enableCors({...}); Fastify: app.register(cors, {...})
          if (method === "enableCors") note(node, args[0], "enableCors()");
          else if (
            method === "register" &&
            args[0]?.type === "Identifier" &&
            corsBinding(args[0].name as string)
          )
            note(node, args[1], "register(cors)");
        }
      },
      "Program:exit"() {
        if (uses.length || auth) ctx.setFact({ cors: uses, auth } satisfies Fact);
      },
    };
  },
  analyze(ctx) {
    const facts = ctx.factsOf<Fact>(ID);
    const packageDirs = ctx.allPaths
      .filter((p) => /(^|\/)package\.json$/.test(p))
      .map(dirPrefixOf)
      .sort((a, b) => b.length - a.length);
    const rootOf = (path: string) => packageDirs.find((dir) => path.startsWith(dir)) ?? "";
    const authBy = new Map<string, string>();
    for (const { path, fact } of facts)
      if (fact.auth && !authBy.has(rootOf(path))) authBy.set(rootOf(path), path);
    for (const { path, fact } of facts)
      for (const use of fact.cors) {
        const open = use.open === "any" ? "is open to any origin" : "reflects whatever origin asks";
        const at = { path, startLine: use.line, key: use.key };
        if (use.credentials)
          ctx.report({
            ...at,
            messageId: "credentials",
            data: { call: use.call, open },
            // `*` with credentials is refused by browsers: broken rather than open, until someone reflects.
            ...(use.open === "any" ? { severity: "medium" as const } : {}),
          });
        else if (authBy.has(rootOf(path)))
          ctx.report({
            ...at,
            messageId: "authenticated",
            data: {
              call: use.call,
              open,
              auth: `sessions or tokens in ${authBy.get(rootOf(path))!}`,
            },
            severity: "low",
          });
      }
  },
});

/** How open a CORS options object is: undefined when it names its origins (or cannot be judged). */
function judge(
  options: AstNode | null | undefined,
): { open: Open; credentials: boolean } | undefined {
  // `cors()` and `enableCors()` with no options allow any origin, without credentials.
  if (!options) return { open: "any", credentials: false };
  if (options.type === "Literal" && options.value === true)
    return { open: "any", credentials: false };
  if (options.type !== "ObjectExpression") return undefined;
  let open: Open | undefined = "any";
  let credentials = false;
  for (const p of options.properties as AstNode[]) {
    if (p.type !== "Property" || p.computed) {
      if (p.type === "SpreadElement") return undefined;
      continue;
    }
    const key = (p.key as AstNode).name ?? (p.key as AstNode).value;
    const value = p.value as AstNode;
    if (key === "credentials") credentials = value.type === "Literal" && value.value === true;
    if (key !== "origin") continue;
    if (value.type === "Literal")
      open = value.value === "*" ? "any" : value.value === true ? "reflect" : undefined;
    else if (value.type === "ArrowFunctionExpression" || value.type === "FunctionExpression")
      open = acceptsAll(value) ? "reflect" : undefined;
    else open = undefined;
  }
  return open ? { open, credentials } : undefined;
}

/** `(origin, cb) => cb(null, true)`, `(origin, callback) => callback(null, origin)`, `() => true`. */
function acceptsAll(fn: AstNode): boolean {
  const body = fn.body as AstNode;
  const params = (fn.params as AstNode[]).map((p) =>
    p.type === "Identifier" ? (p.name as string) : "",
  );
  const accepting = (node: AstNode | undefined | null): boolean => {
    if (!node) return false;
    if (node.type === "Literal") return node.value === true;
    if (node.type === "Identifier") return node.name === params[0];
    if (node.type === "CallExpression") {
      const callee = node.callee as AstNode;
      const args = node.arguments as AstNode[];
      return (
        callee.type === "Identifier" &&
        callee.name === params[1] &&
        args.length === 2 &&
        accepting(args[1])
      );
    }
    return false;
  };
  if (body.type !== "BlockStatement") return accepting(body);
  const statements = body.body as AstNode[];
  // Only a body of one statement is judged: anything longer checks something.
  if (statements.length !== 1) return false;
  const only = statements[0]!;
  if (only.type === "ReturnStatement") return accepting(only.argument as AstNode | null);
  if (only.type === "ExpressionStatement") return accepting(only.expression as AstNode);
  return false;
}
