import { describe, expect, it } from "vitest";
import { hits } from "../../../test/support/audit-fixture.ts";

const id = "architecture/import-cycle";

describe(id, () => {
  it("fires once per component with a shortest cycle, at the import that starts it", async () => {
    const found = await hits(id, {
      "src/a.ts": 'import { b } from "./b.ts";\nexport const a = () => b();\n',
      "src/b.ts":
        'import { c } from "./c.js";\nimport { a } from "./a";\nexport const b = () => c() + a();\n',
      "src/c.ts": "export const c = () => 1;\n",
    });
    expect(found).toEqual([
      {
        rule: id,
        path: "src/a.ts",
        line: 1,
        endLine: 1,
        message: expect.stringContaining(
          "2 modules import each other in a cycle, e.g. src/a.ts -> src/b.ts -> src/a.ts.",
        ),
      },
    ]);
  });

  it("finds a three-module cycle through require and dynamic import, and a self-import", async () => {
    const found = await hits(id, {
      "x.js": 'const y = require("./y");\nmodule.exports = () => y;\n',
      "y.js": 'export async function y() { return import("./z.mjs"); }\n',
      "z.mjs": 'import "./x.js";\n',
      "self.ts": 'import * as me from "./self";\nexport const v = me;\n',
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual(["self.ts:1", "x.js:1"]);
    expect(found[1]!.message).toContain("x.js -> y.js -> z.mjs -> x.js");
  });

  it("counts type-only imports when configured", async () => {
    const files = {
      "a.ts": 'import type { B } from "./b";\nexport interface A { b: B }\n',
      "b.ts": 'import { type A } from "./a";\nexport interface B { a: A }\n',
    };
    expect(await hits(id, files)).toEqual([]);
    expect(
      (await hits(id, files, { architecture: { includeTypeImports: true } })).map((h) => h.path),
    ).toEqual(["a.ts"]);
    expect(
      (await hits(id, files, { rules: { [id]: { options: { includeTypeImports: true } } } })).map(
        (h) => h.path,
      ),
    ).toEqual(["a.ts"]);
  });

  it("does not fire on a diamond, a re-export chain, or a mention in a string", async () => {
    expect(
      await hits(id, {
        "top.ts": 'import "./left";\nimport "./right";\n',
        "left.ts": 'import "./bottom";\n',
        "right.ts": 'import "./bottom";\n',
        "bottom.ts": 'export const text = "import \\"./top\\"";\n',
        "index.ts": 'export * from "./left";\nexport { text } from "./bottom";\n',
      }),
    ).toEqual([]);
  });
});
