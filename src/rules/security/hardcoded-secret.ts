import picomatch from "picomatch";
import { z } from "zod";
import { defineRule, type AstNode, type NodeHandlers } from "../../engine/index.ts";
import { languageOf } from "../../parse/index.ts";
import { isAnyLockfile, isTestOrFixtureFile } from "../../shared/index.ts";
import {
  contextOf,
  holdsCredentials,
  isSecretName,
  pathScope,
  quietAt,
  scanCodeStrings,
  SECRET_CONTEXT_WHERE,
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

/** The file's scope as the engine gives it (file scopes), else as its path says. */
function scopeOf(ctx: { path: string; scope?: string }): string {
  return ctx.scope ?? pathScope(ctx.path);
}

/** Any path's scope in the repository stage, as the engine or, without one, the path says. */
function scopeOfPath(ctx: object, path: string): string {
  const given = (ctx as { scopeOf?: (path: string) => string }).scopeOf;
  return given ? given(path) : pathScope(path);
}

function scanOptions(o: Options, path: string, scope: string): ScanOptions {
  return {
    minEntropy: o.minEntropy,
    minLength: o.minLength,
    allow: o.allow,
    generic: o.genericInTests || (scope !== "test" && !isTestOrFixtureFile(path)),
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
  fallback:
    "A high-entropy value is the hard-coded fallback of `{{key}}` ({{redacted}}, sha256:{{hash}}): whenever the variable is unset, production runs with this value. Rotate it, remove the fallback and fail at start-up when the variable is missing.",
  notLive:
    "{{name}} in {{where}} ({{redacted}}, sha256:{{hash}}) looks like a default or a fixture, not a live credential: check that no deployment runs with it.",
  envFileDefaults:
    "A `.env` file with {{count}} values is committed ({{file}}), none of them a credential: keep it for defaults only, and the credentials in an uncommitted `.env`.",
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
  version: 2,
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
    const scope = scopeOf(ctx);
    if (scope === "locale") return;
    const isEnv =
      ENV_FILE.test(ctx.path) && !ENV_TEMPLATE.test(ctx.path.slice(ctx.path.lastIndexOf("/") + 1));
    const where = isEnv ? "a committed .env file" : "a tracked file";
    for (const match of scanText(ctx.text, ctx.path, scanOptions(ctx.options, ctx.path, scope)))
      report(ctx, match, where, scope);
    if (isEnv && ctx.options.envFiles) {
      const count = ctx.text
        .split("\n")
        .filter((line) => /^\s*(export\s+)?[A-Za-z_][\w.]*\s*=\s*\S/.test(line)).length;
      // A committed .env of URLs, ports and log levels is a defaults file; one naming a
      // credential with a value is the leak this finding is about.
      const credentials = holdsCredentials(ctx.text);
      if (count > 0)
        ctx.report({
          messageId: credentials ? "envFile" : "envFileDefaults",
          data: { count, file: ctx.path },
          startLine: 1,
          key: "env-file",
          severity: credentials ? "high" : "info",
          remediationMinutes: credentials ? 30 : 5,
          evidence: { values: count, credentials },
        });
    }
  },
  create(ctx): NodeHandlers {
    if (
      ctx.options.allowPaths.length &&
      picomatch.isMatch(ctx.path, ctx.options.allowPaths, { dot: true })
    )
      return {};
    const scope = scopeOf(ctx);
    if (scope === "locale") return {};
    const strings: CodeString[] = [];
    const add = (value: string, node: AstNode, key: string | undefined, fallback = false) => {
      const s: CodeString = { value, offset: node.start, line: ctx.lineOf(node.start) };
      if (key) s.key = key;
      if (fallback) s.fallback = true;
      strings.push(s);
    };
    // `name = x || "…"`, `x.secret ?? "…"`: the literal is the fallback of the names around it
    // (the holder's and the assignee's; one handler, on the less frequent node type).
    const fallbackNames = new Map<AstNode, Array<string | undefined>>();
    return {
      LogicalExpression(node, parent) {
        if (node.operator !== "||" && node.operator !== "??") return;
        const right = node.right as AstNode;
        if (right.type === "Literal")
          fallbackNames.set(right, [keyName(node.left as AstNode), assignedName(parent, node)]);
      },
      Literal(node, parent) {
        const value = node.value;
        if (typeof value !== "string" || value.length < 8) return;
        const names = fallbackNames.get(node)?.filter((n) => n !== undefined);
        if (names) add(value, node, names.find(isSecretName) ?? names[0], true);
        else add(value, node, assignedName(parent, node));
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
        for (const match of scanCodeStrings(
          ctx.text,
          strings,
          scanOptions(ctx.options, ctx.path, scope),
        ))
          report(ctx, match, "the source", scope);
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
        group: `history:${s.hash}`,
        // Gone from the tree, so at most high; a weak default of a defaults file or a test, info.
        severity: quietAt(s.path, scopeOfPath(ctx, s.path), s)
          ? "info"
          : s.severity === "critical"
            ? "high"
            : s.severity,
        evidence: {
          format: s.format,
          redacted: s.redacted,
          sha256: s.hash,
          commit: s.commit,
          inHistoryOnly: true,
          live: s.live,
        },
      });
    }
  },
});

/**
 * Reports one match where it stands: a test-mode key in tests is no finding; outside production
 * code (tests, docs, seeds) and in files of local-development defaults, a value that does not
 * look live is `info`; a live-looking one keeps its severity, named with its place. Every
 * finding of one value is one problem (`group`): one item however many files hold it.
 */
function report(
  ctx: { path: string; report: (r: import("../../engine/index.ts").Report) => void },
  match: SecretMatch,
  where: string,
  scope: string,
): void {
  if (match.testMode && scope === "test") return;
  const context = contextOf(ctx.path, scope);
  const place = SECRET_CONTEXT_WHERE[context];
  const quiet = quietAt(ctx.path, scope, match);
  const evidence: Record<string, string | boolean> = {
    format: match.format,
    redacted: match.redacted,
    sha256: match.hash,
    live: match.live,
  };
  if (match.key) evidence.key = match.key;
  if (place) evidence.context = context;
  ctx.report({
    messageId: quiet
      ? "notLive"
      : match.fallback
        ? "fallback"
        : match.format === "generic"
          ? "generic"
          : "known",
    data: {
      name: match.name,
      redacted: match.redacted,
      hash: match.hash,
      key: match.key ?? "",
      where: place ?? where,
    },
    startLine: match.line,
    key: `${match.format}:${match.hash}`,
    group: match.hash,
    severity: quiet ? "info" : match.severity,
    ...(quiet ? { remediationMinutes: 10 } : {}),
    evidence,
  });
}
