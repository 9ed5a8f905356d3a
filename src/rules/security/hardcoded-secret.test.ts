import { describe, expect, it } from "vitest";
import { messageMatches, runRule } from "../../../test/support/rule-tester.ts";
import type { Rule } from "../../engine/index.ts";
import { groupFindings } from "../../register/index.ts";
import { isDefaultsFile } from "../../secrets/index.ts";
import { ALNUM, B64, HEX, UPPER_B32, randomChars } from "../../secrets/test-helpers.ts";
import { hardcodedSecret } from "./hardcoded-secret.ts";

const rule = hardcodedSecret as unknown as Rule<unknown>;
const r = randomChars(1010);
// Live-looking values are assembled at run time, so this repository does not itself hold one.
const j = (...parts: string[]) => parts.join("");
/** A URL's `://`, so that no connection string below is written out whole. */
const SEP = j(":", "//");
const awsKey = j("AK", "IA", r(UPPER_B32, 16));
const stripeLive = j("sk", "_live_", r(ALNUM, 32));
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
const jwt = (payload: object) =>
  j(b64url({ alg: "HS256", typ: "JWT" }), ".", b64url(payload), ".", r(ALNUM, 43));

/** Each finding as `path:line severity messageId`. */
function found(files: Record<string, string>): string[] {
  return runRule(rule, files)
    .map((f) => {
      const id = Object.keys(rule.messages).find((m) =>
        messageMatches(rule, f.message, { messageId: m }),
      );
      return `${f.path}:${f.startLine} ${f.severity} ${id}`;
    })
    .sort();
}

