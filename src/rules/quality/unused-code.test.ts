import { describe, expect, it } from "vitest";
import { hits } from "../../../test/support/audit-fixture.ts";

const id = "quality/unused-code";

/** Entry points from package.json, a dynamic import, a star and a named re-export, a require, a test. */
const app = {
  "package.json": `{ "name": "app", "main": "dist/index.js", "bin": { "app": "./bin/cli.js" }, "dependencies": { "next": "15" } }`,
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
  it("treats every test-scope file as an entry and reports only production code", async () => {
    const found = await hits(id, {
      ...app,
      // checks/ is a test folder because Playwright's configuration says so (docs/scopes.md).
      "playwright.config.ts": "export default { testDir: './checks' };\n",
      "checks/orphan-flow.ts": 'import { orphan } from "../src/orphan";\norphan;\n',
      // Test helpers, docs snippets and vendored code nobody imports are not the product's dead code.
      "cypress/support/commands.ts": "export const login = 1;\n",
      "docs/snippet.ts": "export const snippet = 1;\n",
      "vendor/lib.js": "module.exports = 1;\n",
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual([
      "src/lib/helpers.ts:2",
      "src/old/legacy.js:1",
      "src/router.ts:2",
    ]);
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

  it("knows a monorepo's entries: workspace manifests, file routes, configs, HTML, stories, components, globs", async () => {
    const found = await hits(id, monorepo);
    // `title` is re-exported by the barrel, but nothing imports it from there.
    expect(found.map((h) => `${h.path}:${h.line} ${h.message.split(" ")[0]}`)).toEqual([
      "apps/site/src/components/Card.tsx:1 `title`",
      "apps/site/src/components/index.ts:2 `title`",
      "apps/site/src/components/index.ts:3 `Unused`",
      "apps/site/src/components/Unused.tsx:1 `default`",
      "apps/site/src/dead.ts:1 Nothing",
      "apps/site/src/plugins-off/extra.ts:1 Nothing",
      "apps/web/app/routes/orphan.tsx:1 Nothing",
      "packages/ui/src/constants.ts:2 `UNUSED_LIMIT`",
      "packages/ui/src/schema.ts:1 `SizeSchema`",
      "server/config.ts:2 `unusedPort`",
    ]);
  });
  it("judges file routes only where the package uses the framework", async () => {
    const found = await hits(id, {
      ...monorepo,
      "apps/remix/package.json": `{ "name": "remix", "dependencies": { "@remix-run/react": "2" } }`,
      "apps/remix/app/routes/users+/$id.tsx":
        "export const loader = () => 1;\nexport default () => null;\n",
    });
    expect(found.map((h) => h.path)).not.toContain("apps/remix/app/routes/users+/$id.tsx");
    expect(found.map((h) => h.path)).toContain("apps/web/app/routes/orphan.tsx");
  });
});

/**
 * A monorepo: a workspace package whose exports name built output, a Next.js app (app router,
 * middleware), a Vite app started from index.html with a Vue component, a glob and a setup file
 * named in its config, a Remix-style folder in a package without Remix.
 */
const monorepo = {
  "package.json": `{ "name": "mono", "private": true, "workspaces": ["apps/*", "packages/*"], "scripts": { "start": "node ./build/server/index.js" } }`,
  // Started from its built output: the source it is built from is the entry.
  "server/index.ts": 'import { port } from "./config";\nexport const start = () => port;\n',
  "server/config.ts": "export const port = 3000;\nexport const unusedPort = 3001;\n",
  "packages/ui/package.json": `{ "name": "@mono/ui", "exports": { ".": "./dist/index.js" } }`,
  "packages/ui/src/index.ts": 'export { Button } from "./Button";\n',
  "packages/ui/src/Button.tsx":
    'import { LIMIT } from "./constants";\nimport type * as S from "./schema";\nexport const Button = (s?: S.Size) => LIMIT;\n',
  // Read through a type-only namespace import: its value export is unused.
  "packages/ui/src/schema.ts": "export const SizeSchema = [1, 2];\nexport type Size = 1 | 2;\n",
  "packages/ui/src/constants.ts": "export const LIMIT = 3;\nexport const UNUSED_LIMIT = 4;\n",
  "packages/ui/src/Button.stories.tsx":
    'import { Button } from "./Button";\nexport default { component: Button };\nexport const Primary = {};\n',
  "apps/web/package.json": `{ "name": "web", "dependencies": { "next": "15", "@mono/ui": "*" } }`,
  "apps/web/app/dashboard/page.tsx":
    'import { Button } from "@mono/ui";\nexport const metadata = {};\nexport default () => Button();\n',
  "apps/web/middleware.ts": "export const config = {};\nexport default () => null;\n",
  "apps/web/instrumentation.ts": "export function register() {}\n",
  // Not a Remix app: app/routes/ is an ordinary folder here.
  "apps/web/app/routes/orphan.tsx": "export default () => null;\n",
  "apps/site/package.json": `{ "name": "site", "dependencies": { "vue": "3", "vite": "6" } }`,
  "apps/site/index.html":
    '<html><body><script type="module" src="/src/main.ts"></script></body></html>\n',
  "apps/site/vite.config.ts": 'export default { test: { setupFiles: ["./test/setup-env.ts"] } };\n',
  "apps/site/test/setup-env.ts": "export const ready = true;\n",
  "apps/site/src/main.ts":
    'import App from "./App.vue";\nimport { Card } from "./components";\nconst plugins = import.meta.glob("./plugins/*.ts", { eager: true });\nimport code from "./snippet.ts?raw";\nconst worker = new Worker(new URL("./worker.ts", import.meta.url));\nexport default [App, Card, plugins, code, worker];\n',
  "apps/site/src/snippet.ts": "export const snippet = 1;\n",
  "apps/site/src/worker.ts": "export const onmessage = () => 1;\n",
  "apps/site/src/App.vue":
    '<template><div/></template>\n<script setup lang="ts">\nimport { format } from "./format";\nformat();\n</script>\n',
  "apps/site/src/format.ts": "export const format = () => 1;\n",
  "apps/site/src/components/index.ts":
    'export { default as Card } from "./Card";\nexport { title } from "./Card";\nexport { default as Unused } from "./Unused";\n',
  "apps/site/src/components/Card.tsx": "export const title = 1;\nexport default () => null;\n",
  "apps/site/src/components/Unused.tsx": "export default () => null;\n",
  "apps/site/src/plugins/analytics.ts": "export const install = () => 1;\n",
  "apps/site/src/plugins-off/extra.ts": "export const install = () => 1;\n",
  "apps/site/src/dead.ts": 'import { format } from "./format";\nexport const dead = format;\n',
};
