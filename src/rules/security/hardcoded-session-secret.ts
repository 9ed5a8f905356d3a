import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { frameworksOf, type Binding } from "../../frameworks/index.ts";
import { isTestFile } from "../../shared/index.ts";
import { lineKey } from "./flow.ts";

const ID = "security/hardcoded-session-secret";
/** Middleware whose options' `secret` (or `keys`) signs the session or cookies. */
const SESSION_PACKAGES = new Set([
  "express-session",
  "cookie-session",
  "@fastify/session",
  "@fastify/secure-session",
  "@fastify/cookie",
  "@fastify/jwt",
  "fastify-session",
  "fastify-cookie",
  "iron-session",
]);
const SECRET_KEYS = new Set(["secret", "keys", "key", "password"]);
/** Names under which configuration keeps such a secret (`cookieSecret`, `SESSION_SECRET`). */
const SECRET_NAME = /secret|^keys$/i;

interface Use {
  line: number;
  key: string;
  call: string;
  /** The name the secret is read under from another module, when it is not written here. */
  name?: string;
  /** The literal itself (redacted), when it is written here. */
  literal?: boolean;
}
interface Fact {
  uses: Use[];
  /** Names this file gives a literal string: `cookieSecret: "..."`, `const SESSION_SECRET = "..."`. */
  literals: Array<{ name: string; line: number; key: string }>;
}

export const hardcodedSessionSecret = defineRule({
  id: ID,
  category: "security",
  severity: "high",
  remediationMinutes: 30,
  description:
    "The secret that signs session or cookie data (`cookieParser('...')`, `session({ secret: '...' })`, `app.keys`) written as a literal, here or in the configuration module it is read from.",
  rationale:
    "Whoever knows the signing secret can forge a session cookie or a signed cookie, and so sign in as any user; a secret in the repository is known to everyone who can read it, forever.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    literal:
      "{{call}} signs sessions or cookies with a secret written in the code{{where}}: anyone with the repository can forge a session and act as any user. Read it from the environment or a secret store, refuse to start without it, and rotate the one committed.",
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path) || !/ecret|ookie|ession|\.keys/.test(ctx.code)) return {};
    const file = frameworksOf(ctx);
    const literals = new Map<string, number>();
    const facts: Fact = { uses: [], literals: [] };
    const keyAt = (offset: number) => lineKey(ctx.text, offset);
    const session = [...file.bindings.values()].some(
      (b) => SESSION_PACKAGES.has(b.source) || b.source === "cookie-parser",
    );
    const isLiteral = (node: AstNode | undefined) => literalValue(node, literals);
    const use = (call: AstNode, secret: AstNode | undefined, name: string) => {
      if (!secret) return;
      const at = { line: ctx.lineOf(secret.start), key: keyAt(secret.start), call: name };
      if (isLiteral(secret)) facts.uses.push({ ...at, literal: true });
      else {
        const imported = importedName(secret, file.bindings);
        if (imported) facts.uses.push({ ...at, name: imported });
      }
    };
    const noteLiteral = (
      name: string | undefined,
      value: AstNode | null | undefined,
      at: number,
    ) => {
      if (!name || !value || !SECRET_NAME.test(name)) return;
      if (value.type !== "Literal" || typeof value.value !== "string" || !value.value) return;
      literals.set(name, at);
      facts.literals.push({ name, line: ctx.lineOf(at), key: keyAt(at) });
    };
    return {
      VariableDeclarator(node) {
        const id = node.id as AstNode;
        if (id.type === "Identifier")
          noteLiteral(id.name as string, node.init as AstNode | null, node.start);
      },
      Property(node) {
        const key = node.key as AstNode;
        if (!node.computed)
          noteLiteral((key.name ?? key.value) as string, node.value as AstNode, node.start);
      },
      AssignmentExpression(node) {
        // Koa: app.keys = ["..."]
        const left = node.left as AstNode;
        if (
          left.type === "MemberExpression" &&
          !left.computed &&
          (left.property as AstNode).name === "keys" &&
          /koa/.test([...file.bindings.values()].map((b) => b.source).join(" "))
        )
          use(node, node.right as AstNode, "app.keys");
      },
      CallExpression(node) {
        if (!session) return;
        const callee = node.callee as AstNode;
        const args = node.arguments as AstNode[];
        if (callee.type === "Identifier") {
          const source = file.bindings.get(callee.name as string)?.source ?? "";
          if (source === "cookie-parser") use(node, args[0], `${callee.name as string}()`);
          else if (SESSION_PACKAGES.has(source))
            use(node, secretOf(args[0]), `${callee.name as string}()`);
        } else if (
          callee.type === "MemberExpression" &&
          (callee.property as AstNode).name === "register" &&
          args[0]?.type === "Identifier" &&
          SESSION_PACKAGES.has(file.bindings.get(args[0].name as string)?.source ?? "")
        )
          use(node, secretOf(args[1]), `register(${args[0].name as string})`);
      },
      "Program:exit"() {
        if (facts.uses.length || facts.literals.length) ctx.setFact(facts);
      },
    };
  },
  analyze(ctx) {
    const facts = ctx.factsOf<Fact>(ID);
    const literalsByName = new Map<string, Array<{ path: string; line: number; key: string }>>();
    for (const { path, fact } of facts)
      for (const l of fact.literals) {
        const list = literalsByName.get(l.name) ?? [];
        list.push({ path, ...l });
        literalsByName.set(l.name, list);
      }
    for (const { path, fact } of facts)
      for (const use of fact.uses) {
        if (use.literal) {
          ctx.report({
            messageId: "literal",
            data: { call: use.call, where: "" },
            path,
            startLine: use.line,
            key: use.key,
          });
          continue;
        }
        // Read from a configuration module: the literal there is the finding (where the fix goes).
        for (const literal of literalsByName.get(use.name!) ?? []) {
          if (literal.path === path) continue;
          ctx.report({
            messageId: "literal",
            data: { call: `${use.call} in ${path}:${use.line}`, where: ` (\`${use.name!}\` here)` },
            path: literal.path,
            startLine: literal.line,
            key: literal.key,
            places: [
              { path: literal.path, startLine: literal.line, endLine: literal.line },
              { path, startLine: use.line, endLine: use.line },
            ],
          });
        }
      }
  },
});

