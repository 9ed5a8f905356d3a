import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { frameworksOf, mergeHandlers } from "../../frameworks/index.ts";
import { isTestFile } from "../../shared/index.ts";
import {
  PASSWORD,
  PasswordFlow,
  passwordHelpers,
  weakCreateHash,
  weakHashIn,
  WEAK_HASH_PACKAGES,
  type PasswordFact,
} from "./password-flow.ts";

/** What a hash must not protect: passwords, secrets, tokens, keys. */
const HASH_SENSITIVE = /passw|pwd|secret|token|api_?key|session|otp|credential|\bpin\b/i;
/** What Math.random must not make: tokens, secrets, passwords, nonces, salts. */
const RANDOM_SENSITIVE =
  /token|secret|passw|pwd|nonce|salt|otp|csrf|session|api_?key|(reset|invite|verification|verify|auth|confirm)_?code/i;
/**
 * Identifiers: a guessable id matters only where it guards access (a share link, an invite), which
 * the code does not say; most are keys for the UI or a request's correlation id. Low, and one item
 * for the whole repository (on hoppscotch, 9 of the top 20 were such ids).
 */
const IDENTIFIER = /^(id|uid)$|[a-z0-9](Id|ID|Uid)s?$|_id$|[Uu]uid|UUID|[Gg]uid|GUID/;
/** Low-entropy values that brute force recovers through a fast hash; long random secrets are not. */
const GUESSABLE = /passw|pwd|\bpin\b|otp/i;
/** HTTP Digest authentication (RFC 7616) computes MD5 of the password by protocol: not storage. */
const REALM = /\brealm\b/;
const NONCE = /\bc?nonce\b/;
/** Both words anywhere, in either order: two linear scans (one pattern with `[\s\S]*` between them was quadratic). */
const isDigestAuth = (text: string) => REALM.test(text) && NONCE.test(text);

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
  version: 4,
  options: z.strictObject({}),
  messages: {
    hash: "{{algorithm}} protects {{what}} here: it is broken and fast, so the values are recovered by brute force. Hash passwords with argon2, scrypt or bcrypt; compare tokens through HMAC-SHA-256.",
    helper:
      "{{algorithm}} in `{{fn}}` protects a password: {{caller}} passes {{what}} to it. MD5 and SHA-1 are broken and fast, so stored passwords are recovered by brute force: hash them with argon2, scrypt or bcrypt (and re-hash the old ones at the next login).",
    random:
      'Math.random makes `{{what}}` here: it is predictable, so the value can be guessed. Use crypto.randomUUID() or crypto.randomBytes(32).toString("base64url").',
    randomId:
      "Math.random makes identifiers (`{{what}}` here): guessable, which matters wherever one guards access (a share link, an invite, a file name). Use crypto.randomUUID() for those.",
    hashSecret:
      "{{algorithm}} digests {{what}} here: a long random secret cannot be brute-forced through it, but the algorithm is broken for collisions and every audit asks why: derive codes with HMAC-SHA-256.",
  },
  create(ctx): NodeHandlers {
    // A file without a weak hash may still hand a password to one in another file.
    if (
      isTestFile(ctx.path) ||
      (!/md5|sha-?1|Math\.random/i.test(ctx.code) && !PASSWORD.test(ctx.code))
    )
      return {};
    const { bindings } = frameworksOf(ctx);
    const digestAuth = isDigestAuth(ctx.text);
    const flow = new PasswordFlow(ctx, bindings);
    const names = new NameContext();
    const context = () => names.current();
    const weakHashes = new Map<string, string>();
    const reportHash = (algorithm: string, input: AstNode | undefined, node: AstNode) => {
      if (digestAuth) return;
      const inputText = input
        ? ctx.text.slice(input.start, Math.min(input.end, input.start + 200))
        : "";
      const sensitive = HASH_SENSITIVE.exec(inputText)?.[0] ?? HASH_SENSITIVE.exec(context())?.[0];
      // A generic helper (`hash(value)`): whether it protects a password is decided by its callers.
      if (!sensitive) flow.noteHash(algorithm, input, node);
      else if (GUESSABLE.test(sensitive))
        ctx.report({
          messageId: "hash",
          data: { algorithm, what: protectedThing(sensitive) },
          node,
        });
      else
        ctx.report({
          messageId: "hashSecret",
          data: { algorithm, what: protectedThing(sensitive) },
          node,
          severity: "low",
        });
    };
    const handlers: NodeHandlers = {
      BinaryExpression(node) {
        // md5(input) === user.password: a weak hash compared with a stored password.
        if (!/^[!=]==?$/.test(node.operator as string)) return;
        const left = node.left as AstNode;
        const right = node.right as AstNode;
        for (const [hashed, other] of [
          [left, right],
          [right, left],
        ] as const) {
          const otherText = ctx.text.slice(other.start, Math.min(other.end, other.start + 100));
          if (!PASSWORD.test(otherText)) continue;
          const weak = weakHashIn(hashed, bindings);
          if (weak && !digestAuth)
            ctx.report({ messageId: "hash", data: { algorithm: weak, what: "a password" }, node });
          else if (hashed.type === "CallExpression") flow.noteComparison(hashed, otherText);
        }
      },
      VariableDeclarator(node) {
        const algorithm = weakCreateHash(node.init as AstNode | null);
        if (algorithm && (node.id as AstNode).type === "Identifier")
          weakHashes.set((node.id as AstNode).name as string, algorithm);
      },
      CallExpression(node) {
        const callee = node.callee as AstNode;
        const args = node.arguments as AstNode[];
        flow.noteCall(node, context());
        if (callee.type === "MemberExpression" && !callee.computed) {
          const property = (callee.property as AstNode).name as string;
          const object = callee.object as AstNode;
          if (property === "random" && object.type === "Identifier" && object.name === "Math") {
            const report = randomReport(context(), digestAuth);
            if (report) ctx.report({ ...report, node });
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
      "Program:exit"() {
        const fact = flow.result();
        if (fact) ctx.setFact(fact);
      },
    };
    return mergeHandlers(names.handlers(), flow.handlers(), handlers);
  },
  analyze(ctx) {
    for (const { path, hash, caller } of passwordHelpers(
      ctx,
      ctx.factsOf<PasswordFact>("security/weak-crypto"),
    ))
      ctx.report({
        messageId: "helper",
        data: {
          algorithm: hash.algorithm,
          fn: hash.fn,
          caller: `${caller.path}:${caller.call.line}`,
          what: caller.call.what,
        },
        path,
        startLine: hash.line,
        key: hash.key,
      });
  },
});

/** "a password", "a token": what the hashed value is, from the sensitive word found. */
function protectedThing(sensitive: string): string {
  const word = sensitive.toLowerCase();
  return `a ${word.startsWith("pass") || word === "pwd" ? "password" : word}`;
}

/**
 * The name the traversal is inside: the variable, property, assignment target, function or
 * method around a node (`const sessionId = ...`, `function generateToken()`), innermost first.
 */
class NameContext {
  private readonly names: string[] = [];

  current(): string {
    return this.names[this.names.length - 1] ?? "";
  }

  handlers(): NodeHandlers {
    const handlers: NodeHandlers = {};
    const named: Array<[string, string]> = [
      ["VariableDeclarator", "id"],
      ["Property", "key"],
      ["AssignmentExpression", "left"],
      ["FunctionDeclaration", "id"],
      ["MethodDefinition", "key"],
    ];
    for (const [type, field] of named) {
      handlers[type] = (node) => void this.names.push(nameOf(node[field] as AstNode) ?? "");
      handlers[`${type}:exit`] = () => void this.names.pop();
    }
    return handlers;
  }
}

/** What `Math.random` making `what` is worth reporting, if anything. */
function randomReport(what: string, digestAuth: boolean) {
  // a Digest client's cnonce: the protocol asks for an unpredictable one, but a guess gains an
  // attacker little (it only hardens against a chosen-plaintext server)
  if (digestAuth && /nonce/i.test(what))
    return { messageId: "random" as const, data: { what }, severity: "low" as const };
  if (RANDOM_SENSITIVE.test(what)) return { messageId: "random" as const, data: { what } };
  if (IDENTIFIER.test(what))
    return {
      messageId: "randomId" as const,
      data: { what },
      severity: "low" as const,
      group: "math-random-ids",
    };
  return undefined;
}
