import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { insecureTransport as rule } from "./insecure-transport.ts";
import { at } from "../../../test/support/rule-tester.ts";

describe("security/insecure-transport", () => {
  it("fires on a plain-HTTP API base URL, naming the host", () => {
    const [f, ...rest] = runRule(rule, {
      "src/payments.ts":
        'const a = 1;\nexport const PAYMENTS_URL = "http://api.payments-provider.com/v2";\n',
    });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ path: "src/payments.ts", startLine: 2, endLine: 2 });
    expect(f!.message).toBe(
      "http://api.payments-provider.com is reached without TLS: requests, tokens and responses travel in clear text and can be altered on the way. Use https://api.payments-provider.com.",
    );
  });
  it("fires on a template URL with a fixed host and on a fetch call", () => {
    expect(
      at(
        rule,
        "await fetch(`http://partner.io/orders/${id}`);\nawait fetch('http://203.0.113.7:8080/x');\n",
      ),
    ).toEqual(["src/app.ts:1-1", "src/app.ts:2-2"]);
  });
  it("fires across a multi-line template and in a .js config object", () => {
    expect(
      at(
        rule,
        "export default {\n  upstream:\n    `http://legacy.acme.co/api\n     /v1`,\n};\n",
        "src/config.js",
      ),
    ).toEqual(["src/config.js:3-4"]);
  });
  it("does not fire on local, private or reserved hosts", () => {
    expect(
      at(
        rule,
        'const a = "http://localhost:3000";\nconst b = "http://127.0.0.1/x";\nconst c = "http://[::1]:80";\nconst d = "http://db.svc.cluster.local";\nconst e = "http://api.example.com";\nconst f = "http://10.1.2.3";\nconst g = "http://users:8080/u";\nconst h = "http://printer.local";\n',
      ),
    ).toEqual([]);
  });
  it("does not fire on a base URL given to new URL() to parse a path, or on placeholder hosts", () => {
    expect(
      at(
        rule,
        'const u = new URL(endpoint, "http://dummy.com");\nconst v = new URL(path, "http://parse.acme.io");\nconst w = "http://your-domain.com/webhook";\n',
      ),
    ).toEqual([]);
    // near miss: the URL itself, not a base, is requested
    expect(
      at(
        rule,
        'const u = new URL("http://api.acme.io/v1");\nconst d = "http://dummy-api.acme.io";\n',
      ),
    ).toEqual(["src/app.ts:1-1", "src/app.ts:2-2"]);
  });
  it("does not fire on XML namespaces, prose with a link, or comments", () => {
    expect(
      at(
        rule,
        'const svg = "http://www.w3.org/2000/svg";\nthrow new Error("see http://docs.acme.com for help");\n// http://api.acme.com is the old endpoint\n',
      ),
    ).toEqual([]);
  });
  it("does not fire on an interpolated host, https URLs, or in tests", () => {
    expect(
      at(
        rule,
        "fetch(`http://${host}/x`);\nfetch(`http://api.${domain}/x`);\nfetch('https://api.acme.com');\n",
      ),
    ).toEqual([]);
    expect(at(rule, 'nock("http://api.github.com");\n', "src/api.test.ts")).toEqual([]);
  });
});

describe("security/insecure-transport in configuration files", () => {
  const lines = (files: Record<string, string>) =>
    runRule(rule, files).map((f) => `${f.path}:${f.startLine}`);
  it("fires on URL values in .env, YAML and JSON settings", () => {
    expect(
      lines({
        ".env.production":
          "DATABASE_URL=postgres://db\nPAYMENTS_URL=http://api.payments-provider.com/v2\n",
        "deploy/values.yaml": "image: app:1\nwebhook:\n  url: http://hooks.partner.io/in\n",
        "config/settings.json": '{\n  "upstream": "http://legacy.acme.co/api"\n}\n',
      }),
    ).toEqual([".env.production:2", "deploy/values.yaml:3", "config/settings.json:2"]);
  });
  it("does not fire on comments, local hosts, https, or files that are not configuration", () => {
    expect(
      lines({
        ".env":
          "# docs: http://docs.partner.io/setup\nAPI_URL=http://localhost:3000\nSECURE=https://api.partner.io\n",
        "config.yml": "# see http://legacy.acme.co\nurl: https://legacy.acme.co\n",
        "docs/setup.md": "Set API_URL=http://api.partner.io in production.\n",
        "test/fixtures/app.yaml": "url: http://api.partner.io\n",
      }),
    ).toEqual([]);
  });
});
