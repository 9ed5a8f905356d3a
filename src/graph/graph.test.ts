import { describe, expect, it } from "vitest";
import { auditFiles } from "../../test/support/audit-fixture.ts";

describe("module graph", () => {
  it("resolves every import of a monorepo with tsconfig paths, baseUrl, package exports/imports and workspaces (no node_modules)", async () => {
    const report = await auditFiles(
      {
        "package.json": JSON.stringify({
          name: "root",
          private: true,
          workspaces: ["packages/*", "apps/*"],
        }),
        "tsconfig.json": JSON.stringify({
          compilerOptions: { baseUrl: ".", paths: { "@shared/*": ["packages/shared/src/*"] } },
        }),
        "packages/shared/package.json": JSON.stringify({
          name: "@acme/shared",
          exports: { ".": "./src/index.ts", "./money": "./src/money.ts" },
        }),
        "packages/shared/src/index.ts":
          'export * from "./money";\nexport { clamp } from "./math.js";\n',
        "packages/shared/src/money.ts":
          "export const cents = (n: number) => Math.round(n * 100);\n",
        "packages/shared/src/math.ts": "export const clamp = (n: number) => Math.max(0, n);\n",
        "packages/db/package.json": JSON.stringify({
          name: "@acme/db",
          main: "src/client.ts",
          imports: { "#config": "./src/config.ts" },
        }),
        "packages/db/src/client.ts":
          'import config from "#config";\nimport { cents } from "@acme/shared/money";\nexport const client = { config, cents };\n',
        "packages/db/src/config.ts": "export default { url: 'postgres://localhost' };\n",
        "apps/api/package.json": JSON.stringify({
          name: "api",
          dependencies: { "@acme/shared": "*", "@acme/db": "*" },
        }),
        "apps/api/src/server.ts": `import { cents, clamp } from "@acme/shared";
import { client } from "@acme/db";
import type { Money } from "@shared/types";
import { log } from "src/log";
const lazy = () => import("./routes/users");
const legacy = require("./legacy.cjs");
export const app = { cents, clamp, client, lazy, legacy, log } as unknown as Money;
`,
        "apps/api/src/routes/users.ts": "export const users = [];\n",
        "apps/api/src/legacy.cjs": "module.exports = 1;\n",
        "packages/shared/src/types.ts": "export type Money = number;\n",
        "src/log.ts": "export const log = console.log;\n",
      },
      ["architecture/import-cycle"],
    );
    const graph = report.graph!;
    expect(graph.unresolved).toEqual({
      "missing-file": 0,
      "missing-package": 0,
      "outside-root": 0,
      "not-analysed": 0,
      "non-literal": 0,
    });
    expect(graph.edges).toBe(10);
    expect(graph.typeOnlyEdges).toBe(1);
    const server = graph.modules.find((m) => m.path === "apps/api/src/server.ts")!;
    expect(server).toEqual({ path: "apps/api/src/server.ts", fanIn: 0, fanOut: 6, instability: 1 });
    expect(graph.modules.find((m) => m.path === "packages/shared/src/money.ts")).toEqual({
      path: "packages/shared/src/money.ts",
      fanIn: 2,
      fanOut: 0,
      instability: 0,
    });
    expect(graph.folders.find((f) => f.path === "packages/shared/src")).toEqual({
      path: "packages/shared/src",
      modules: 4,
      fanIn: 2,
      fanOut: 0,
      instability: 0,
    });
  });

  it("counts unresolvable imports by reason, with examples", async () => {
    const report = await auditFiles(
      {
        "src/a.ts":
          'import "./missing";\nimport "left-pad";\nimport "node:fs";\nimport "../../outside";\nconst m = "x";\nimport(m);\nrequire(m + ".js");\nimport data from "./data.json";\nexport { data };\n',
        "src/data.json": "{}",
      },
      ["architecture/import-cycle"],
    );
    expect(report.graph!.unresolved).toEqual({
      "missing-file": 2,
      "missing-package": 1,
      "outside-root": 0,
      "not-analysed": 0,
      "non-literal": 2,
    });
    expect(report.graph!.unresolvedExamples["missing-file"]).toEqual([
      "src/a.ts -> ./missing",
      "src/a.ts -> ../../outside",
    ]);
    expect(report.graph!.edges).toBe(0);
  });

  it("finds each strongly connected component once with a shortest cycle, and feeds fan-in to Impact", async () => {
    const report = await auditFiles(
      {
        "a.ts": 'import "./b";\nimport "./c";\n',
        "b.ts": 'import "./c";\n',
        "c.ts": 'import "./a";\nexport const c = 1;\n',
        "d.ts": 'import "./e";\n',
        "e.ts": 'import "./d";\n',
      },
      ["architecture/import-cycle"],
    );
    expect(report.graph!.cycles).toEqual([
      { files: ["a.ts", "b.ts", "c.ts"], cycle: ["a.ts", "c.ts", "a.ts"] },
      { files: ["d.ts", "e.ts"], cycle: ["d.ts", "e.ts", "d.ts"] },
    ]);
  });
});
