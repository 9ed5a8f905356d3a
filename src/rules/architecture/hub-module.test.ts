import { describe, expect, it } from "vitest";
import { hits } from "../../../test/support/audit-fixture.ts";

const id = "architecture/hub-module";

function star(inCount: number, outCount: number, hub = "src/hub.ts"): Record<string, string> {
  const files: Record<string, string> = {};
  const imports: string[] = [];
  for (let i = 0; i < outCount; i++) {
    files[`src/dep${i}.ts`] = `export const d${i} = ${i};\n`;
    imports.push(`import { d${i} } from "./dep${i}";`);
  }
  files[hub] = `${imports.join("\n")}\nexport const hub = 1;\n`;
  for (let i = 0; i < inCount; i++)
    files[`src/user${i}.ts`] =
      `import { hub } from "./${hub.split("/").pop()!.replace(".ts", "")}";\nexport const u${i} = hub;\n`;
  return files;
}

describe(id, () => {
  it("fires on a module at both thresholds", async () => {
    const found = await hits(id, star(3, 2), {
      rules: { [id]: { options: { fanIn: 3, fanOut: 2 } } },
    });
    expect(found).toEqual([
      {
        rule: id,
        path: "src/hub.ts",
        line: 1,
        endLine: 1,
        message: expect.stringContaining("imported by 3 modules and imports 2"),
      },
    ]);
  });
  it("fires with the default thresholds", async () => {
    expect((await hits(id, star(20, 15))).map((h) => h.path)).toEqual(["src/hub.ts"]);
  });
  it("fires on a hub whose name is not index", async () => {
    expect(
      (
        await hits(id, star(4, 4, "src/core.ts"), {
          rules: { [id]: { options: { fanIn: 4, fanOut: 4 } } },
        })
      ).map((h) => h.path),
    ).toEqual(["src/core.ts"]);
  });
  it("does not fire on high fan-in alone, high fan-out alone, or just below a threshold", async () => {
    const options = { rules: { [id]: { options: { fanIn: 3, fanOut: 3 } } } };
    expect(await hits(id, star(10, 0), options)).toEqual([]);
    expect(await hits(id, star(0, 10), options)).toEqual([]);
    expect(await hits(id, star(3, 2), options)).toEqual([]);
  });
});
