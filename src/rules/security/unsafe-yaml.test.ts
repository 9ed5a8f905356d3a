import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { unsafeYaml as rule } from "./unsafe-yaml.ts";

const load =
  'const yaml = require("js-yaml");\napp.post("/import", (req, res) => res.json(yaml.load(req.body.doc)));\nconst config = yaml.load(fs.readFileSync("config.yml", "utf8"));\n';
const at = (files: Record<string, string>) =>
  runRule(rule, files).map((f) => `${f.path}:${f.startLine} ${f.severity}`);

describe("security/unsafe-yaml", () => {
  it("fires on load with js-yaml 3 declared in package.json, critical where the document is request input", () => {
    expect(
      at({ "package.json": '{"dependencies":{"js-yaml":"^3.13.1"}}', "src/app.js": load }),
    ).toEqual(["src/app.js:2 critical", "src/app.js:3 high"]);
  });
  it("reads the version from the lockfile when the manifest does not declare it", () => {
    expect(
      at({
        "package.json": '{"dependencies":{}}',
        "package-lock.json": '{"packages":{"node_modules/js-yaml":{\n"version": "3.14.1"}}}',
        "src/app.js": load,
      }),
    ).toEqual(["src/app.js:2 critical", "src/app.js:3 high"]);
  });
  it("near miss: js-yaml 4's load is safe, and an unknown version is not judged", () => {
    expect(
      at({ "package.json": '{"dependencies":{"js-yaml":"^4.1.0"}}', "src/app.js": load }),
    ).toEqual([]);
    expect(at({ "src/app.js": load })).toEqual([]);
    expect(
      at({
        "yarn.lock": 'js-yaml@^3.13.1:\n  version "3.14.1"\n\njs-yaml@^4.1.0:\n  version "4.1.0"\n',
        "src/app.js": load,
      }),
    ).toEqual([]);
  });
  it("fires on unsafeLoad and DEFAULT_FULL_SCHEMA whatever the version; safeLoad passes", () => {
    expect(
      at({
        "package.json": '{"dependencies":{"js-yaml":"^4.1.0"}}',
        "src/app.ts":
          'import yaml from "js-yaml";\nyaml.unsafeLoad(text);\nyaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });\nyaml.safeLoad(text);\n',
      }),
    ).toEqual(["src/app.ts:2 high", "src/app.ts:3 high"]);
  });
  it("uses the nearest package's version in a monorepo", () => {
    expect(
      at({
        "package.json": '{"dependencies":{"js-yaml":"^4.1.0"}}',
        "tools/legacy/package.json": '{"dependencies":{"js-yaml":"3.x"}}',
        "tools/legacy/index.js": load,
        "src/app.js": load,
      }),
    ).toEqual(["tools/legacy/index.js:2 critical", "tools/legacy/index.js:3 high"]);
  });
});
