import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { isTestFile } from "../../shared/index.ts";

const OPTIONS = new Set(["rejectUnauthorized", "strictSSL"]);
const ENV_SETTING = /NODE_TLS_REJECT_UNAUTHORIZED["']?\s*[:=]\s*["']?0(?![\w.])/;
/** Non-code files where the environment variable gets set: env files, Dockerfiles, YAML, package.json scripts, shell. */
const SETTING_FILE =
  /(^|\/)(\.env[^/]*|Dockerfile[^/]*|[^/]+\.dockerfile|package\.json|[^/]+\.(ya?ml|sh))$/;

function keyName(node: AstNode): string | undefined {
  const key = node.key as AstNode;
  if (key.type === "Identifier" && !node.computed) return key.name as string;
  if (key.type === "Literal" && typeof key.value === "string") return key.value;
  return undefined;
}

/** `() => undefined`, `() => {}`, `function () { return null; }`: a check that accepts any certificate. */
function acceptsAnything(fn: AstNode): boolean {
  if (fn.type !== "ArrowFunctionExpression" && fn.type !== "FunctionExpression") return false;
  const body = fn.body as AstNode;
  if (body.type === "BlockStatement") {
    const statements = body.body as AstNode[];
    if (statements.length === 0) return true;
    const only = statements[0]!;
    return (
      statements.length === 1 &&
      only.type === "ReturnStatement" &&
      (!only.argument || isNothing(only.argument as AstNode))
    );
  }
  return isNothing(body);
}

function isNothing(node: AstNode): boolean {
  return (
    (node.type === "Identifier" && node.name === "undefined") ||
    (node.type === "Literal" && node.value === null)
  );
}

export const tlsVerificationDisabled = defineRule({
  id: "security/tls-verification-disabled",
  category: "security",
  severity: "high",
  remediationMinutes: 30,
  description:
    "TLS certificate verification switched off (`rejectUnauthorized: false`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, `strictSSL: false`).",
  rationale:
    "Without certificate verification anyone on the network path can impersonate the server and read or change the traffic, credentials included: TLS then only looks secure.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    option:
      "`{{option}}: false` turns off TLS certificate verification: a man in the middle can read and alter this connection. Remove it; for a private CA pass its certificate with `ca` instead.",
    identity:
      "`checkServerIdentity` accepts every certificate: a man in the middle can impersonate the server. Remove it or compare the certificate with the expected host or fingerprint.",
    env: "NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate verification for every HTTPS connection of the process. Remove it; for a private CA set NODE_EXTRA_CA_CERTS instead.",
  },
  create(ctx): NodeHandlers {
    // No full-text search for the option names first: every finding needs one of them as a
    // property key or an assigned member, and checking those keys costs less than reading the text.
    if (isTestFile(ctx.path)) return {};
    return {
      Property(node) {
        const name = keyName(node);
        if (!name) return;
        const value = node.value as AstNode;
        if (OPTIONS.has(name) && value.type === "Literal" && value.value === false)
          ctx.report({ messageId: "option", data: { option: name }, node });
        else if (name === "checkServerIdentity" && acceptsAnything(value))
          ctx.report({ messageId: "identity", node });
      },
      AssignmentExpression(node) {
        const left = node.left as AstNode;
        if (left.type !== "MemberExpression") return;
        const property = left.property as AstNode;
        const name = left.computed ? property.value : property.name;
        if (name !== "NODE_TLS_REJECT_UNAUTHORIZED") return;
        const right = node.right as AstNode;
        if (right.type === "Literal" && (right.value === "0" || right.value === 0))
          ctx.report({ messageId: "env", node });
      },
    };
  },
  textFiles: (path) =>
    SETTING_FILE.test(path) && !isTestFile(path) && !/\.env\.(test|example|sample)$/.test(path),
  checkText(ctx) {
    if (!ctx.text.includes("NODE_TLS_REJECT_UNAUTHORIZED")) return;
    const lines = ctx.text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (ENV_SETTING.test(line) && !/^\s*#/.test(line))
        ctx.report({ messageId: "env", startLine: i + 1 });
    }
  },
});
