import { describe, expect, it } from "vitest";
import { hardcodedSecret } from "../rules/security/hardcoded-secret.ts";
import type { Rule } from "../engine/index.ts";
import { ALNUM, B64, HEX, UPPER_B32, URLSAFE, randomChars, runRuleOnFile } from "./test-helpers.ts";

const rule = hardcodedSecret as unknown as Rule<unknown>;
const r = randomChars(20240607);
// Secret-looking strings are assembled here at run time, so this repository does not itself leak.
const j = (...parts: string[]) => parts.join("");
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

/** [file, text] pairs, each planting exactly one credential. */
const planted: Array<[string, string]> = [
  ["src/aws.ts", `const accessKeyId = "${j("AK", "IA", r(UPPER_B32, 16))}";\n`],
  ["config/aws.yml", `aws_secret_access_key: ${r(B64, 40)}\n`],
  ["src/aws2.js", `export const awsSecretAccessKey = '${r(B64, 40)}';\n`],
  [
    "scripts/gh.sh",
    `curl -H "Authorization: token ${j("gh", "p_", r(ALNUM, 36))}" https://api.github.com\n`,
  ],
  [
    "src/gh.ts",
    `const octokit = new Octokit({ auth: "${j("github", "_pat_", r(ALNUM + "_", 82))}" });\n`,
  ],
  [
    "src/gho.ts",
    `fetch(url, { headers: { Authorization: \`Bearer ${j("gh", "o_", r(ALNUM, 36))}\` } });\n`,
  ],
  ["src/ghs.ts", `const installation = "${j("gh", "s_", r(ALNUM, 36))}";\n`],
  ["src/ghr.ts", `refresh("${j("gh", "r_", r(ALNUM, 76))}");\n`],
  [".gitlab/token.txt", `${j("gl", "pat-", r(URLSAFE, 20))}\n`],
  [
    "src/slack.ts",
    `const slack = new WebClient("${j("xo", "xb-", r("0123456789", 12), "-", r("0123456789", 13), "-", r(ALNUM, 24))}");\n`,
  ],
  [
    "src/slack-hook.ts",
    `post("${j("https://hooks.sl", "ack.com/services/T", r("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8), "/B", r("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10), "/", r(ALNUM, 24))}");\n`,
  ],
  ["src/stripe.ts", `const stripe = new Stripe("${j("sk", "_live_", r(ALNUM, 32))}");\n`],
  ["src/stripe-rk.py", `stripe.api_key = "${j("rk", "_live_", r(ALNUM, 40))}"\n`],
  ["src/maps.tsx", `<Map apiKey="${j("AI", "za", r(URLSAFE, 35))}" />;\n`],
  [
    "src/oauth.json",
    `{ "client_id": "x.apps.googleusercontent.com", "client_secret": "${j("GOC", "SPX-", r(URLSAFE, 28))}" }\n`,
  ],
  [
    "deploy/id_rsa",
    j(
      "-----BEGIN ",
      "RSA PRIVATE KEY-----\n",
      Array.from({ length: 6 }, () => r(B64, 64)).join("\n"),
      "\n",
      r(B64, 30),
      "==\n-----END RSA ",
      "PRIVATE KEY-----\n",
    ),
  ],
  [
    "src/key.ts",
    `const pem = "${j("-----BEGIN ", "PRIVATE KEY-----\\n", Array.from({ length: 4 }, () => r(B64, 64)).join("\\n"), "\\n-----END ", "PRIVATE KEY-----")}";\n`,
  ],
  [
    "src/jwt.ts",
    `const session = "${j(b64url({ alg: "HS256", typ: "JWT" }), ".", b64url({ sub: r(HEX, 8), name: "admin", iat: 1716000000 }), ".", r(URLSAFE, 43))}";\n`,
  ],
  ["src/twilio.ts", `const client = twilio("${j("S", "K", r(HEX, 32))}", authSecret);\n`],
  [
    "src/sendgrid.ts",
    `sgMail.setApiKey("${j("S", "G.", r(URLSAFE, 22), ".", r(URLSAFE, 43))}");\n`,
  ],
  [
    "src/mailgun.ts",
    `const mg = mailgun.client({ username: "api", key: "${j("ke", "y-", r(HEX, 32))}" });\n`,
  ],
  ["src/mailchimp.ts", `mailchimp.setConfig({ apiKey: "${j(r(HEX, 32), "-us", "21")}" });\n`],
  [".npmrc", `//registry.npmjs.org/:_authToken=${j("np", "m_", r(ALNUM, 36))}\n`],
  ["pypirc.cfg", `[pypi]\npassword = ${j("pypi-", "AgEIcHlwaS5vcmc", r(URLSAFE, 60))}\n`],
  [
    "src/discord.ts",
    `hook("${j("https://disc", "ord.com/api/webhooks/", r("0123456789", 18), "/", r(URLSAFE, 68))}");\n`,
  ],
  [
    "src/telegram.ts",
    `const bot = new Telegraf("${j(r("123456789", 9), ":A", "A", r(URLSAFE, 33))}");\n`,
  ],
  [
    "src/shopify.ts",
    `const shop = new Shopify({ accessToken: "${j("shp", "at_", r(HEX, 32))}" });\n`,
  ],
  [
    "src/square.ts",
    `const square = new Client({ accessToken: "${j("sq0", "atp-", r(URLSAFE, 22))}" });\n`,
  ],
  [
    "terraform/do.tf",
    `provider "digitalocean" {\n  token = "${j("do", "p_v1_", r(HEX, 64))}"\n}\n`,
  ],
  [
    "appsettings.json",
    `{ "Storage": "DefaultEndpointsProtocol=https;${j("AccountName=acme;Account", "Key=", r(B64, 86), "==")};EndpointSuffix=core.windows.net" }\n`,
  ],
  [
    "src/openai.ts",
    `const openai = new OpenAI({ apiKey: "${j("sk", "-proj-", r(URLSAFE, 40), "T3Blbk", "FJ", r(URLSAFE, 40))}" });\n`,
  ],
  [
    "src/anthropic.ts",
    `const anthropic = new Anthropic({ apiKey: "${j("sk", "-ant-api03-", r(URLSAFE, 93))}" });\n`,
  ],
  [
    "notebooks/hf.py",
    `login(token="${j("h", "f_", r("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 34))}")\n`,
  ],
  [
    "src/linear.ts",
    `const linear = new LinearClient({ apiKey: "${j("lin", "_api_", r(ALNUM, 40))}" });\n`,
  ],
  [
    "newrelic.js",
    `exports.config = { license: "x", api_key: "${j("NR", "AK-", r("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 27))}" };\n`,
  ],
  [".sentryclirc", `[auth]\ntoken=${j("sntr", "ys_", r(B64, 80))}\n`],
  [
    "postman.env.json",
    `{ "key": "apiKey", "value": "${j("PM", "AK-", r(HEX, 24), "-", r(HEX, 34))}" }\n`,
  ],
  [
    "src/databricks.ts",
    `const dbx = new DBSQLClient(); dbx.connect({ token: "${j("da", "pi", r(HEX, 32))}" });\n`,
  ],
  ["vault.hcl", `token = "${j("hv", "s.", r(URLSAFE, 94))}"\n`],
  [
    "src/db.ts",
    `const pool = new Pool({ connectionString: "${j("postgres://app:", r(ALNUM, 18), "@db.prod.internal:5432/app")}" });\n`,
  ],
  [
    "docker-compose.yml",
    `services:\n  api:\n    environment:\n      MONGO_URL: ${j("mongodb+srv://admin:", r(ALNUM, 16), "@cluster0.ab1cd.mongodb.net/app")}\n`,
  ],
  ["src/generic.ts", `const config = { clientSecret: "${r(ALNUM, 32)}" };\n`],
  ["src/generic2.ts", `export const SIGNING_KEY = '${r(B64, 44)}';\n`],
  ["config/app.yaml", `database:\n  password: ${r(ALNUM + "!@#%", 24)}\n`],
  [".env.production", `NODE_ENV=production\nSESSION_SECRET=${r(ALNUM, 40)}\n`],
  ["src/Settings.java", `private static final String API_TOKEN = "${r(ALNUM, 36)}";\n`],
];

