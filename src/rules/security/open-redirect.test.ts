import { describe, expect, it } from "vitest";
import { ruleTester, runRule } from "../../../test/support/rule-tester.ts";
import { openRedirect as rule } from "./open-redirect.ts";

ruleTester.run(rule, {
  valid: [
    {
      name: "fixed targets, paths with a first segment, and a test file",
      code: 'app.get("/o/:id", (req, res) => {\n  res.redirect("/login");\n  res.redirect(`/orders/${req.params.id}`);\n  res.redirect(301, "https://example.com/new");\n});\n',
    },
    {
      name: "guarded by a leading-slash check, an allow-list, or a parsed host",
      code: 'app.get("/a", (req, res) => {\n  const next = req.query.next;\n  if (!next.startsWith("/") || next.startsWith("//")) return res.redirect("/");\n  res.redirect(next);\n});\napp.get("/b", (req, res) => {\n  const to = req.query.to;\n  if (!ALLOWED.includes(to)) return res.sendStatus(400);\n  res.redirect(to);\n});\napp.get("/c", (req, res) => {\n  const u = req.query.u;\n  if (new URL(u, BASE).origin !== BASE) return res.sendStatus(400);\n  res.redirect(u);\n});\n',
    },
    {
      name: "a helper that redirects to its parameter, with no route seen passing it input",
      code: "export const back = (res, to) => res.redirect(to);\n",
    },
  ],
  invalid: [
    {
      name: "res.redirect of the query string (NodeGoat's /learn)",
      code: 'app.get("/learn", isLoggedIn, (req, res) => {\n  return res.redirect(req.query.url);\n});\n',
      errors: [{ messageId: "redirect", line: 2, data: undefined }],
    },
    {
      name: "guarded only by includes, a protocol-relative prefix, Koa, Location headers",
      code: 'app.get("/a", (req, res) => {\n  const url = req.query.url;\n  if (url.includes("example.com")) res.redirect(url);\n});\napp.get("/b", (req, res) => res.redirect("/" + req.query.path));\nrouter.get("/c", (ctx) => ctx.redirect(ctx.query.next));\napp.get("/d", (req, res) => {\n  res.writeHead(302, { Location: req.query.to });\n  res.setHeader("Location", req.body.back);\n});\n',
      errors: [
        { messageId: "redirect", line: 3 },
        { messageId: "redirect", line: 5 },
        { messageId: "redirect", line: 6 },
        { messageId: "redirect", line: 8 },
        { messageId: "redirect", line: 9 },
      ],
    },
  ],
});

describe("security/open-redirect details", () => {
  it("says that a substring check is no guard", () => {
    const [f] = runRule(
      rule,
      'app.get("/a", (req, res) => {\n  const url = req.query.url;\n  if (url.includes("example.com")) res.redirect(url);\n});\n',
    );
    expect(f!.message).toContain("the substring check before it passes");
  });
  it("fires on a redirect helper that a route in an importing file feeds", () => {
    const found = runRule(rule, {
      "src/http/back.ts": "export const back = (res, to) => res.redirect(to);\n",
      "src/routes/auth.ts":
        'import { back } from "../http/back";\nrouter.post("/login", (req, res) => back(res, req.body.returnTo));\n',
    });
    expect(found.map((f) => `${f.path}:${f.startLine}`)).toEqual(["src/http/back.ts:1"]);
  });
});
