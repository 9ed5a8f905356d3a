import picomatch from "picomatch";
import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { languageOf } from "../../parse/index.ts";
import { isAnyLockfile, isTestOrFixtureFile } from "../../shared/index.ts";
import {
  scanCodeStrings,
  scanText,
  type CodeString,
  type HistorySecret,
  type ScanOptions,
  type SecretMatch,
} from "../../secrets/index.ts";

const options = z.strictObject({
  /** Bits of Shannon entropy per character a value under a secret-like name must reach. */
  minEntropy: z.number().min(0).max(8).default(3.5),
  minLength: z.number().int().min(8).default(16),
  /** Regular expressions of values, or `sha256:<16 hex>` hashes as the findings print them, never to report. */
  allow: z.array(z.string().min(1)).default([]),
  /** Globs of paths never to scan. */
  allowPaths: z.array(z.string().min(1)).default([]),
  /** Look for high-entropy values under secret-like names in tests and fixtures too (known formats always are). */
  genericInTests: z.boolean().default(false),
  envFiles: z.boolean().default(true),
});
type Options = z.infer<typeof options>;

export const HARDCODED_SECRET = "security/hardcoded-secret";
/** `.env`, `.env.production`, `prod.env`, but not the templates meant to be committed. */
const ENV_FILE = /(^|\/)(\.env(\.[\w-]+)*|[\w-]+\.env)$/;
const ENV_TEMPLATE =
  /\.(example|sample|template|dist|defaults?|schema|test|ci|tpl)$|example|sample|template/i;

function scanOptions(o: Options, path: string): ScanOptions {
  return {
    minEntropy: o.minEntropy,
    minLength: o.minLength,
    allow: o.allow,
    generic: o.genericInTests || !isTestOrFixtureFile(path),
  };
}

function keyName(node: AstNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "Identifier" || node.type === "PrivateIdentifier") return node.name as string;
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  if (node.type === "MemberExpression") return keyName(node.property as AstNode);
  return undefined;
}

/** The name a string is assigned to: `const apiKey = "…"`, `{ apiKey: "…" }`, `this.apiKey = "…"`. */
function assignedName(parent: AstNode | null, node: AstNode): string | undefined {
  if (!parent) return undefined;
  switch (parent.type) {
    case "VariableDeclarator":
      return parent.init === node ? keyName(parent.id as AstNode) : undefined;
    case "Property":
    case "PropertyDefinition":
      return parent.value === node ? keyName(parent.key as AstNode) : undefined;
    case "AssignmentExpression":
    case "AssignmentPattern":
      return parent.right === node ? keyName(parent.left as AstNode) : undefined;
    default:
      return undefined;
  }
}

const messages = {
  known:
    "{{name}} committed in {{where}} ({{redacted}}, sha256:{{hash}}). Anyone with read access can use it: revoke and rotate it now, then load it from a secret store or the environment.",
  generic:
    "A high-entropy value is hard-coded under `{{key}}` ({{redacted}}, sha256:{{hash}}). If it is a credential, rotate it and read it from the environment or a secret store; if not, rename the key or allow-list the hash.",
  envFile:
    "A `.env` file with {{count}} values is committed ({{file}}). Environment files hold credentials: remove it from git (and its history), add it to .gitignore, and commit a `.env.example` with empty values instead.",
  history:
    "{{name}} found in git history ({{redacted}}, sha256:{{hash}}, commit {{commit}}); it is no longer in the working tree but anyone with a clone has it. Revoke and rotate it.",
};