describe("security/hardcoded-secret: placeholders and documented example values", () => {
  it("a real-looking AWS key fires; AWS's documented example pair does not", () => {
    expect(found({ "src/aws.ts": `const accessKeyId = "${awsKey}";\n` })).toEqual([
      "src/aws.ts:1 critical known",
    ]);
    expect(
      found({
        "src/aws.ts":
          'const accessKeyId = "AKIAIOSFODNN7EXAMPLE";\nconst secretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";\n',
        "config/aws.ini":
          "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
      }),
    ).toEqual([]);
  });

  it("a production connection string fires; its documented shape does not", () => {
    expect(
      found({ "src/db.ts": `const url = "postgres${SEP}app:S3cr3t9xQ@db.prod.internal/app";\n` }),
    ).toEqual(["src/db.ts:1 critical known"]);
    expect(
      found({
        "src/db.ts": `throw new Error("Expected format: postgres${SEP}user:password@host:port/database");\n`,
        "src/mongo.ts": `const hint = "mongodb${SEP}<username>:<password>@<cluster>/<dbname>?ssl=true";\n`,
      }),
    ).toEqual([]);
  });

  const placeholders = [
    "<password>",
    "${DB_PASSWORD}",
    "$DB_PASSWORD",
    "{{db_password}}",
    "changeme",
    "xxxxxxxx",
    "your-password-here",
    "replace-me-with-a-random-string",
    "replace_with_your_password",
    "example",
    "dummy",
    "test",
    "secret",
    "password",
    "pass",
    "********",
  ];
  it.each(placeholders)(
    "the placeholder password %s in a connection string is not a secret",
    (p) => {
      expect(
        found({ "config/app.yml": `database_url: mysql${SEP}app:${p}@db.internal/app\n` }),
      ).toEqual([]);
    },
  );
  it("the same connection string with a real password fires (near miss of every placeholder)", () => {
    expect(
      found({ "config/app.yml": `database_url: mysql${SEP}app:Qz7vL2pW9x@db.internal/app\n` }),
    ).toEqual(["config/app.yml:1 critical known"]);
  });
  it("placeholder values under secret-like names are not secrets; a random one is", () => {
    const lines = [
      "your-api-key-goes-here-123",
      "replace_with_api_key_0001",
      "<your-api-token-1234567>",
      "${API_TOKEN_SECRET_0001}",
    ].map((v, k) => `api_key_${k}: "${v}"`);
    expect(found({ "config/app.yml": lines.join("\n") + "\n" })).toEqual([]);
    expect(found({ "config/app.yml": `api_key_0: "${r(ALNUM, 32)}"\n` })).toEqual([
      "config/app.yml:1 high generic",
    ]);
  });

  it("the Azure storage emulator's account key is published; another account's key fires", () => {
    // Microsoft's published emulator key, assembled so that no scanner reads it in this file.
    const emulator = j(
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq",
      "/K1SZFPTOtr/KBHBeksoGMGw==",
    );
    expect(
      found({
        "src/blob.ts": `const conn = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${emulator};";\n`,
        "config/storage.yml": `storage_access_key: ${emulator}\n`,
      }),
    ).toEqual([]);
    expect(
      found({
        "src/blob.ts": `const conn = "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${r(B64, 86)}==;";\n`,
      }),
    ).toEqual(["src/blob.ts:1 critical known"]);
  });

  it("jwt.io's sample token and Supabase's local keys are public; a JWT of our own fires", () => {
    const sample = j(
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
      "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.",
      "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    );
    const supabase = jwt({ iss: "supabase-demo", role: "anon", exp: 1983812996 });
    expect(
      found({
        "src/sample.ts": `const token = "${sample}";\n`,
        "src/supabase.ts": `const anonKey = "${supabase}";\n`,
      }),
    ).toEqual([]);
    expect(found({ "src/session.ts": `const token = "${jwt({ sub: "42", iat: 1 })}";\n` })).toEqual(
      ["src/session.ts:1 high known"],
    );
  });

  it("nothing in a locale catalogue is a secret; the same line in a config file is", () => {
    const text = `{ "password": "Mot de passe", "passwordRule": "Min.8_Zeichen+1Ziffer!" }\n`;
    expect(found({ "locales/fr.json": text, "src/i18n/de.json": text })).toEqual([]);
    expect(found({ "config/app.json": text })).toEqual(["config/app.json:1 high generic"]);
  });

  it("public identifiers are not secrets: a 0x address, publishable and PostHog project keys", () => {
    expect(
      found({
        "src/chain.ts": `const tokenAddress = "0x${r(HEX, 40)}";\n`,
        "src/pay.ts": `const apiKey = "${j("pk", "_live_", r(ALNUM, 32))}";\n`,
        "src/analytics.ts": `class A { private POSTHOG_API_KEY = "${j("ph", "c_", r(ALNUM, 43))}"; }\n`,
      }),
    ).toEqual([]);
    // Near miss: 64 hex digits after 0x under a secret-like name is a private key, not an address.
    expect(found({ "src/chain.ts": `const privateKey = "0x${r(HEX, 64)}";\n` })).toEqual([
      "src/chain.ts:1 high generic",
    ]);
  });

  it("a test-mode Stripe key is a fixture in tests, a medium finding in production code", () => {
    const testKey = j("sk", "_test_", r(ALNUM, 32));
    expect(found({ "src/pay.test.ts": `const key = "${testKey}";\n` })).toEqual([]);
    expect(found({ "src/pay.ts": `const key = "${testKey}";\n` })).toEqual([
      "src/pay.ts:1 medium known",
    ]);
  });

  it("values produced at run time are not hard-coded; a literal under the same name is", () => {
    const runtime = [
      "const token = Math.random().toString(36).slice(2);",
      'const secret = crypto.randomBytes(32).toString("hex");',
      "const apiKey = uuid();",
    ].join("\n");
    expect(found({ "src/keys.ts": runtime + "\n" })).toEqual([]);
    expect(found({ "src/keys.ts": `const secret = "${r(HEX, 40)}";\n` })).toEqual([
      "src/keys.ts:1 high generic",
    ]);
  });
});

describe("security/hardcoded-secret: defaults files, tests and docs", () => {
  it("a postgres:postgres-style default in .env.example is info; a live Stripe key in it is critical", () => {
    expect(
      found({
        ".env.example": `DATABASE_URL=postgres${SEP}postgres:postgres@db:5432/app\nSTRIPE_KEY=${stripeLive}\n`,
      }),
    ).toEqual([".env.example:1 info notLive", ".env.example:2 critical known"]);
  });

  it("development compose files, chart values and CI service containers hold defaults; a production compose file does not", () => {
    const compose = `services:\n  app:\n    environment:\n      DATABASE_URL: postgresql${SEP}umami:umami@db:5432/umami\n`;
    expect(
      found({
        "docker-compose.yml": compose,
        "charts/app/values.yaml": `db:\n  url: postgresql${SEP}app:apppass@postgres:5432/app\n`,
        ".github/workflows/ci.yml": `env:\n  DATABASE_URL: postgres${SEP}ci:cipassword@postgres:5432/ci\n`,
      }),
    ).toEqual([
      ".github/workflows/ci.yml:2 info notLive",
      "charts/app/values.yaml:2 info notLive",
      "docker-compose.yml:4 info notLive",
    ]);
    expect(found({ "docker-compose.prod.yml": compose })).toEqual([
      "docker-compose.prod.yml:4 critical known",
    ]);
    expect(isDefaultsFile("deploy/compose.production.yaml")).toBe(false);
    expect(isDefaultsFile("podman/env.sample")).toBe(true);
    expect(isDefaultsFile("config/settings.example.json")).toBe(true);
    expect(isDefaultsFile("src/env.ts")).toBe(false);
  });

  it("a default with a random password looks live, even in a defaults file", () => {
    expect(
      found({ ".env.example": `DATABASE_URL=postgres${SEP}app:Vb8rT2qLx9Wz4kP@db:5432/app\n` }),
    ).toEqual([".env.example:1 critical known"]);
  });

  it("a weak credential in tests or docs is info; a live-looking one is reported in its scope", () => {
    const url = `const url = "postgres${SEP}app:S3cr3t9xQ@db.prod.internal/app";\n`;
    expect(
      found({
        "src/db.test.ts": url,
        "docs/setup.md": `Connect with \`postgres${SEP}app:S3cr3t9xQ@db.prod.internal/app\`.\n`,
        "test/jwt.ts": `const token = "${jwt({ sub: "7" })}";\n`,
      }),
    ).toEqual([
      "docs/setup.md:1 info notLive",
      "src/db.test.ts:1 info notLive",
      "test/jwt.ts:1 info notLive",
    ]);
    expect(
      found({
        "docs/setup.md": `Set \`STRIPE_KEY=${stripeLive}\`.\n`,
        "test/aws.test.ts": `const id = "${awsKey}";\n`,
      }),
    ).toEqual(["docs/setup.md:1 critical known", "test/aws.test.ts:1 critical known"]);
  });

  it("a committed .env of URLs and log levels is an info defaults file; one with a credential is high", () => {
    expect(
      found({ ".env.development": `URL=https${SEP}local.test:3000\nLOG_LEVEL=debug\nPORT=3000\n` }),
    ).toEqual([".env.development:1 info envFileDefaults"]);
    expect(found({ ".env": `PORT=3000\nAPI_TOKEN=${r(ALNUM, 12)}\n` })).toEqual([
      ".env:1 high envFile",
    ]);
  });
});

describe("security/hardcoded-secret: literal fallbacks of secret-like names", () => {
  it("`config.secret || 'hex'` and `process.env.X ?? 'whsec_…'` are hard-coded secrets", () => {
    const whsec = j("wh", "sec_", r(ALNUM, 32));
    expect(
      found({
        "src/config.ts": [
          `const secret = config.secret || "${r(HEX, 16)}";`,
          `export const webhook = process.env.STRIPE_WEBHOOK ?? "${whsec}";`,
          `const opts = { jwtSecret: process.env.JWT || "${r(ALNUM, 14)}" };`,
        ].join("\n"),
      }),
    ).toEqual([
      "src/config.ts:1 high fallback",
      "src/config.ts:2 high known",
      "src/config.ts:3 high fallback",
    ]);
  });

  it("near misses: a fallback that is a placeholder, not secret-like, or computed at run time", () => {
    expect(
      found({
        "src/config.ts": [
          'const secret = config.secret || "changeme";',
          'const env = process.env.NODE_ENV || "development-build-1";',
          'const key = config.secret ?? crypto.randomBytes(32).toString("hex");',
          `const region = config.region || "${r(HEX, 16)}";`,
        ].join("\n"),
      }),
    ).toEqual([]);
  });
});

describe("security/hardcoded-secret: one item per secret value", () => {
  const value = r(ALNUM, 32);
  const file = (n: number) => [`src/service-${n}.ts`, `const apiToken = "${value}";\n`] as const;
  const audit = (n: number) =>
    groupFindings(runRule(rule, Object.fromEntries(Array.from({ length: n }, (_, k) => file(k)))));

  it("the same value in three files is one item with three places", () => {
    const items = audit(3);
    expect(items).toHaveLength(1);
    expect(items[0]!.places?.map((p) => `${p.path}:${p.startLine}`)).toEqual([
      "src/service-0.ts:1",
      "src/service-1.ts:1",
      "src/service-2.ts:1",
    ]);
    expect(items[0]!.evidence.places).toBe(3);
  });

  it("its fingerprint stays as places come and go; another value is another item", () => {
    const [one] = audit(1);
    const [three] = audit(3);
    const [four] = audit(4);
    expect(three!.fingerprint).toBe(one!.fingerprint);
    expect(four!.fingerprint).toBe(one!.fingerprint);
    const other = groupFindings(
      runRule(rule, {
        ...Object.fromEntries([file(0)]),
        "src/b.ts": `const apiToken = "${r(ALNUM, 32)}";\n`,
      }),
    );
    expect(other).toHaveLength(2);
  });

  it("the item takes the most severe place: a default in a compose file joins the production leak", () => {
    const url = `postgresql${SEP}app:Ab3dE5gH@db.internal/app`;
    const items = groupFindings(
      runRule(rule, {
        "docker-compose.yml": `services:\n  app:\n    environment:\n      DATABASE_URL: ${url}\n`,
        "src/db.ts": `const url = "${url}";\n`,
      }),
    );
    expect(items.map((i) => [i.path, i.severity, i.places?.length])).toEqual([
      ["src/db.ts", "critical", 2],
    ]);
  });
});