/** A string literal, an array of them, or a name bound to one in the same file. */
function literalValue(node: AstNode | undefined, literals: ReadonlyMap<string, number>): boolean {
  if (!node) return false;
  if (node.type === "Literal") return typeof node.value === "string" && node.value.length > 0;
  if (node.type === "TemplateLiteral") return (node.expressions as AstNode[]).length === 0;
  if (node.type === "Identifier") return literals.has(node.name as string);
  if (node.type !== "ArrayExpression") return false;
  const elements = node.elements as AstNode[];
  return elements.length > 0 && elements.every((e) => literalValue(e, literals));
}

/** The name a secret is read under from a local module: `{ cookieSecret } = require(...)`, `config.cookieSecret`. */
function importedName(node: AstNode, bindings: ReadonlyMap<string, Binding>): string | undefined {
  const local = (b: Binding | undefined): b is Binding => !!b && b.source.startsWith(".");
  if (node.type === "Identifier") {
    const binding = bindings.get(node.name as string);
    return local(binding) && binding.imported !== "default" && binding.imported !== "*"
      ? binding.imported
      : undefined;
  }
  if (node.type !== "MemberExpression" || node.computed) return undefined;
  let root = node.object as AstNode;
  while (root.type === "MemberExpression") root = root.object as AstNode;
  return root.type === "Identifier" && local(bindings.get(root.name as string))
    ? ((node.property as AstNode).name as string)
    : undefined;
}

/** The `secret` (or `keys`, `key`, `password`) of an options object. */
function secretOf(options: AstNode | undefined): AstNode | undefined {
  if (options?.type !== "ObjectExpression") return undefined;
  const property = (options.properties as AstNode[]).find(
    (p) =>
      p.type === "Property" &&
      SECRET_KEYS.has(((p.key as AstNode).name ?? (p.key as AstNode).value) as string),
  );
  return property?.value as AstNode | undefined;
}
