import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  scannedAnyOffsets as scanned,
  typeScriptAnyOffsets as truth,
} from "../../../test/support/explicit-any-reference.ts";

const TRICKY = `
// any in a comment, /* any */ and "any" in strings do not count
const x: any = {};
const y = cond ? (a as any) : b;
type F<T> = T extends any ? (x: T) => any : never;
interface Names { any: string; anyThing?: number; any(): void; readonly any?: any }
const o = { any: 1 }; o.any; function any() {} let anyway = any;
const t = \`template any \${x as any} text\`;
type M = "handle any error" | 'any';
const r = /any/.test(s) && s.replace(/"any/g, "");
let arr: Array<any>, rec: Record<string, any>, list: any[], k: keyof any, p: (any)[] = [];
function g<T = any, U extends any = any>(a: any, ...rest: any[]): asserts a is any {}
const el = <Box<any> value={x as any}>any text</Box>;
class C { any = 1; field: any; method(any: any): any { return any; } }
`;

describe("explicit any from the text", () => {
  it("finds exactly the TypeScript AST's any keywords in a file of look-alikes", () => {
    const expected = truth("t.tsx", TRICKY);
    expect(expected.length).toBeGreaterThan(15);
    expect(scanned("t.tsx", TRICKY)).toEqual(expected);
  });

  it("agrees with the TypeScript AST on every TypeScript file of debtlens", () => {
    const root = join(import.meta.dirname, "..", "..", "..");
    const files = readdirSync(join(root, "src"), { recursive: true, encoding: "utf8" })
      .filter((p) => /\.tsx?$/.test(p) && !p.endsWith(".d.ts"))
      .map((p) => join(root, "src", p));
    const disagreements = files.filter((file) => {
      const text = readFileSync(file, "utf8");
      return scanned(file, text).join() !== truth(file, text).join();
    });
    expect(files.length).toBeGreaterThan(200);
    expect(disagreements).toEqual([]);
  });
});
