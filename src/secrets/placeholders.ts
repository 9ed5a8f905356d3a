import { isPlaceholderHost } from "../shared/index.ts";
import { secretHash } from "./hash.ts";

/**
 * Values that stand for a credential without being one, as a whole value: the words people type
 * where a password goes, and the template syntaxes (`<password>`, `${DB_PASSWORD}`, `$TOKEN`,
 * `{{ secret }}`, `%(password)s`) that a tool fills in later.
 */
const PLACEHOLDER_WORD =
  /^(?:pass(?:w(?:or)?d)?|pwd|secret|test|changeme|change[-_]?me|changeit|example|dummy|sample|placeholder|redacted|todo|foo(?:bar)?|my[-_]?(?:pass(?:word)?|secret)|(?:db|database)[-_]?pass(?:word)?|secret[-_]?password|p@ssw0rd)$/i;
const PLACEHOLDER_SHAPE = [
  /^x{3,}$/i,
  /^\*+$/,
  /^\.{3,}$/,
  /^<[^<>]*>$/,
  /^\[[^[\]]*\]$/,
  /^\$\{[^}]*\}$/,
  /^\$[A-Za-z_]\w*$/,
  /^\{\{[^}]*\}\}$/,
  /^%\(\w+\)s$/,
  /^your[-_]/i,
  /[-_]here$/i,
  /^replace[-_]?(?:me|with|this)/i,
  /^(?:insert|enter|put|add)[-_]/i,
];

/** True when the whole value is a placeholder: `password`, `changeme`, `<token>`, `${VAR}`, `your-key-here`... */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER_WORD.test(value) || PLACEHOLDER_SHAPE.some((re) => re.test(value));
}

/**
 * A connection string's credentials that only show its shape: a placeholder password
 * (`user:password@`, `<username>:<password>@`) or a placeholder host (`@host:port/database`).
 */
export function isPlaceholderCredential(password: string, host: string): boolean {
  return isPlaceholder(password) || isPlaceholderHost(host);
}

/**
 * Keys published in their vendors' documentation, so that examples work: nobody can use them for
 * anything. By the first 16 hex digits of their SHA-256, so that this file holds none of them.
 */
const PUBLISHED_KEYS = new Map<string, string>([
  // AWS's documented example key pair (AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY).
  ["1a5d44a2dca19669", "AWS documentation's example access key id"],
  ["78314b11be2e5815", "AWS documentation's example secret access key"],
  // The Azure storage emulator's (Azurite's) fixed account key for devstoreaccount1.
  ["0011cc25eb432071", "the Azure storage emulator's development key"],
  // jwt.io's sample token (John Doe, 1516239022, signed with `your-256-bit-secret`).
  ["7f75367e78812551", "jwt.io's sample token"],
]);

/** The published key a value is, if any. */
export function publishedKey(value: string): string | undefined {
  return PUBLISHED_KEYS.get(secretHash(value));
}

/** The account name of the Azure storage emulator: its key is in Microsoft's documentation. */
const AZURE_EMULATOR = /AccountName=devstoreaccount1;/;

function jwtPayload(token: string): Record<string, unknown> | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"),
    ) as unknown;
    return typeof payload === "object" && payload !== null
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Identifiers that are public by design, which every browser or chain sees: blockchain
 * addresses, Stripe publishable keys, PostHog project keys.
 */
const PUBLIC_IDENTIFIER = /^(?:0x[0-9a-fA-F]{40}|pk_(?:live|test)_\w+|phc_\w+)$/;

/**
 * Why a value found by a detector is not a secret at all, or undefined when it may be one:
 * a published example key, a local development key, a public identifier.
 */
export function notASecret(value: string, format: string): string | undefined {
  const published = publishedKey(value);
  if (published) return published;
  if (PUBLIC_IDENTIFIER.test(value)) return "a public identifier";
  if (format === "azure-storage-key" && AZURE_EMULATOR.test(value))
    return "the Azure storage emulator's development key";
  if (format === "jwt") {
    // Supabase's local stack signs its anon and service_role keys with a published secret.
    const payload = jwtPayload(value);
    if (payload?.iss === "supabase-demo") return "Supabase's local development key";
  }
  return undefined;
}
