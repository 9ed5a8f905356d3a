import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { frameworksOf, type Binding } from "../../frameworks/index.ts";
import { includesAnyAt } from "../text-search.ts";
import { isTestFile } from "../../shared/index.ts";

/** The JWT packages' names, each found through its "j". */
const JWT_PACKAGES = ["jsonwebtoken", "jose", "jwt-decode"];
const REQUEST_PARAM = /^(req|request|ctx|context|c|event)$/;
const FUNCTIONS = ["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"] as const;

/** The jsonwebtoken / jose / jwt-decode operation a call performs, from the file's bindings. */
function jwtCall(
  call: AstNode,
  bindings: ReadonlyMap<string, Binding>,
): "sign" | "verify" | "decode" | undefined {
  const callee = call.callee as AstNode;
  let binding: Binding | undefined;
  let method: string | undefined;
  if (callee.type === "Identifier") {
    binding = bindings.get(callee.name as string);
    method = binding?.imported;
  } else if (
    callee.type === "MemberExpression" &&
    !callee.computed &&
    (callee.object as AstNode).type === "Identifier"
  ) {
    binding = bindings.get((callee.object as AstNode).name as string);
    if (binding && binding.imported !== "default" && binding.imported !== "*") return undefined;
    method = (callee.property as AstNode).name as string;
  }
  if (!binding || !method) return undefined;
  if (binding.source === "jsonwebtoken") {
    if (method === "sign" || method === "verify" || method === "decode") return method;
  } else if (binding.source === "jose") {
    if (method === "jwtVerify") return "verify";
    if (method === "decodeJwt") return "decode";
  } else if (binding.source === "jwt-decode") {
    if (callee.type === "Identifier") return "decode";
  }
  return undefined;
}

function hasProperty(object: AstNode, name: string): boolean {
  return (object.properties as AstNode[]).some(
    (p) =>
      p.type === "SpreadElement" ||
      ((p.key as AstNode | undefined)?.name ?? (p.key as AstNode | undefined)?.value) === name,
  );
}

/** The argument names an OpenID Connect ID token: `params.id_token`, `tokens.idToken`. */
const ID_TOKEN = /\bid_?token\b/i;

/**
 * An OpenID Connect ID token the client got from the provider's token endpoint over TLS may be
 * read without its signature (OIDC Core 3.1.3.7): `decode(params.id_token)` is no decode-as-auth.
 */
function namesIdToken(text: string, argument: AstNode | undefined): boolean {
  return argument !== undefined && ID_TOKEN.test(text.slice(argument.start, argument.end));
}

export const jwtMisuse = defineRule({
  id: "security/jwt-misuse",
  category: "security",
  severity: "high",
  remediationMinutes: 30,
  description:
    "JWT `verify` without pinned algorithms, literal signing secrets, `decode` used where a token should be verified.",
  rationale:
    "A token checked with the wrong algorithm, signed with a secret that sits in the repository, or merely decoded can be forged: anyone can then act as any user.",
  version: 3,
  options: z.strictObject({}),
  messages: {
    algorithms:
      'jwt.verify without an `algorithms` list accepts whatever algorithm the token names: pin it (`{ algorithms: ["RS256"] }`) so a forged token with another algorithm is rejected.',
    literalSecret:
      "This JWT is {{operation}} with a secret written in the code{{fallback}}: anyone with the repository can forge tokens. Read it from a secret store or the environment, fail at start-up when it is missing, and rotate it.",
    decode:
      "The token is decoded but never verified in this file ({{call}}): decode does not check the signature, so a forged token passes. Use verify with a pinned algorithm before trusting its claims.",
  },
  create(ctx): NodeHandlers {
    // The JWT libraries are imported by name: literal searches rule most files out cheaply.
    const mentions = includesAnyAt(ctx.text, JWT_PACKAGES, "j");
    if (isTestFile(ctx.path) || !mentions || !/jsonwebtoken|["']jose["']|jwt-decode/.test(ctx.text))
      return {};
    const { bindings } = frameworksOf(ctx);
    const literals = new Set<string>();
    const requestScopes: boolean[] = [];
    const decodes: AstNode[] = [];
    let verified = false;
    const enter = (node: AstNode) =>
      requestScopes.push(
        (node.params as AstNode[]).some(
          (p) => p.type === "Identifier" && REQUEST_PARAM.test(p.name as string),
        ),
      );
    const exit = () => void requestScopes.pop();
    const secretKind = (node: AstNode | undefined): "literal" | "fallback" | undefined => {
      if (!node) return undefined;
      const literal = (n: AstNode) =>
        (n.type === "Literal" && typeof n.value === "string" && !n.value.includes("PUBLIC KEY")) ||
        (n.type === "TemplateLiteral" && (n.expressions as AstNode[]).length === 0) ||
        (n.type === "Identifier" && literals.has(n.name as string));
      if (literal(node)) return "literal";
      if (node.type === "LogicalExpression" && literal(node.right as AstNode)) return "fallback";
      return undefined;
    };
    const handlers: NodeHandlers = {
      VariableDeclarator(node) {
        const id = node.id as AstNode;
        const init = node.init as AstNode | null;
        if (
          id.type === "Identifier" &&
          init?.type === "Literal" &&
          typeof init.value === "string" &&
          !init.value.includes("PUBLIC KEY")
        )
          literals.add(id.name as string);
      },
      CallExpression(node) {
        const operation = jwtCall(node, bindings);
        if (!operation) return;
        const args = node.arguments as AstNode[];
        if (operation === "decode") {
          if (requestScopes.some(Boolean) && !namesIdToken(ctx.text, args[0])) decodes.push(node);
          return;
        }
        if (operation === "verify") {
          verified = true;
          const options = args[2];
          const callee = node.callee as AstNode;
          const jose =
            callee.type === "Identifier"
              ? bindings.get(callee.name as string)?.source === "jose"
              : bindings.get((callee.object as AstNode).name as string)?.source === "jose";
          if (
            !jose &&
            (!options ||
              options.type === "ArrowFunctionExpression" ||
              options.type === "FunctionExpression" ||
              (options.type === "ObjectExpression" && !hasProperty(options, "algorithms")))
          )
            // medium, not the rule's high: jsonwebtoken 9 refuses `none` and keeps the family to
            // the key's type, so an unpinned verify is hardening unless an older library (or a
            // key that can be read both ways) lets the token pick (on real code, 8 of the top 20)
            // one problem wherever it shows: a verify helper with pinned algorithms fixes them all
            ctx.report({
              messageId: "algorithms",
              node,
              severity: "medium",
              group: "unpinned-verify",
            });
          if (jose) return;
        }
        const kind = secretKind(args[1]);
        if (kind)
          ctx.report({
            messageId: "literalSecret",
            data: {
              operation: operation === "sign" ? "signed" : "verified",
              fallback: kind === "fallback" ? " (as a fallback when the variable is unset)" : "",
            },
            node: args[1]!,
          });
      },
      "Program:exit"() {
        if (verified) return;
        for (const node of decodes)
          ctx.report({
            messageId: "decode",
            data: {
              call: ctx.text.slice((node.callee as AstNode).start, (node.callee as AstNode).end),
            },
            node,
          });
      },
    };
    for (const type of FUNCTIONS) {
      handlers[type] = enter;
      handlers[`${type}:exit`] = exit;
    }
    return handlers;
  },
});
