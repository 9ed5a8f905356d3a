import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { calleeName, frameworksOf } from "../../frameworks/index.ts";
import { isTestFile } from "../../shared/index.ts";

const WEAK_ALGORITHMS = new Set(["md5", "sha1", "sha-1", "rsa-md5", "rsa-sha1"]);
const WEAK_HASH_PACKAGES = new Set([
  "md5",
  "blueimp-md5",
  "js-md5",
  "crypto-js/md5",
  "sha1",
  "js-sha1",
  "crypto-js/sha1",
]);
/** What a hash must not protect: passwords, secrets, tokens, keys. */
const HASH_SENSITIVE = /passw|pwd|secret|token|api_?key|session|otp|credential|\bpin\b/i;
/** What Math.random must not make: tokens, secrets, passwords, nonces, salts and identifiers. */
const RANDOM_SENSITIVE =
  /token|secret|passw|pwd|nonce|salt|otp|csrf|session|api_?key|uuid|guid|(reset|invite|verification|verify|auth|confirm)_?code/i;
const IDENTIFIER = /^(id|uid)$|[a-z0-9](Id|ID|Uid)s?$|_id$/;

function nameOf(node: AstNode | undefined | null): string | undefined {
  if (!node) return undefined;
  if (node.type === "Identifier") return node.name as string;
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  if (node.type === "MemberExpression" && !node.computed)
    return (node.property as AstNode).name as string;
  return undefined;
}

export const weakCrypto = defineRule({
  id: "security/weak-crypto",
  category: "security",
  severity: "high",
  remediationMinutes: 60,
  description:
    "md5/sha1 used on passwords or tokens; `Math.random` used for ids, tokens, secrets or passwords.",
  rationale:
    "MD5 and SHA-1 hashes of passwords are cracked by the billion per second, and Math.random is predictable: tokens and ids made with it can be guessed, so accounts can be taken over.",
  version: 2,
  options: z.strictObject({}),
  messages: {
    hash: "{{algorithm}} protects {{what}} here: it is broken and fast, so the values are recovered by brute force. Hash passwords with argon2, scrypt or bcrypt; compare tokens through HMAC-SHA-256.",
    random:
      'Math.random makes `{{what}}` here: it is predictable, so the value can be guessed. Use crypto.randomUUID() or crypto.randomBytes(32).toString("base64url").',
  },
  create(ctx): NodeHandlers {
    if (isTestFile(ctx.path) || !/md5|sha-?1|Math\.random/i.test(ctx.text)) return {};
    const { bindings } = frameworksOf(ctx);
    const names: string[] = [];
    const weakHashes = new Map<string, string>();
    const push = (name: string | undefined) => names.push(name ?? "");
    const pop = () => void names.pop();
    const context = () => names[names.length - 1] ?? "";
    const weakCreateHash = (call: AstNode | null): string | undefined => {
      if (call?.type !== "CallExpression") return undefined;
      const name = calleeName(call);
      if (name !== "createHash") return undefined;
      const algorithm = (call.arguments as AstNode[])[0];
      return algorithm?.type === "Literal" &&
        typeof algorithm.value === "string" &&
        WEAK_ALGORITHMS.has(algorithm.value.toLowerCase())
        ? algorithm.value.toUpperCase()
        : undefined;
    };
    const reportHash = (algorithm: string, input: AstNode | undefined, node: AstNode) => {
      const inputText = input
        ? ctx.text.slice(input.start, Math.min(input.end, input.start + 200))
        : "";
      const sensitive = HASH_SENSITIVE.exec(inputText)?.[0] ?? HASH_SENSITIVE.exec(context())?.[0];
      if (sensitive)
        ctx.report({
          messageId: "hash",
          data: {
            algorithm,
            what: `a ${sensitive.toLowerCase().startsWith("pass") || sensitive === "pwd" ? "password" : sensitive}`,
          },
          node,
        });
    };
    return {
      VariableDeclarator(node) {
        push(nameOf(node.id as AstNode));
        const algorithm = weakCreateHash(node.init as AstNode | null);
        if (algorithm && (node.id as AstNode).type === "Identifier")
          weakHashes.set((node.id as AstNode).name as string, algorithm);
      },
      "VariableDeclarator:exit": pop,
      Property(node) {
        push(nameOf(node.key as AstNode));
      },
      "Property:exit": pop,
      AssignmentExpression(node) {
        push(nameOf(node.left as AstNode));
      },
      "AssignmentExpression:exit": pop,
      FunctionDeclaration(node) {
        push(nameOf(node.id as AstNode));
      },
      "FunctionDeclaration:exit": pop,
      MethodDefinition(node) {
        push(nameOf(node.key as AstNode));
      },
      "MethodDefinition:exit": pop,
      CallExpression(node) {
        const callee = node.callee as AstNode;
        const args = node.arguments as AstNode[];
        if (callee.type === "MemberExpression" && !callee.computed) {
          const property = (callee.property as AstNode).name as string;
          const object = callee.object as AstNode;
          if (property === "random" && object.type === "Identifier" && object.name === "Math") {
            const what = context();
            if (RANDOM_SENSITIVE.test(what) || IDENTIFIER.test(what))
              ctx.report({ messageId: "random", data: { what }, node });
            return;
          }
          if (property === "update") {
            const algorithm =
              weakCreateHash(object) ??
              (object.type === "Identifier" ? weakHashes.get(object.name as string) : undefined);
            if (algorithm) reportHash(algorithm, args[0], node);
            return;
          }
          if (
            (property === "MD5" || property === "SHA1") &&
            object.type === "Identifier" &&
            bindings.get(object.name as string)?.source.startsWith("crypto-js")
          )
            reportHash(property, args[0], node);
          return;
        }
        if (callee.type === "Identifier") {
          const source = bindings.get(callee.name as string)?.source;
          if (source && WEAK_HASH_PACKAGES.has(source))
            reportHash(source.includes("md5") ? "MD5" : "SHA-1", args[0], node);
        }
      },
    };
  },
});
