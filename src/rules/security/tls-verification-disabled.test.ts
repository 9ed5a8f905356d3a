import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { at } from "../../../test/support/rule-tester.ts";
import { tlsVerificationDisabled as rule } from "./tls-verification-disabled.ts";

describe("security/tls-verification-disabled", () => {
  it("fires on rejectUnauthorized: false in an https agent, with its message", () => {
    const [f, ...rest] = runRule(rule, {
      "src/client.ts":
        'import https from "node:https";\nimport axios from "axios";\nexport const api = axios.create({\n  httpsAgent: new https.Agent({ rejectUnauthorized: false }),\n});\n',
    });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ path: "src/client.ts", startLine: 4, endLine: 4 });
    expect(f!.message).toMatch(
      /^`rejectUnauthorized: false` turns off TLS certificate verification/,
    );
  });
  it('fires on NODE_TLS_REJECT_UNAUTHORIZED = "0" in code and on strictSSL: false', () => {
    expect(
      at(
        rule,
        'process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";\nrequest({ url, strictSSL: false });\n',
      ),
    ).toEqual(["src/app.ts:1-1", "src/app.ts:2-2"]);
    expect(at(rule, 'process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = 0;\n')).toEqual([
      "src/app.ts:1-1",
    ]);
  });
  it("fires on a checkServerIdentity that accepts everything", () => {
    expect(
      at(rule, "tls.connect({\n  host,\n  checkServerIdentity: () => undefined,\n});\n"),
    ).toEqual(["src/app.ts:3-3"]);
  });
  it("fires on the variable set in a Dockerfile, a package script and a YAML env block", () => {
    expect(at(rule, "FROM node:22\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n", "Dockerfile")).toEqual([
      "Dockerfile:2-2",
    ]);
    expect(
      at(
        rule,
        '{\n  "scripts": {\n    "start": "NODE_TLS_REJECT_UNAUTHORIZED=0 node s.js"\n  }\n}\n',
        "package.json",
      ),
    ).toEqual(["package.json:3-3"]);
    expect(at(rule, 'env:\n  NODE_TLS_REJECT_UNAUTHORIZED: "0"\n', "k8s/deploy.yaml")).toEqual([
      "k8s/deploy.yaml:2-2",
    ]);
  });
  it("does not fire on rejectUnauthorized: true, a computed value, or the variable set to 1", () => {
    expect(
      at(
        rule,
        'new https.Agent({ rejectUnauthorized: true });\nnew https.Agent({ rejectUnauthorized: process.env.NODE_ENV === "production" });\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = "1";\n',
      ),
    ).toEqual([]);
  });
  it("does not fire in tests, in a commented env line, or on a real checkServerIdentity", () => {
    expect(
      at(rule, "new https.Agent({ rejectUnauthorized: false });\n", "test/tls.test.ts"),
    ).toEqual([]);
    expect(
      at(
        rule,
        "# NODE_TLS_REJECT_UNAUTHORIZED=0\nNODE_EXTRA_CA_CERTS=/ca.pem\n",
        ".env.production",
      ),
    ).toEqual([]);
    expect(
      at(
        rule,
        "tls.connect({ checkServerIdentity: (host, cert) => tls.checkServerIdentity(host, cert) });\n",
      ),
    ).toEqual([]);
  });
});
