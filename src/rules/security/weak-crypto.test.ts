import { describe, expect, it } from "vitest";
import { hits } from "../../../test/support/audit-fixture.ts";
import { ruleTester, runRule } from "../../../test/support/rule-tester.ts";
import { weakCrypto as rule } from "./weak-crypto.ts";

ruleTester.run(rule, {
  valid: [
    {
      name: "md5 of file contents, sha256 of a password",
      code: 'import { createHash } from "node:crypto";\nconst etag = createHash("md5").update(body).digest("hex");\nconst h = createHash("sha256").update(password).digest("hex");\n',
    },
    {
      name: "Math.random for jitter, colours, sampling or names that merely end in 'id'",
      code: "const delay = base * Math.random();\nconst color = COLORS[Math.floor(Math.random() * 4)];\nfunction sample() { return Math.random() < 0.1; }\nconst grid = Math.random();\nconst valid = Math.random() > 0.5;\n",
    },
    {
      name: "a declaration without an initialiser (near miss: the hash comes later)",
      code: 'import { createHash } from "node:crypto";\nlet digest;\ndigest = createHash("sha256").update(password).digest("hex");\n',
    },
    {
      name: "Math.random for a token in a test",
      code: "const token = Math.random().toString(36);\n",
      path: "src/token.test.ts",
    },
    {
      name: "HTTP Digest authentication, whose protocol mandates MD5 of the password (hoppscotch's digest.ts)",
      code: 'import md5 from "md5";\nexport function digest(user, realm, password, nonce, cnonce) {\n  const ha1 = md5(`${user}:${realm}:${password}`);\n  return md5(`${ha1}:${nonce}:${cnonce}`);\n}\n',
    },
    {
      name: "a generic md5 helper used for cache keys and ETags only",
      files: {
        "src/util/hash.ts":
          'import { createHash } from "node:crypto";\nexport function hash(value: string) {\n  return createHash("md5").update(value).digest("hex");\n}\n',
        "src/cache.ts":
          'import { hash } from "./util/hash";\nexport const keyOf = (url: string) => hash(url);\nexport const etag = (body: string) => hash(body);\n',
      },
    },
    {
      name: "bcrypt's hash of a password beside a local md5 helper",
      code: 'import bcrypt from "bcrypt";\nimport md5 from "md5";\nconst hash = (s) => md5(s);\nexport const store = (password) => bcrypt.hash(password, 12);\n',
    },
    {
      name: "an HMAC with sha1",
      code: 'import { createHmac } from "node:crypto";\nconst sig = createHmac("sha1", secret).update(payload).digest("hex");\n',
    },
  ],
  invalid: [
    {
      name: "md5 of a password through createHash, naming what it protects",
      files: {
        "src/users.ts":
          'import { createHash } from "node:crypto";\nexport function store(user, password) {\n  user.hash = createHash("md5").update(password).digest("hex");\n}\n',
      },
      errors: [
        {
          messageId: "hash",
          data: { algorithm: "MD5", what: "a password" },
          path: "src/users.ts",
          line: 3,
          endLine: 3,
        },
      ],
    },
    {
      name: "sha1 of a token via a hash object, and the md5 package under a secret-like name (low)",
      code: 'import crypto from "crypto";\nimport md5 from "md5";\nconst h = crypto.createHash("sha1");\nh.update(resetToken);\nconst apiKeyHash = md5(raw);\n',
      // a reset token and an API key are long and random: no brute force through a fast hash,
      // so low (HMAC advised), where a password's is high
      errors: [
        { messageId: "hashSecret", line: 4, endLine: 4 },
        { messageId: "hashSecret", line: 5, endLine: 5 },
      ],
    },
    {
      name: "MD5 inside a helper named `hash`, fed a password by a module that imports it (the value followed into storage)",
      files: {
        "src/util/hash.ts":
          'import { createHash } from "node:crypto";\nexport function hash(value: string) {\n  return createHash("md5").update(value).digest("hex");\n}\n',
        "src/users.ts":
          'import { hash } from "./util/hash";\nexport async function signup(req) {\n  await db.users.insert({ email: req.body.email, password: hash(req.body.password) });\n}\n',
      },
      errors: [
        {
          messageId: "helper",
          path: "src/util/hash.ts",
          line: 3,
          data: {
            algorithm: "MD5",
            fn: "hash",
            caller: "src/users.ts:3",
            what: "`req.body.password`",
          },
        },
      ],
    },
    {
      name: "a helper's result compared with the stored password, and a weak hash compared directly",
      code: 'import md5 from "md5";\nconst digest = (s) => md5(s);\nexport const login = (user, input) => digest(input) === user.password;\nexport const check = (user, input) => md5(input) === user.passwordHash;\n',
      errors: [
        { messageId: "helper", line: 2 },
        { messageId: "hash", line: 4 },
      ],
    },
    {
      name: "Math.random for tokens, session ids and user ids",
      code: "const sessionId = Math.random().toString(36).slice(2);\nfunction generateToken() {\n  return Math.random().toString(36);\n}\nconst user = { userId: Math.floor(Math.random() * 1e9) };\n",
      errors: [
        { messageId: "random", line: 1, endLine: 1 },
        { messageId: "random", line: 3, endLine: 3 },
        // an id: low, grouped into one item for the repository
        { messageId: "randomId", line: 5, endLine: 5 },
      ],
    },
  ],
});

