import type { Severity } from "../findings/index.ts";
import { isPlaceholderCredential } from "./placeholders.ts";

/**
 * A well-known credential format. `keywords` are literal substrings of which at least one must be
 * in the text before `pattern` runs: one combined search of every keyword rules most files out
 * (the gitleaks approach). `pattern` must be global; capture group 1, when present, is the secret.
 */
export interface SecretFormat {
  id: string;
  name: string;
  keywords: string[];
  pattern: RegExp;
  severity: Severity;
  /** Extra check on the captured secret (e.g. a JWT's payload must be JSON). */
  accept?(secret: string, match: RegExpExecArray): boolean;
  /** A payment provider's test-mode key: a fixture in test code, a (minor) leak elsewhere. */
  testMode?: boolean;
}

const LOCAL_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|host\.docker\.internal)$/i;

function jwtPayloadIsJson(token: string): boolean {
  const [header, payload] = token.split(".");
  try {
    const h = JSON.parse(Buffer.from(header!, "base64url").toString("utf8")) as unknown;
    const p = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as unknown;
    return typeof h === "object" && h !== null && "alg" in h && typeof p === "object" && p !== null;
  } catch {
    return false;
  }
}

export const SECRET_FORMATS: readonly SecretFormat[] = [
  {
    id: "aws-access-key-id",
    name: "AWS access key id",
    keywords: ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
    pattern: /\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/g,
    severity: "critical",
  },
  {
    id: "aws-secret-access-key",
    name: "AWS secret access key",
    keywords: ["aws", "AWS", "Aws"],
    pattern:
      /(?:aws|AWS|Aws)[\w.-]{0,20}(?:secret|SECRET|Secret)[\w.-]{0,20}["']?\s*[:=]{1,2}>?\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g,
    severity: "critical",
  },
  {
    id: "github-pat",
    name: "GitHub personal access token",
    keywords: ["ghp_"],
    pattern: /\b(ghp_[A-Za-z0-9]{36})\b/g,
    severity: "critical",
  },
  {
    id: "github-fine-grained-pat",
    name: "GitHub fine-grained token",
    keywords: ["github_pat_"],
    pattern: /\b(github_pat_[A-Za-z0-9_]{82})\b/g,
    severity: "critical",
  },
  {
    id: "github-oauth",
    name: "GitHub OAuth token",
    keywords: ["gho_"],
    pattern: /\b(gho_[A-Za-z0-9]{36})\b/g,
    severity: "critical",
  },
  {
    id: "github-app-token",
    name: "GitHub App token",
    keywords: ["ghu_", "ghs_"],
    pattern: /\b((?:ghu|ghs)_[A-Za-z0-9]{36})\b/g,
    severity: "critical",
  },
  {
    id: "github-refresh-token",
    name: "GitHub refresh token",
    keywords: ["ghr_"],
    pattern: /\b(ghr_[A-Za-z0-9]{36,76})\b/g,
    severity: "critical",
  },
  {
    id: "gitlab-pat",
    name: "GitLab personal access token",
    keywords: ["glpat-"],
    pattern: /\b(glpat-[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])/g,
    severity: "critical",
  },
  {
    id: "slack-token",
    name: "Slack token",
    keywords: ["xox"],
    pattern: /\b(xox[baprs]-(?:\d+-){1,3}[A-Za-z0-9-]{10,})\b/g,
    severity: "high",
  },
  {
    id: "slack-webhook",
    name: "Slack incoming webhook",
    keywords: ["hooks.slack.com"],
    pattern:
      /(https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]{20,})/g,
    severity: "high",
  },
  {
    id: "stripe-secret-key",
    name: "Stripe live secret key",
    keywords: ["sk_live_", "rk_live_"],
    pattern: /\b((?:sk|rk)_live_[0-9a-zA-Z]{24,99})\b/g,
    severity: "critical",
  },
  {
    id: "stripe-test-key",
    name: "Stripe test-mode secret key",
    keywords: ["sk_test_", "rk_test_"],
    pattern: /\b((?:sk|rk)_test_[0-9a-zA-Z]{24,99})\b/g,
    severity: "medium",
    testMode: true,
  },
  {
    id: "stripe-webhook-secret",
    name: "Stripe webhook signing secret",
    keywords: ["whsec_"],
    pattern: /\b(whsec_[0-9a-zA-Z+/=]{32,99})(?![0-9a-zA-Z+/=])/g,
    severity: "high",
  },
  {
    id: "google-api-key",
    name: "Google API key",
    keywords: ["AIza"],
    pattern: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g,
    severity: "high",
  },
  {
    id: "google-oauth-secret",
    name: "Google OAuth client secret",
    keywords: ["GOCSPX-"],
    pattern: /\b(GOCSPX-[A-Za-z0-9_-]{28})(?![A-Za-z0-9_-])/g,
    severity: "critical",
  },
  {
    id: "private-key",
    name: "private key block",
    keywords: ["PRIVATE KEY"],
    // A header alone (in docs, in a parser) is not a key: a body of base64 must follow. Linear
    // time: a body line never starts with `-----` (34,000 header lines in a row took 35 s when
    // each header's body ran on over all the others), the body has at most 400 lines (an 8,192-bit
    // RSA key has about 100), and the last base64 run cannot give characters back.
    pattern:
      /(-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----(?:\\n|\r?\n)(?:(?!-----)[A-Za-z0-9+/=:\- ]+(?:\\n|\r?\n)){2,400}?[A-Za-z0-9+/=]{20,}(?![A-Za-z0-9+/=])[\s\S]{0,200}?-----END [A-Z ]{0,20}PRIVATE KEY(?: BLOCK)?-----)/g,
    severity: "critical",
  },
  {
    id: "jwt",
    name: "JSON Web Token",
    keywords: ["eyJ"],
    pattern:
      /\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/g,
    severity: "high",
    accept: (token) => jwtPayloadIsJson(token),
  },
  {
    id: "twilio-api-key",
    name: "Twilio API key",
    keywords: ["SK"],
    pattern: /\b(SK[0-9a-f]{32})\b/g,
    severity: "high",
  },
  {
    id: "sendgrid-api-key",
    name: "SendGrid API key",
    keywords: ["SG."],
    pattern: /\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g,
    severity: "high",
  },
  {
    id: "mailgun-api-key",
    name: "Mailgun API key",
    keywords: ["key-"],
    pattern: /\b(key-[0-9a-f]{32})\b/g,
    severity: "high",
  },
  {
    id: "mailchimp-api-key",
    name: "Mailchimp API key",
    keywords: ["-us"],
    pattern: /\b([0-9a-f]{32}-us[0-9]{1,2})\b/g,
    severity: "high",
  },
  {
    id: "npm-token",
    name: "npm access token",
    keywords: ["npm_"],
    pattern: /\b(npm_[A-Za-z0-9]{36})\b/g,
    severity: "critical",
  },
  {
    id: "pypi-token",
    name: "PyPI upload token",
    keywords: ["pypi-AgEIcHlwaS5vcmc"],
    pattern: /\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})/g,
    severity: "critical",
  },
  {
    id: "discord-webhook",
    name: "Discord webhook",
    keywords: ["discord"],
    pattern:
      /(https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{5,}\/[A-Za-z0-9_-]{60,})/g,
    severity: "high",
  },
  {
    id: "telegram-bot-token",
    name: "Telegram bot token",
    keywords: [":AA"],
    pattern: /\b(\d{8,10}:AA[0-9A-Za-z_-]{33})(?![0-9A-Za-z_-])/g,
    severity: "high",
  },
  {
    id: "shopify-token",
    name: "Shopify access token",
    keywords: ["shpat_", "shpca_", "shppa_", "shpss_"],
    pattern: /\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b/g,
    severity: "critical",
  },
  {
    id: "square-token",
    name: "Square access token",
    keywords: ["sq0atp-", "sq0csp-", "EAAA"],
    pattern: /\b(sq0atp-[0-9A-Za-z_-]{22}|sq0csp-[0-9A-Za-z_-]{43})(?![0-9A-Za-z_-])/g,
    severity: "critical",
  },
  {
    id: "digitalocean-token",
    name: "DigitalOcean token",
    keywords: ["dop_v1_", "doo_v1_", "dor_v1_"],
    pattern: /\b(do[opr]_v1_[a-f0-9]{64})\b/g,
    severity: "critical",
  },
  {
    id: "azure-storage-key",
    name: "Azure storage connection string",
    keywords: ["AccountKey="],
    // An account name has at most 24 characters: bounded, so that a run of `AccountName=`
    // without a `;` is not scanned to its end from each of them.
    pattern: /(AccountName=[^;"'\s]{1,64};AccountKey=[A-Za-z0-9+/]{80,}={0,2})/g,
    severity: "critical",
  },
  {
    id: "openai-api-key",
    name: "OpenAI API key",
    keywords: ["sk-"],
    pattern:
      /\b(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74})(?![A-Za-z0-9_-])/g,
    severity: "critical",
  },
  {
    id: "anthropic-api-key",
    name: "Anthropic API key",
    keywords: ["sk-ant-"],
    pattern: /\b(sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,120})(?![A-Za-z0-9_-])/g,
    severity: "critical",
  },
  {
    id: "huggingface-token",
    name: "Hugging Face token",
    keywords: ["hf_"],
    pattern: /\b(hf_[A-Za-z]{34})\b/g,
    severity: "high",
  },
  {
    id: "linear-api-key",
    name: "Linear API key",
    keywords: ["lin_api_"],
    pattern: /\b(lin_api_[A-Za-z0-9]{40})\b/g,
    severity: "high",
  },
  {
    id: "newrelic-key",
    name: "New Relic user API key",
    keywords: ["NRAK-"],
    pattern: /\b(NRAK-[A-Z0-9]{27})\b/g,
    severity: "high",
  },
  {
    id: "sentry-auth-token",
    name: "Sentry auth token",
    keywords: ["sntrys_", "sntryu_"],
    pattern: /\b(sntry[su]_[A-Za-z0-9+/=_]{60,})/g,
    severity: "high",
  },
  {
    id: "postman-api-key",
    name: "Postman API key",
    keywords: ["PMAK-"],
    pattern: /\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b/g,
    severity: "high",
  },
  {
    id: "databricks-token",
    name: "Databricks token",
    keywords: ["dapi"],
    pattern: /\b(dapi[a-f0-9]{32}(?:-\d)?)\b/g,
    severity: "high",
  },
  {
    id: "vault-token",
    name: "HashiCorp Vault token",
    keywords: ["hvs.", "hvb."],
    pattern: /\b(hv[sb]\.[A-Za-z0-9_-]{90,})/g,
    severity: "critical",
  },
  {
    id: "connection-string",
    name: "connection string with a password",
    keywords: ["://"],
    pattern:
      /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|ftp|smtps?):\/\/[^:\s/@'"`]+:([^@\s'"`/]{4,})@([^\s'"`/:?]+)/g,
    severity: "critical",
    // A local host, or credentials that only show the shape (`user:password@host:port/db`).
    accept: (secret, match) =>
      !LOCAL_HOSTS.test(match[2]!) && !isPlaceholderCredential(secret, match[2]!),
  },
];

/** Every keyword of every format, for the prefilter. */
export const ALL_KEYWORDS: readonly string[] = [
  ...new Set(SECRET_FORMATS.flatMap((f) => f.keywords)),
];
