import { describe, expect, it } from "vitest";
import { ruleTester, runRule } from "../../../test/support/rule-tester.ts";
import { ssrf as rule } from "./ssrf.ts";

ruleTester.run(rule, {
  valid: [
    {
      name: "input picks only the path or a parameter of a fixed host",
      code: 'import axios from "axios";\napp.get("/u/:id", async (req, res) => {\n  await fetch(`https://api.github.com/users/${req.params.id}`);\n  await axios.get("https://api.example.com/search?q=" + encodeURIComponent(req.query.q));\n  const url = `${API_BASE}/items/${req.params.id}`;\n  await axios.get(url);\n});\n',
    },
    {
      name: "a URL from configuration, and a relative path",
      code: 'import got from "got";\napp.get("/h", async (req, res) => {\n  await got(process.env.HEALTH_URL);\n  await fetch(`/api/${req.query.page}`);\n});\n',
    },
    {
      name: "an API client helper that fetches its parameter, with no route seen passing it input",
      code: 'import axios from "axios";\nexport const getJson = (url: string) => axios.get(url);\n',
    },
    {
      name: "a test file",
      code: 'app.get("/p", (req) => fetch(req.query.url));\n',
      path: "src/proxy.test.ts",
    },
  ],
  invalid: [
    {
      name: "needle.get of a URL concatenated from the query (NodeGoat's research page)",
      code: 'const needle = require("needle");\nthis.displayResearch = (req, res) => {\n  const url = req.query.url + req.query.symbol;\n  return needle.get(url, (error, r, body) => res.send(body));\n};\n',
      errors: [{ messageId: "ssrf", line: 4 }],
    },
    {
      name: "fetch, axios options, http.request and got with input as the server",
      code: 'import axios from "axios";\nimport http from "node:http";\nimport got from "got";\napp.post("/hook", async (req, res) => {\n  await fetch(req.body.callbackUrl);\n  await axios({ method: "post", url: req.body.target });\n  http.request(req.query.host);\n  await got.post(`${req.body.base}/notify`);\n});\n',
      errors: [
        { messageId: "ssrf", line: 5 },
        { messageId: "ssrf", line: 6 },
        { messageId: "ssrf", line: 7 },
        { messageId: "ssrf", line: 8 },
      ],
    },
  ],
});

describe("security/ssrf across files", () => {
  const helper =
    'import axios from "axios";\nexport async function preview(link: string) {\n  return (await axios.get(link)).data;\n}\n';
  it("fires on a helper's request when a route in an importing file passes it request input", () => {
    const found = runRule(rule, {
      "src/lib/preview.ts": helper,
      "src/routes/links.ts":
        'import { preview } from "../lib/preview";\nrouter.post("/preview", async (req, res) => res.json(await preview(req.body.link)));\n',
    });
    expect(found.map((f) => `${f.path}:${f.startLine}`)).toEqual(["src/lib/preview.ts:3"]);
    expect(found[0]!.message).toContain("src/routes/links.ts:2 passes request input to `preview`");
  });
  it("near miss: the route passes a URL it built on a fixed host", () => {
    expect(
      runRule(rule, {
        "src/lib/preview.ts": helper,
        "src/routes/links.ts":
          'import { preview } from "../lib/preview";\nrouter.get("/p/:id", async (req, res) => res.json(await preview(`https://cdn.example.com/${req.params.id}`)));\n',
      }),
    ).toEqual([]);
  });
});