describe("security/weak-crypto: a helper's callers through the module graph", () => {
  it("near miss: a password passed to another module's `hash` does not blame this one", async () => {
    const found = await hits("security/weak-crypto", {
      "package.json": "{}",
      "src/util/hash.ts":
        'import { createHash } from "node:crypto";\nexport function hash(value: string) {\n  return createHash("md5").update(value).digest("hex");\n}\n',
      "src/users.ts":
        'import { hash } from "./secure";\nexport const store = (password: string) => ({ password: hash(password) });\n',
      "src/secure.ts": 'export { hash } from "bcryptjs";\n',
    });
    expect(found).toEqual([]);
  });
  it("fires when the module that hands it a password imports it", async () => {
    const found = await hits("security/weak-crypto", {
      "package.json": "{}",
      "src/util/hash.ts":
        'import { createHash } from "node:crypto";\nexport function hash(value: string) {\n  return createHash("md5").update(value).digest("hex");\n}\n',
      "src/users.ts":
        'import { hash } from "./util/hash";\nexport const store = (password: string) => ({ password: hash(password) });\n',
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual(["src/util/hash.ts:3"]);
  });
});

describe("security/weak-crypto: HTTP Digest clients", () => {
  it("a Digest client's Math.random cnonce is low; the same name outside Digest code stays high", () => {
    const digest =
      'export function header(realm: string, nonce: string) {\n  const cnonce = Math.random().toString(36);\n  return `Digest realm="${realm}", nonce="${nonce}", cnonce="${cnonce}"`;\n}\n';
    expect(runRule(rule, { "src/auth/digest.ts": digest }).map((f) => f.severity)).toEqual(["low"]);
    const elsewhere =
      "export const makeNonce = () => { const cnonce = Math.random(); return cnonce; };\n";
    expect(
      runRule(rule, { "src/auth/nonce.ts": elsewhere }).map((f) => f.severity ?? "high"),
    ).toEqual(["high"]);
  });
});

describe("security/weak-crypto: severities", () => {
  it("Math.random ids are low and one group across files; tokens stay high; a secret's digest is low", () => {
    const found = runRule(rule, {
      "src/a.ts": "export const rowId = Math.random().toString(36);\n",
      "src/b.ts":
        "export const requestUuid = String(Math.random());\nexport const inviteToken = Math.random().toString(36);\n",
      "src/c.ts":
        'import { createHash } from "node:crypto";\nexport const code = (user) => createHash("md5").update(user.jwtSecret).digest("hex");\n',
    });
    expect(found.map((f) => [f.path, f.severity])).toEqual([
      ["src/a.ts", "low"],
      ["src/b.ts", "low"],
      ["src/b.ts", "high"],
      ["src/c.ts", "low"],
    ]);
    // the two ids share one fingerprint: the register makes them one item with two places
    expect(found[0]!.fingerprint).toBe(found[1]!.fingerprint);
    expect(found[2]!.fingerprint).not.toBe(found[1]!.fingerprint);
  });
});
