import { describe, expect, it } from "vitest";
import { runRule } from "../testing.ts";
import { at } from "./test-helpers.ts";
import { weakCrypto as rule } from "./weak-crypto.ts";

describe("security/weak-crypto", () => {
  it("fires on md5 of a password through createHash, naming what it protects", () => {
    const [f, ...rest] = runRule(rule, {
      "src/users.ts":
        'import { createHash } from "node:crypto";\nexport function store(user, password) {\n  user.hash = createHash("md5").update(password).digest("hex");\n}\n',
    });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ path: "src/users.ts", startLine: 3, endLine: 3 });
    expect(f!.message).toBe(
      "MD5 protects a password here: it is broken and fast, so the values are recovered by brute force. Hash passwords with argon2, scrypt or bcrypt; compare tokens through HMAC-SHA-256.",
    );
  });
  it("fires on sha1 of a token via a hash object, and on the md5 package under a secret-like name", () => {
    const source =
      'import crypto from "crypto";\nimport md5 from "md5";\nconst h = crypto.createHash("sha1");\nh.update(resetToken);\nconst apiKeyHash = md5(raw);\n';
    expect(at(rule, source)).toEqual(["src/app.ts:4-4", "src/app.ts:5-5"]);
  });
  it("fires on Math.random for tokens, session ids and user ids", () => {
    const source =
      "const sessionId = Math.random().toString(36).slice(2);\nfunction generateToken() {\n  return Math.random().toString(36);\n}\nconst user = { userId: Math.floor(Math.random() * 1e9) };\n";
    expect(at(rule, source)).toEqual(["src/app.ts:1-1", "src/app.ts:3-3", "src/app.ts:5-5"]);
  });
  it("does not fire on md5 of file contents or sha256 of a password", () => {
    expect(
      at(
        rule,
        'import { createHash } from "node:crypto";\nconst etag = createHash("md5").update(body).digest("hex");\nconst h = createHash("sha256").update(password).digest("hex");\n',
      ),
    ).toEqual([]);
  });
  it("does not fire on Math.random for jitter, colours, sampling or names that merely end in 'id'", () => {
    const source =
      "const delay = base * Math.random();\nconst color = COLORS[Math.floor(Math.random() * 4)];\nfunction sample() { return Math.random() < 0.1; }\nconst grid = Math.random();\nconst valid = Math.random() > 0.5;\n";
    expect(at(rule, source)).toEqual([]);
  });
  it("does not fire on declarations without an initialiser (near miss: the hash comes later)", () => {
    expect(
      at(
        rule,
        'import { createHash } from "node:crypto";\nlet digest;\ndigest = createHash("sha256").update(password).digest("hex");\n',
      ),
    ).toEqual([]);
  });
  it("does not fire in tests or on an HMAC with sha1", () => {
    expect(at(rule, "const token = Math.random().toString(36);\n", "src/token.test.ts")).toEqual(
      [],
    );
    expect(
      at(
        rule,
        'import { createHmac } from "node:crypto";\nconst sig = createHmac("sha1", secret).update(payload).digest("hex");\n',
      ),
    ).toEqual([]);
  });
});