export const hardcodedSecret = defineRule({
  id: HARDCODED_SECRET,
  inputs: ["secret-history"],
  category: "security",
  severity: "critical",
  remediationMinutes: 60,
  description:
    "Credentials in any tracked text file: known token formats, high-entropy values under secret-like names, committed .env files.",
  rationale:
    "A committed credential is readable by everyone with access to the repository and every clone, forever: it is the cheapest breach to cause and the most expensive to clean up.",
  version: 1,
  options,
  messages,
  textFiles: (path) =>
    languageOf(path) === undefined && !isAnyLockfile(path) && !path.includes("node_modules/"),
  checkText(ctx) {
    if (
      ctx.options.allowPaths.length &&
      picomatch.isMatch(ctx.path, ctx.options.allowPaths, { dot: true })
    )
      return;
    const isEnv =
      ENV_FILE.test(ctx.path) && !ENV_TEMPLATE.test(ctx.path.slice(ctx.path.lastIndexOf("/") + 1));
    const where = isEnv ? "a committed .env file" : "a tracked file";
    for (const match of scanText(ctx.text, ctx.path, scanOptions(ctx.options, ctx.path)))
      report(ctx, match, where);
    if (isEnv && ctx.options.envFiles) {
      const count = ctx.text
        .split("\n")
        .filter((line) => /^\s*(export\s+)?[A-Za-z_][\w.]*\s*=\s*\S/.test(line)).length;
      if (count > 0)
        ctx.report({
          messageId: "envFile",
          data: { count, file: ctx.path },
          startLine: 1,
          key: "env-file",
          severity: "high",
          remediationMinutes: 30,
          evidence: { values: count },
        });
    }
  },
  create(ctx): NodeHandlers {
    if (
      ctx.options.allowPaths.length &&
      picomatch.isMatch(ctx.path, ctx.options.allowPaths, { dot: true })
    )
      return {};
    const strings: CodeString[] = [];
    const add = (value: string, node: AstNode, key: string | undefined) => {
      const s: CodeString = { value, offset: node.start, line: ctx.lineOf(node.start) };
      if (key) s.key = key;
      strings.push(s);
    };
    return {
      Literal(node, parent) {
        const value = node.value;
        if (typeof value === "string" && value.length >= 8)
          add(value, node, assignedName(parent, node));
      },
      TemplateLiteral(node, parent) {
        const quasis = node.quasis as AstNode[];
        const only = quasis.length === 1 ? assignedName(parent, node) : undefined;
        for (const q of quasis) {
          const cooked = (q.value as { cooked?: string | null }).cooked;
          if (cooked && cooked.length >= 8) add(cooked, q, only);
        }
      },
      "Program:exit"() {
        for (const c of ctx.comments)
          if (c.value.length >= 20)
            strings.push({ value: c.value, offset: c.start, line: ctx.lineOf(c.start) });
        for (const match of scanCodeStrings(ctx.text, strings, scanOptions(ctx.options, ctx.path)))
          report(ctx, match, "the source");
      },
    };
  },
  analyze(ctx) {
    const found = (ctx.external?.[HARDCODED_SECRET] as HistorySecret[] | undefined) ?? [];
    for (const s of found) {
      ctx.report({
        messageId: "history",
        data: { name: s.name, redacted: s.redacted, hash: s.hash, commit: s.commit.slice(0, 10) },
        path: s.path,
        key: `history:${s.format}:${s.hash}`,
        severity: s.severity === "critical" ? "high" : s.severity,
        evidence: {
          format: s.format,
          redacted: s.redacted,
          sha256: s.hash,
          commit: s.commit,
          inHistoryOnly: true,
        },
      });
    }
  },
});

function report(
  ctx: { report: (r: import("../../engine/index.ts").Report) => void },
  match: SecretMatch,
  where: string,
): void {
  const evidence: Record<string, string> = {
    format: match.format,
    redacted: match.redacted,
    sha256: match.hash,
  };
  if (match.key) evidence.key = match.key;
  ctx.report({
    messageId: match.format === "generic" ? "generic" : "known",
    data: {
      name: match.name,
      redacted: match.redacted,
      hash: match.hash,
      key: match.key ?? "",
      where,
    },
    startLine: match.line,
    key: `${match.format}:${match.hash}`,
    severity: match.severity,
    evidence,
  });
}
