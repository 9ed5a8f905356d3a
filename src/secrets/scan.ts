import type { Severity } from "../findings/index.ts";
import { lineAt, lineStarts } from "../parse/index.ts";
import { ALL_KEYWORDS, SECRET_FORMATS } from "./formats.ts";
import { secretHash } from "./hash.ts";
import { isPlaceholder, notASecret } from "./placeholders.ts";

export interface SecretMatch {
  /** A format id of SECRET_FORMATS, `generic` (a high-entropy value under a secret-like name) or `env-file`. */
  format: string;
  name: string;
  severity: Severity;
  line: number;
  /** Shows a few leading characters only: the output never holds the secret. */
  redacted: string;
  /** First 16 hex digits of the secret's SHA-256: compare or allow-list without storing it. */
  hash: string;
  /** The variable or key the value was assigned to, for generic matches. */
  key?: string;
  /**
   * Looks like a credential in use: a provider's key format (not a JWT or a connection string,
   * which are fixtures and defaults as often as not), or a random enough password or value.
   */
  live: boolean;
  /** A payment provider's test-mode key (`sk_test_`): a fixture in test code. */
  testMode?: true;
  /** The literal fallback of a secret-like name (`process.env.SECRET ?? "…"`). */
  fallback?: true;
}

export interface ScanOptions {
  /** Shannon entropy (bits per character) a value under a secret-like name must reach. */
  minEntropy: number;
  /** Shortest value the generic detector looks at. */
  minLength: number;
  /** Regular expressions (as strings) or `sha256:<16 hex>` hashes of values never to report. */
  allow: readonly string[];
  /** Off for tests and fixtures, where fake credentials under secret-like names are the norm. */
  generic: boolean;
}

