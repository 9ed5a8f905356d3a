import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { jwtMisuse as rule } from "./jwt-misuse.ts";
import { at } from "../../../test/support/rule-tester.ts";

const imp = 'import jwt from "jsonwebtoken";\n';

describe("security/jwt-misuse", () => {
  it("fires on verify without algorithms, at the call", () => {
    const [f, ...rest] = runRule(rule, {
      "src/auth.ts": `${imp}export const check = (t: string) =>\n  jwt.verify(t, process.env.JWT_SECRET!);\n`,
    });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ path: "src/auth.ts", startLine: 3, endLine: 3 });
    expect(f!.message).toMatch(/^jwt.verify without an `algorithms` list/);
    // hardening with today's jsonwebtoken, not an open door: below the rule's high
    expect(f!.severity).toBe("medium");
  });
  it("makes every unpinned verify of the repository one problem (one fingerprint)", () => {
    const found = runRule(rule, {
      "src/a.ts": `${imp}export const a = (t: string) => jwt.verify(t, process.env.A!);\n`,
      "src/b.ts": `${imp}export const b = (t: string) => jwt.verify(t, process.env.B!, {});\n`,
    });
    expect(found).toHaveLength(2);
    expect(found[0]!.fingerprint).toBe(found[1]!.fingerprint);
  });
  it("fires on a literal signing secret, a literal fallback, and a constant holding a literal", () => {
    const source = `${imp}const SECRET = "s3cr3t-value";\njwt.sign({ sub }, "hunter2");\njwt.sign({ sub }, process.env.JWT_SECRET || "dev-secret");\njwt.sign({ sub }, SECRET, { expiresIn: "1h" });\n`;
    expect(at(rule, source)).toEqual(["src/app.ts:3-3", "src/app.ts:4-4", "src/app.ts:5-5"]);
  });
  it("fires on decode used in a request handler of a file that never verifies (CommonJS too)", () => {
    const source =
      'const jwt = require("jsonwebtoken");\nfunction auth(req, res, next) {\n  req.user = jwt.decode(req.headers.authorization);\n  next();\n}\n';
    expect(at(rule, source, "src/middleware.js")).toEqual(["src/middleware.js:3-3"]);
  });
  it("does not fire on verify with pinned algorithms, or options from a variable", () => {
    expect(
      at(
        rule,
        `${imp}jwt.verify(t, key, { algorithms: ["RS256"] });\njwt.verify(t, key, verifyOptions);\n`,
      ),
    ).toEqual([]);
  });
  it("does not fire on secrets from the environment or a public key literal", () => {
    expect(
      at(
        rule,
        `${imp}jwt.sign(p, process.env.JWT_SECRET!, { algorithm: "HS256" });\nconst PUB = "-----BEGIN PUBLIC KEY-----\\nMIIB";\njwt.verify(t, PUB, { algorithms: ["RS256"] });\n`,
      ),
    ).toEqual([]);
  });
  it("does not fire on an OpenID Connect ID token read from the token endpoint's answer", () => {
    const source = `${imp}export async function callback(req, params) {\n  const claims = jwt.decode(params.id_token);\n  return claims;\n}\n`;
    expect(at(rule, source)).toEqual([]);
    // near miss: the bearer token a client sent is still decode-as-auth
    const bearer = `${imp}export async function me(req) {\n  return jwt.decode(req.headers.authorization);\n}\n`;
    expect(at(rule, bearer)).toEqual(["src/app.ts:3-3"]);
  });
  it("does not fire on decode next to a verify, outside request code, or on a look-alike library", () => {
    expect(
      at(
        rule,
        `${imp}function auth(req) {\n  const claims = jwt.verify(req.token, key, { algorithms: ["HS256"] });\n  const header = jwt.decode(req.token, { complete: true });\n}\n`,
      ),
    ).toEqual([]);
    expect(
      at(
        rule,
        `${imp}export function expiresAt(token: string) {\n  return (jwt.decode(token) as { exp: number }).exp;\n}\n`,
      ),
    ).toEqual([]);
    expect(at(rule, 'import jwt from "./my-jsonwebtoken-wrapper";\njwt.verify(t, "x");\n')).toEqual(
      [],
    );
  });
});
