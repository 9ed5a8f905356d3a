import { describe, expect, it } from "vitest";
import { parser, parseSource } from "../parse/index.ts";
import type { AstNode, NodeHandlers } from "./rule.ts";
import { buildDispatch, traverse } from "./traverse.ts";

// Every kind of node a rule may ask for: declarations, classes with decorators and static
// blocks, TypeScript types, JSX, templates, patterns, optional chains, labels.
const SOURCE = `
import a, { b as c } from "m";
export * from "n";
@decorate() export class K<T> extends Base implements I { #x = 1; static { go(); } get y(): T { return this.#x as T; } }
interface I { y?: string; [k: string]: unknown }
type U = { a: number } | Array<string> | ((x: number) => void);
enum E { A = 1, B }
namespace N { export const z = 1; }
label: for (const [p, { q = 2, ...r }] of list) { if (p) continue label; else break; }
const f = async function* (x = 1, ...rest: number[]) { yield* await g?.(x)?.[0]; };
const t = tag\`a\${b}c\${\`d\${e}\`}\`;
switch (v) { case 1: try { throw new Error(); } catch { } finally { } default: }
const el = <div a="1" {...p}><span>{x ? y : z}</span></div>;
do { i++; } while ((i < 10 && j) || (k ?? l));
`;

function referenceWalk(root: AstNode): string[] {
  const keys = parser().visitorKeys as Record<string, readonly string[]>;
  const log: string[] = [];
  const visit = (node: AstNode, parent: AstNode | null) => {
    log.push(`enter ${node.type} in ${parent?.type ?? "-"}`);
    for (const key of keys[node.type] ?? []) {
      const child = node[key] as AstNode | Array<AstNode | null> | null | undefined;
      if (Array.isArray(child)) {
        for (const item of child) if (item) visit(item, node);
      } else if (child && typeof child.type === "string") visit(child, node);
    }
    log.push(`exit ${node.type}`);
  };
  visit(root, null);
  return log;
}

describe("traverse", () => {
  it("visits every node in the order and with the parent of a plain visitor-keys walk", () => {
    const parsed = parseSource("k.tsx", SOURCE, "tsx");
    expect(parsed.error?.message).toBeUndefined();
    const expected = referenceWalk(parsed.program as unknown as AstNode);
    const types = new Set(expected.map((line) => line.split(" ")[1]!));
    const log: string[] = [];
    const handlers: NodeHandlers = {};
    for (const type of types) {
      handlers[type] = (node, parent) =>
        void log.push(`enter ${node.type} in ${parent?.type ?? "-"}`);
      handlers[`${type}:exit`] = (node) => void log.push(`exit ${node.type}`);
    }
    traverse(parsed.program as unknown as AstNode, buildDispatch([handlers]));
    expect(types.size).toBeGreaterThan(70);
    expect(log).toEqual(expected);
  });

  it("runs the handlers of several rules for one node in their order, and names the one running", () => {
    const parsed = parseSource("a.ts", "f(1);", "ts");
    const seen: string[] = [];
    const dispatch = buildDispatch([
      { CallExpression: () => void seen.push("first") },
      { Literal: () => void seen.push("literal") },
      {
        CallExpression: () => {
          seen.push("third");
          throw new Error("boom");
        },
      },
    ]);
    expect(() => traverse(parsed.program as unknown as AstNode, dispatch)).toThrow("boom");
    expect(seen).toEqual(["first", "third"]);
    expect(dispatch.current).toBe(2);
  });
});