export const DEFAULT_SCAN_OPTIONS: ScanOptions = {
  minEntropy: 3.5,
  minLength: 16,
  allow: [],
  generic: true,
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const SECRET_WORD =
  "secret|passw(?:or)?d|passwd|pwd|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?key|credentials?|signing[_-]?key|encryption[_-]?key";
/** One search over the whole text decides whether any detector needs to run at all. */
const PREFILTER = new RegExp(
  `${ALL_KEYWORDS.map(escape).join("|")}|${SECRET_WORD.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`)}`,
);
const SECRET_NAME = new RegExp(SECRET_WORD, "i");
/** The known formats' keywords only, for strings of code (secret-like names come from the AST there). */
const PREFILTER_CASE_SENSITIVE = new RegExp(ALL_KEYWORDS.map(escape).join("|"));
/**
 * `name = "value"`, `name: 'value'`, `"name": "value"`, `name := "value"`, `name => 'value'`; the
 * name is checked for a secret-like word afterwards (SECRET_NAME). Linear time: the name starts
 * where a run of name characters starts (the lookbehind) and has at most 200 of them. With the
 * secret word inside the pattern, between an optional name prefix and a name suffix, every
 * split of a long run was tried from every start: 8 KB of `tokentoken...` took 33 s.
 */
const QUOTED_ASSIGNMENT =
  /(?<![\w$.-])([\w$][\w$.-]{0,200})["']?\s*(?::=|=>|[:=])\s*(["'`])([^"'`\s]{8,200})\2/g;
/** `NAME=value` and `name: value` lines of .env, YAML, properties, INI and TOML files (linear as above). */
const BARE_ASSIGNMENT =
  /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]{0,200})[ \t]*[:=][ \t]*["']?([^\s"']{8,200})/gm;
/** The patterns built here, for the test that times every pattern on adversarial input. */
export const SCAN_PATTERNS: Readonly<Record<string, RegExp>> = {
  PREFILTER,
  SECRET_NAME,
  PREFILTER_CASE_SENSITIVE,
  QUOTED_ASSIGNMENT,
  BARE_ASSIGNMENT,
};
/** Names that hold something about a secret, not the secret. */
const NOT_A_SECRET_NAME =
  /(name|type|field|label|placeholder|header|path|url|uri|endpoint|id|ids|prefix|suffix|regex|pattern|length|count|hint|message|msg|event|route|file|dir|env|var|format|mode|policy|version|hash|digest|expires?|expiry|ttl|timeout|key_?id|public_?key|publickey|storage|provider|strategy|service|class|kind|cookie|param|query|selector|input)$/i;
const PLACEHOLDER =
  /example|sample|dummy|fake|placeholder|changeme|change_me|your[_-]?|xxxx|\*\*\*|<[^>]*>|\$\{|\{\{|%\(|redacted|not[_-]?a[_-]?real|insert|replace|todo|lorem|test|mock|foo|bar/i;
/** Runs of one character or of a keyboard sequence: typed by a human to look like a key. */
const TYPED = /(.)\1{5,}|0123456|123456789|abcdefgh/i;
const DOC_FILE = /\.(md|mdx|markdown|rst|adoc|txt)$/i;
const CONFIG_FILE = /(^|\/)\.env(\.[\w.-]+)?$|\.(env|ya?ml|properties|ini|toml|cfg|conf|tfvars)$/i;
const EXAMPLE_CONTEXT = /\b(example|sample|placeholder|dummy|fake|illustrat\w*)\b/i;
const INLINE_ALLOW =
  /debtlens-(allow|ignore)-secret|debtlens-ignore\b|gitleaks:allow|pragma: allowlist secret/;

export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

export function redact(secret: string): string {
  const shown = secret.length >= 24 ? 6 : secret.length >= 12 ? 4 : 2;
  return `${secret.slice(0, shown)}${"*".repeat(Math.min(12, Math.max(4, secret.length - shown)))}`;
}

function looksGenerated(value: string): boolean {
  // Integrity hashes, data URIs, file names, code references and UUIDs carry entropy but no secret.
  return (
    /^(sha(1|256|384|512)|md5)-/.test(value) ||
    /^data:/.test(value) ||
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ||
    /^\$2[aby]?\$\d\d\$/.test(value) ||
    /^(https?:|\/|\.\/|\.\.\/|[\w-]+\.(js|ts|json|ya?ml|png|svg)$)/.test(value) ||
    /^(process\.env|import\.meta|env\.|os\.environ|secrets\.|vars\.)/.test(value) ||
    /^[A-Z][A-Z0-9_]*$/.test(value) ||
    /^[a-z]+([A-Z][a-z0-9]*)+$/.test(value) ||
    /^[a-z]+(?:[_.-][a-z]+)+$/.test(value) ||
    /^[\w-]+:[^;]*;/.test(value)
  );
}

/** True when a value under a secret-like name is random enough, and not human-typed, to be a credential. */
export function isLikelySecretValue(
  value: string,
  options: Pick<ScanOptions, "minEntropy" | "minLength">,
): boolean {
  if (value.length < options.minLength) return false;
  if (PLACEHOLDER.test(value) || TYPED.test(value) || looksGenerated(value)) return false;
  const classes =
    Number(/[a-z]/.test(value)) +
    Number(/[A-Z]/.test(value)) +
    Number(/[0-9]/.test(value)) +
    Number(/[^A-Za-z0-9]/.test(value));
  if (classes < 2 || !/[0-9]/.test(value)) return false;
  return shannonEntropy(value) >= options.minEntropy;
}

/** True when a line (or the line before it) carries an inline allow comment. */
export function inlineAllowed(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const prevStart = lineStart > 0 ? text.lastIndexOf("\n", lineStart - 2) + 1 : lineStart;
  let lineEnd = text.indexOf("\n", offset);
  if (lineEnd < 0) lineEnd = text.length;
  return INLINE_ALLOW.test(text.slice(prevStart, lineEnd));
}

interface RawMatch {
  offset: number;
  secret: string;
  format: string;
  name: string;
  severity: Severity;
  key?: string;
  testMode?: boolean;
  fallback?: boolean;
}

/** Formats found as often in fixtures and local defaults as in use: live only when random enough. */
const SHAPE_ONLY_FORMATS = new Set(["generic", "connection-string", "jwt"]);
const LIVE_VALUE = { minEntropy: 3, minLength: 12 };

function looksLive(raw: RawMatch): boolean {
  if (!SHAPE_ONLY_FORMATS.has(raw.format)) return !raw.testMode;
  return raw.format !== "jwt" && isLikelySecretValue(raw.secret, LIVE_VALUE);
}

function formatMatches(text: string, out: RawMatch[]): void {
  for (const format of SECRET_FORMATS) {
    if (!format.keywords.some((k) => text.includes(k))) continue;
    format.pattern.lastIndex = 0;
    for (let m = format.pattern.exec(text); m; m = format.pattern.exec(text)) {
      const secret = m[1] ?? m[0];
      if (format.accept && !format.accept(secret, m)) continue;
      if (format.id !== "private-key" && (TYPED.test(secret) || /x{6,}|X{6,}/.test(secret)))
        continue;
      const raw: RawMatch = {
        offset: m.index + m[0].indexOf(secret),
        secret,
        format: format.id,
        name: format.name,
        severity: format.severity,
      };
      if (format.testMode) raw.testMode = true;
      out.push(raw);
    }
  }
}

/** True when `name` reads as the name of a credential (and not of something about one). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_A_SECRET_NAME.test(name);
}

class Collector {
  readonly out: SecretMatch[] = [];
  private readonly seen = new Set<string>();
  private readonly allowRes: RegExp[];
  private readonly allowHashes: Set<string>;
  constructor(options: ScanOptions) {
    this.allowRes = options.allow.filter((a) => !a.startsWith("sha256:")).map((a) => new RegExp(a));
    this.allowHashes = new Set(
      options.allow.filter((a) => a.startsWith("sha256:")).map((a) => a.slice(7)),
    );
  }
  add(raw: RawMatch, line: number, suppressed: (raw: RawMatch) => boolean): void {
    const hash = secretHash(raw.secret);
    if (
      this.seen.has(hash) ||
      this.allowHashes.has(hash) ||
      this.allowRes.some((re) => re.test(raw.secret))
    )
      return;
    if (
      /EXAMPLE|example/.test(raw.secret) ||
      isPlaceholder(raw.secret) ||
      notASecret(raw.secret, raw.format) !== undefined ||
      suppressed(raw)
    )
      return;
    this.seen.add(hash);
    const match: SecretMatch = {
      format: raw.format,
      name: raw.name,
      severity: raw.severity,
      line,
      redacted: redact(raw.secret),
      hash,
      live: looksLive(raw),
    };
    if (raw.key) match.key = raw.key;
    if (raw.testMode) match.testMode = true;
    if (raw.fallback) match.fallback = true;
    this.out.push(match);
  }
}

/**
 * Finds credentials in one text file (config, docs, .env, any non-code text). Pure and
 * synchronous: the rule runs it on every tracked text file, the history scan on past blobs. The
 * returned matches never hold the secret.
 */
export function scanText(
  text: string,
  path: string,
  options: ScanOptions = DEFAULT_SCAN_OPTIONS,
): SecretMatch[] {
  if (!PREFILTER.test(text)) return [];
  const raw: RawMatch[] = [];
  formatMatches(text, raw);
  if (options.generic && SECRET_NAME.test(text)) {
    const detectors = CONFIG_FILE.test(path)
      ? [QUOTED_ASSIGNMENT, BARE_ASSIGNMENT]
      : [QUOTED_ASSIGNMENT];
    for (const re of detectors) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const key = m[1]!;
        const value = re === QUOTED_ASSIGNMENT ? m[3]! : m[2]!;
        if (!SECRET_NAME.test(key) || NOT_A_SECRET_NAME.test(key)) continue;
        if (!isLikelySecretValue(value, options)) continue;
        if (raw.some((r) => r.secret === value || r.secret.includes(value))) continue;
        raw.push({
          offset: m.index + m[0].lastIndexOf(value),
          secret: value,
          format: "generic",
          name: "high-entropy value",
          severity: "high",
          key,
        });
      }
    }
  }
  if (raw.length === 0) return [];
  const starts = lineStarts(text);
  const isDoc = DOC_FILE.test(path);
  const lineText = (index: number) =>
    index < 0 ? "" : text.slice(starts[index], (starts[index + 1] ?? text.length + 1) - 1);
  const collector = new Collector(options);
  raw.sort((a, b) => a.offset - b.offset);
  for (const r of raw) {
    const index = lineAt(starts, r.offset) - 1;
    collector.add(r, index + 1, () => {
      if (INLINE_ALLOW.test(lineText(index)) || INLINE_ALLOW.test(lineText(index - 1))) return true;
      // Documentation shows example keys, and says so next to them.
      return isDoc && [index, index - 1, index - 2].some((i) => EXAMPLE_CONTEXT.test(lineText(i)));
    });
  }
  return collector.out;
}

/** One string of a program (a literal, a template part, a comment) and what it was assigned to. */
export interface CodeString {
  value: string;
  /** Offset of the string in the file, for the line number and the inline allow comment. */
  offset: number;
  line: number;
  key?: string;
  /** The string is the literal fallback of `key` (`config.secret || "…"`), not its only value. */
  fallback?: boolean;
}

/**
 * A fallback is shorter than a generated key as often as not (`|| "a1b2c3d4e5f6"`), and it is
 * the value production runs with whenever the variable is missing: looser thresholds.
 */
const FALLBACK_RELIEF = { entropy: 0.5, minLength: 10 };

/**
 * Finds credentials in the strings and comments of a parsed program: only they can hold one, and
 * they are a fraction of the text, which keeps the scan off the audit's critical path.
 */
export function scanCodeStrings(
  fileText: string,
  strings: readonly CodeString[],
  options: ScanOptions = DEFAULT_SCAN_OPTIONS,
): SecretMatch[] {
  const collector = new Collector(options);
  for (const s of strings) {
    const raw: RawMatch[] = [];
    if (PREFILTER_CASE_SENSITIVE.test(s.value)) formatMatches(s.value, raw);
    const thresholds = s.fallback
      ? {
          minEntropy: options.minEntropy - FALLBACK_RELIEF.entropy,
          minLength: Math.min(options.minLength, FALLBACK_RELIEF.minLength),
        }
      : options;
    if (
      options.generic &&
      s.key &&
      isSecretName(s.key) &&
      raw.length === 0 &&
      isLikelySecretValue(s.value, thresholds)
    ) {
      const generic: RawMatch = {
        offset: 0,
        secret: s.value,
        format: "generic",
        name: "high-entropy value",
        severity: "high",
        key: s.key,
      };
      if (s.fallback) generic.fallback = true;
      raw.push(generic);
    }
    for (const r of raw) {
      const lines = s.value.slice(0, r.offset).split("\n").length - 1;
      collector.add(r, s.line + lines, () => inlineAllowed(fileText, s.offset));
    }
  }
  return collector.out;
}
