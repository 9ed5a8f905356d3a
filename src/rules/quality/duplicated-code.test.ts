import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { duplicatedCode } from "./duplicated-code.ts";

// About 60 tokens over 8 lines: above both thresholds (50 tokens, 5 lines).
const block = (name: string) => `export function ${name}(order) {
  const total = order.items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  if (order.coupon && order.coupon.percent > 0) {
    return total - (total * order.coupon.percent) / 100;
  }
  const shipping = total > 50 ? 0 : 4.99;
  return total + shipping;
}
`;

describe("quality/duplicated-code", () => {
  it("finds a clone across two files and lists both places", () => {
    const findings = runRule(duplicatedCode, {
      "src/cart.js": `import x from "x";\n${block("cartTotal")}`,
      "src/checkout.js": `// copied\n\n${block("checkoutTotal")}`,
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      path: "src/cart.js",
      startLine: 2,
      places: [
        { path: "src/cart.js", startLine: 2, endLine: 9 },
        { path: "src/checkout.js", startLine: 3, endLine: 10 },
      ],
    });
    expect(findings[0]!.evidence.copies).toBe(2);
  });

  it("groups three copies into one finding, within and across files", () => {
    const findings = runRule(duplicatedCode, {
      "src/a.js": `${block("a1")}\n${block("a2")}`,
      "src/b.js": block("b1"),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.places!.map((p) => `${p.path}:${p.startLine}`)).toEqual([
      "src/a.js:1",
      "src/a.js:10",
      "src/b.js:1",
    ]);
  });

  it("ignores formatting and comments: a reformatted copy is still a clone", () => {
    const reformatted = block("x")
      .replace(/\n\s*/g, "\n      ")
      .replace("const shipping", "// note\nconst shipping");
    expect(
      runRule(duplicatedCode, { "src/a.js": block("x"), "src/b.js": reformatted }),
    ).toHaveLength(1);
  });

  it("does not fire on renamed copies unless asked to (type-2 clones)", () => {
    const renamed = block("y").replaceAll("order", "basket").replaceAll("total", "sum2");
    expect(runRule(duplicatedCode, { "src/a.js": block("x"), "src/b.js": renamed })).toEqual([]);
    expect(
      runRule(
        duplicatedCode,
        { "src/a.js": block("x"), "src/b.js": renamed },
        { ignoreIdentifiers: true },
      ),
    ).toHaveLength(1);
  });

  it("does not fire below 50 tokens (near-miss: a short shared fragment)", () => {
    const short = "function f(a) {\n  if (a > 1) {\n    return a + 1;\n  }\n  return a - 1;\n}\n";
    expect(runRule(duplicatedCode, { "src/a.js": short, "src/b.js": short })).toEqual([]);
  });

  it("does not fire on a long fragment packed into fewer than 5 lines", () => {
    const packed = block("z").replace(/\n\s*/g, " ");
    expect(runRule(duplicatedCode, { "src/a.js": packed, "src/b.js": packed })).toEqual([]);
  });

  it("never lists overlapping places for code that repeats itself", () => {
    const repetitive = Array.from({ length: 40 }, () => "x = x + 1;").join("\n");
    for (const finding of runRule(duplicatedCode, { "src/a.js": repetitive })) {
      const [a, b] = finding.places!;
      expect(b!.startLine).toBeGreaterThan(a!.endLine);
    }
  });
});
