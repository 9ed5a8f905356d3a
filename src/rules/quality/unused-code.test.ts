import { describe, expect, it } from "vitest";
import { hits } from "../../../test/support/audit-fixture.ts";

const id = "quality/unused-code";

/** Entry points from package.json, a dynamic import, a star and a named re-export, a require, a test. */
const app = {
  "package.json": `{ "name": "app", "main": "dist/index.js", "bin": { "app": "./bin/cli.js" } }`,
  "src/index.ts":
    'import { route } from "./router";\nexport { helper } from "./lib/helpers";\nexport const start = () => route();\n',
  "src/router.ts":
    'export const route = () => import("./pages/home");\nexport const unusedRoute = 1;\n',
  "src/pages/home.ts": "export default function home() {}\nexport const meta = {};\n",
  "src/lib/helpers.ts": "export const helper = 1;\nexport const notReExported = 2;\n",
  "src/lib/index.ts": 'export * from "./strings";\n',
  "src/lib/strings.ts":
    "export const upper = 1;\nexport const lower = 2;\nexport interface Shape { a: 1 }\n",
  "src/feature.ts": 'import { upper } from "./lib";\nexport const feature = upper;\n',
  "src/feature.test.ts": 'import { feature } from "./feature";\ntest("f", () => feature);\n',
  "bin/cli.js": 'const { start } = require("../src/index.ts");\nstart();\n',
  "src/orphan.ts": 'import { lower } from "./lib/strings";\nexport const orphan = lower;\n',
  "src/old/legacy.js": "module.exports = 1;\n",
};

describe(id, () => {
  it("reports every unreachable file and every unused export, and nothing reachable", async () => {
    const found = await hits(id, app);
    expect(found.map((h) => `${h.path}:${h.line} ${h.message.split(" ")[0]}`)).toEqual([
      "src/lib/helpers.ts:2 `notReExported`",
      "src/lib/strings.ts:2 `lower`",
      "src/old/legacy.js:1 Nothing",
      "src/orphan.ts:1 Nothing",
      "src/router.ts:2 `unusedRoute`",
    ]);
    expect(found[3]!.message).toBe(
      "Nothing reaches src/orphan.ts from the entry points (package.json main/bin/exports, framework conventions, tests, `architecture.entries`). Delete it, or declare it in `architecture.entries` if a tool loads it.",
    );
  });
  it("treats configured entries and Next.js pages as reachable", async () => {
    const found = await hits(
      id,
      {
        ...app,
        "pages/about.tsx":
          'import { lower } from "../src/lib/strings";\nexport default () => lower;\n',
      },
      { architecture: { entries: ["src/old/**", "src/orphan.ts"] } },
    );
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual([
      "src/lib/helpers.ts:2",
      "src/router.ts:2",
    ]);
  });
  it("does not fire when no entry point is known, or with exports checking off", async () => {
    expect(
      await hits(id, { "lib/a.ts": "export const a = 1;\n", "lib/b.ts": "export const b = 2;\n" }),
    ).toEqual([]);
    // Tests alone do not say where the program starts: a library folder audited without its manifest.
    expect(
      await hits(id, {
        "lib/a.ts": "export const a = 1;\nexport const b = 1;\n",
        "lib/c.ts": "export const c = 1;\n",
        "lib/a.test.ts": 'import { a } from "./a";\n',
      }),
    ).toEqual([]);
    const found = await hits(id, app, { rules: { [id]: { options: { exports: false } } } });
    expect(found.map((h) => h.path)).toEqual(["src/old/legacy.js", "src/orphan.ts"]);
  });
});