/** Things that look like secrets and are not: each must give zero findings. */
const lookalikes: Array<[string, string]> = [
  ["lock/package.json", JSON.stringify({ name: "x", dependencies: { lodash: "^4.17.21" } })],
  [
    "docs/integrity.json",
    JSON.stringify({
      resolved: "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",
      integrity: `sha512-${r(B64, 86)}==`,
    }),
  ],
  [
    "src/logo.ts",
    `export const logo = "data:image/png;base64,${r(B64, 400)}";\nexport const icon = "data:image/svg+xml;base64,${r(B64, 200)}";\n`,
  ],
  [
    "src/ids.ts",
    `const requestId = "${[8, 4, 4, 4, 12].map((n) => r(HEX, n)).join("-")}";\nconst tokenId = "${[8, 4, 4, 4, 12].map((n) => r(HEX, n)).join("-")}";\n`,
  ],
  [
    "test/auth.test.ts",
    `const password = "${r(ALNUM, 20)}";\nconst token = "test-token-123";\nconst apiKey = "fake-api-key-for-tests";\n`,
  ],
  [
    "src/__fixtures__/user.ts",
    `export const user = { email: "a@b.c", password: "correct horse battery staple" };\n`,
  ],
  [
    "src/__snapshots__/report.test.ts.snap",
    `exports[\`report 1\`] = \`{ "hash": "${r(HEX, 40)}", "sha256": "${r(HEX, 64)}" }\`;\n`,
  ],
  [
    "README.md",
    `## Configuration\n\nFor example:\n\n\`\`\`\nAWS_ACCESS_KEY_ID=${j("AKIA", "IOSFODNN7", "EXAMPLE")}\nAWS_SECRET_ACCESS_KEY=${j("wJalrXUtnFEMI/K7MDENG/bPxRfiCY", "EXAMPLEKEY")}\n\`\`\`\n`,
  ],
  [
    "docs/stripe.md",
    `Set your key (example only):\n\n    STRIPE_KEY=${j("sk", "_live_", r(ALNUM, 30))}\n`,
  ],
  [
    "docs/tokens.md",
    `Tokens look like \`${j("gh", "p_", "x".repeat(36))}\` or \`${j("gh", "p_", "0123456789abcdefghij0123456789abcdef")}\`.\n`,
  ],
  [
    ".env.example",
    `DATABASE_URL=postgres://user:password@localhost:5432/app\nAPI_KEY=your-api-key-here\nSESSION_SECRET=changeme\n`,
  ],
  [
    "src/constants.ts",
    `export const PASSWORD_RESET_TOKEN = "PASSWORD_RESET_TOKEN";\nexport const tokenType = "Bearer";\nconst secretName = "prod/db/password";\nconst passwordField = "input[name=password]";\n`,
  ],
  [
    "src/env.ts",
    `const apiKey = process.env.API_KEY;\nconst secret = \`\${prefix}-\${suffix}\`;\nconst token = getToken();\n`,
  ],
  [
    "src/hash.ts",
    `const passwordHash = "$2b$10$${r(B64, 53)}";\nconst commit = "${r(HEX, 40)}";\n`,
  ],
  [
    "src/local.ts",
    `const url = "postgres://postgres:postgres@localhost:5432/dev";\nconst redis = "redis://default:${r(ALNUM, 12)}@127.0.0.1:6379";\n`,
  ],
  [
    "src/parser.ts",
    `if (line.startsWith("-----BEGIN ${j("RSA PRIVATE", " KEY")}-----")) parsePem(line);\n`,
  ],
  [
    "src/camel.ts",
    `const secretKey = "getSecretKeyFromVault";\nconst privateKey = "private_key_file_name";\n`,
  ],
  [
    "src/allowed.ts",
    `const key = "${j("gh", "p_", r(ALNUM, 36))}"; // debtlens-allow-secret: revoked test token\n`,
  ],
  [
    "src/uuid-token.ts",
    `const apiToken = "${[8, 4, 4, 4, 12].map((n) => r(HEX, n)).join("-")}";\n`,
  ],
  ["yarn.lock", `lodash@^4.17.21:\n  version "4.17.21"\n  integrity sha512-${r(B64, 86)}==\n`],
  [
    "src/i18n.json",
    `{ "password": "Passwort eingeben", "token_expired": "Your session token has expired, please sign in again" }\n`,
  ],
  ["src/css.ts", `const secretStyle = "color:#${r(HEX, 6)};background:#${r(HEX, 6)}";\n`],
];

describe("security/hardcoded-secret on the planted corpus", () => {
  it(`finds at least 95% of ${planted.length} planted secrets, one finding each`, () => {
    const missed: string[] = [];
    let found = 0;
    for (const [path, text] of planted) {
      const findings = runRuleOnFile(rule, path, text);
      if (findings.length === 0) missed.push(path);
      else found++;
      // Never the whole secret in a message or evidence.
      for (const f of findings) expect(JSON.stringify(f)).not.toMatch(/[A-Za-z0-9/+_-]{33,}/);
    }
    expect(planted.length).toBeGreaterThanOrEqual(40);
    expect(missed).toEqual([]);
    expect(found / planted.length).toBeGreaterThanOrEqual(0.95);
  });

  it("gives zero findings on the look-alike corpus", () => {
    const noisy = lookalikes.flatMap(([path, text]) =>
      runRuleOnFile(rule, path, text).map((f) => `${path}:${f.startLine} ${f.message}`),
    );
    expect(noisy).toEqual([]);
  });
});
