import { describe, expect, it } from "vitest";
import { weakCrypto } from "../src/rules/security/weak-crypto.ts";
import { assertErrors, messageMatches, runRule } from "./support/rule-tester.ts";

const md5OfPassword =
  'import { createHash } from "node:crypto";\nexport function store(user, password) {\n  user.hash = createHash("md5").update(password).digest("hex");\n}\n';

describe("the rule tester", () => {
  const [finding] = runRule(weakCrypto, md5OfPassword);

  it("matches a message by id alone, and by id and data", () => {
    expect(messageMatches(weakCrypto, finding!.message, { messageId: "hash" })).toBe(true);
    expect(
      messageMatches(weakCrypto, finding!.message, {
        messageId: "hash",
        data: { algorithm: "MD5", what: "a password" },
      }),
    ).toBe(true);
  });

  it("rejects another message id, other data, and an unknown id", () => {
    expect(messageMatches(weakCrypto, finding!.message, { messageId: "random" })).toBe(false);
    expect(
      messageMatches(weakCrypto, finding!.message, {
        messageId: "hash",
        data: { algorithm: "SHA-1", what: "a password" },
      }),
    ).toBe(false);
    expect(() => messageMatches(weakCrypto, finding!.message, { messageId: "nope" })).toThrow(
      /no message "nope"/,
    );
  });

  it("fails an invalid case whose line, end line, path or count is wrong", () => {
    const findings = runRule(weakCrypto, md5OfPassword);
    expect(() =>
      assertErrors(weakCrypto, findings, [{ messageId: "hash", line: 3, endLine: 3 }]),
    ).not.toThrow();
    expect(() => assertErrors(weakCrypto, findings, [{ messageId: "hash", line: 2 }])).toThrow();
    expect(() => assertErrors(weakCrypto, findings, [{ messageId: "hash", endLine: 4 }])).toThrow();
    expect(() =>
      assertErrors(weakCrypto, findings, [{ messageId: "hash", path: "src/other.ts" }]),
    ).toThrow();
    expect(() => assertErrors(weakCrypto, findings, [])).toThrow();
  });
});
