import { describe, expect, it } from "vitest";
import { factsOf, runRule } from "../../../test/support/rule-tester.ts";
import { complexFunction, type FunctionMetrics } from "./complex-function.ts";

const metrics = (source: string) => factsOf<FunctionMetrics[]>(complexFunction, source);
const only = (source: string) => {
  const all = metrics(source);
  expect(all).toHaveLength(1);
  return all[0]!;
};

describe("cyclomatic complexity, counted as ESLint's complexity rule counts it", () => {
  it.each([
    ["a straight function", "function f() { return 1; }", 1],
    ["if/else if/else", "function f(a) { if (a) {} else if (!a) {} else {} }", 3],
    ["each && || ?? operand", "function f(a, b, c) { return (a && b || c) ?? 1; }", 4],
    ["logical assignment", "function f(a) { a ||= 1; a &&= 2; a ??= 3; a += 4; }", 4],
    ["default values and destructuring defaults", "function f(a = 1, { b = 2 } = {}) {}", 4],
    ["optional chaining links", "function f(a) { return a?.b?.(1).c; }", 3],
    [
      "loops and catch",
      "function f(a) { for (;;) {} for (const x of a) {} for (const k in a) {} while (a) {} do {} while (a); try {} catch {} }",
      7,
    ],
    [
      "switch cases but not default",
      "function f(a) { switch (a) { case 1: case 2: break; default: } }",
      3,
    ],
    ["a ternary", "const f = (a) => a ? 1 : 2;", 2],
  ])("%s", (_, source, expected) => {
    expect(only(source).cyclomatic).toBe(expected);
  });

  it("gives nested functions their own count", () => {
    const all = metrics(
      "function outer(a) { if (a) {} const inner = () => { if (a) {} if (a) {} }; }",
    );
    expect(all.map((m) => [m.name, m.cyclomatic])).toEqual([
      ["inner", 3],
      ["outer", 2],
    ]);
  });

  it("counts a class field initialiser apart from the class's methods", () => {
    const source = `class A {\n  x = a || b || c || d || e || f || g || h || i || j || k;\n  m() { return 1; }\n}`;
    const findings = runRule(complexFunction, source);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ startLine: 2, evidence: { cyclomatic: 11 } });
    expect(findings[0]!.message).toContain("Class field initializer");
    expect(metrics(source).map((m) => [m.name, m.cyclomatic])).toEqual([["A.m", 1]]);
  });
});

describe("cognitive complexity, as the SonarSource white paper defines it", () => {
  it.each([
    ["one if", "function f(a) { if (a) { return 1; } }", 1],
    ["if / else if / else at the top", "function f(a) { if (a) {} else if (a > 1) {} else {} }", 3],
    [
      "nesting adds its level",
      "function f(a) { for (const x of a) { if (x) { while (x) {} } } }",
      6,
    ],
    ["one run of like operators counts once", "function f(a, b, c) { return a && b && c; }", 1],
    ["each change of operator counts", "function f(a, b, c, d) { return a && b || c && d; }", 3],
    [
      "a switch counts once",
      "function f(a) { switch (a) { case 1: return 1; case 2: return 2; } }",
      1,
    ],
    ["labelled jumps", "function f(a) { outer: for (;;) { for (;;) { continue outer; } } }", 4],
    ["direct recursion", "function fact(n) { return n <= 1 ? 1 : n * fact(n - 1); }", 2],
    ["catch nests", "function f() { try { if (a) {} } catch (e) { if (e) {} } }", 4],
  ])("%s", (_, source, expected) => {
    expect(only(source).cognitive).toBe(expected);
  });

  it("adds a nested function's structures to the outer function at one more level", () => {
    const outer = metrics("function f(items) { items.forEach((x) => { if (x) {} }); }").find(
      (m) => m.name === "f",
    )!;
    expect(outer.cognitive).toBe(2);
  });
});

describe("quality/complex-function findings", () => {
  const branches = (n: number) =>
    Array.from({ length: n }, (_, i) => `  if (a === ${i}) return ${i};`).join("\n");

  it("fires above 10 and names the function, at its head line", () => {
    const findings = runRule(
      complexFunction,
      `// header\nexport function pick(a: number) {\n${branches(10)}\n  return -1;\n}\n`,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: "quality/complex-function",
      symbol: "pick",
      startLine: 2,
      endLine: 14,
      evidence: { cyclomatic: 11, cognitive: 10 },
      severity: "medium",
      remediationMinutes: 40,
    });
  });

  it("does not fire at exactly 10 (the near-miss)", () => {
    expect(runRule(complexFunction, `function pick(a) {\n${branches(9)}\n}`)).toEqual([]);
  });

  it("fires on cognitive complexity alone for a deeply nested function", () => {
    // for 1 + for 2 + for 3 + if 4 + if 5 + else 1 = 16; cyclomatic stays at 6.
    const source =
      "function deep(a) { for (const x of a) { for (const y of x) { for (const z of y) { if (z) { if (z > 1) {} else {} } } } } }";
    const [finding] = runRule(complexFunction, source);
    expect(finding).toMatchObject({ symbol: "deep", evidence: { cyclomatic: 6, cognitive: 16 } });
    // Without the else it is exactly 15: the threshold, so no finding.
    expect(runRule(complexFunction, source.replace(" else {}", ""))).toEqual([]);
  });

  it("does not fire on the cognitive score of a nested function twice", () => {
    const inner =
      "(x) => { for (const a of x) { for (const b of a) { for (const c of b) { if (c) { if (c > 1) {} } } } } }";
    const findings = runRule(complexFunction, `function wrap(list) { return list.map(${inner}); }`);
    expect(findings.map((f) => f.symbol)).toEqual(["wrap"]);
  });

  it("names methods, arrow constants and callbacks", () => {
    const names = metrics(
      `class Store { get size() { return 1; } save() {} }\nconst load = () => 1;\nitems.map(function () {});\nexport default function () {}`,
    ).map((m) => m.name);
    expect(names).toEqual([
      "Store.get size",
      "Store.save",
      "load",
      "items.map callback",
      "default",
    ]);
  });

  it("keeps its fingerprint when lines are added above the function", () => {
    const source = `function pick(a) {\n${branches(11)}\n}`;
    const before = runRule(complexFunction, source)[0]!;
    const after = runRule(complexFunction, `import x from "y";\n\n// moved down\n${source}`)[0]!;
    expect(after.startLine).toBe(before.startLine! + 3);
    expect(after.fingerprint).toBe(before.fingerprint);
  });
});

describe("quality/complex-function messages", () => {
  it("say which measure is over the threshold", () => {
    const inner =
      "(x) => { for (const a of x) { for (const b of a) { for (const c of b) { if (c) { if (c > 1) {} else {} } } } } }";
    const [nested] = runRule(complexFunction, `function wrap(list) { return list.map(${inner}); }`);
    expect(nested!.message).toMatch(
      /^wrap has cognitive complexity 2\d \(max 15\) counting the functions nested in it/,
    );
  });
});
