import { ruleTester } from "../../../test/support/rule-tester.ts";
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
      name: "sha1 of a token via a hash object, and the md5 package under a secret-like name",
      code: 'import crypto from "crypto";\nimport md5 from "md5";\nconst h = crypto.createHash("sha1");\nh.update(resetToken);\nconst apiKeyHash = md5(raw);\n',
      errors: [
        { messageId: "hash", line: 4, endLine: 4 },
        { messageId: "hash", line: 5, endLine: 5 },
      ],
    },
    {
      name: "Math.random for tokens, session ids and user ids",
      code: "const sessionId = Math.random().toString(36).slice(2);\nfunction generateToken() {\n  return Math.random().toString(36);\n}\nconst user = { userId: Math.floor(Math.random() * 1e9) };\n",
      errors: [
        { messageId: "random", line: 1, endLine: 1 },
        { messageId: "random", line: 3, endLine: 3 },
        { messageId: "random", line: 5, endLine: 5 },
      ],
    },
  ],
});
