import { describe, expect, it } from "vitest";
import { MAX_NESTING, nestingDepth } from "./depth.ts";

const depthOf = (text: string) => nestingDepth(Buffer.from(text)).depth;

/** The constructs the parser recurses on, each `n` levels deep (one per line, as a file has). */
const NESTED: Record<string, (n: number) => string> = {
  parentheses: (n) => "x = " + "(\n".repeat(n) + "a" + ")".repeat(n),
  arrays: (n) => "x = " + "[\n".repeat(n) + "]".repeat(n),
  blocks: (n) => "{\n".repeat(n) + "}".repeat(n),
  objects: (n) => "x = " + "{ a:\n".repeat(n) + "1" + "}".repeat(n),
  templates: (n) => "x = " + "`${\n".repeat(n) + "a" + "}`".repeat(n),
  ternaries: (n) => "x = " + "a ? b :\n".repeat(n) + "c",
  arrows: (n) => "x = " + "a =>\n".repeat(n) + "a",
  assignments: (n) => "a =\n".repeat(n) + "b",
  unaryOperators: (n) => "x = " + "!\n".repeat(n) + "a",
  typeofs: (n) => "x = " + "typeof\n".repeat(n) + "a",
  ifs: (n) => "if (a)\n".repeat(n) + ";",
  elseIfs: (n) => "if (a) ;\n" + "else if (a) ;\n".repeat(n),
  labels: (n) => Array.from({ length: n }, (_, i) => `l${i}:\n`).join("") + ";",
  functions: (n) => "function f() {\n".repeat(n) + "}".repeat(n),
  jsx: (n) => "x = " + "<a>\n".repeat(n) + "</a>".repeat(n),
  heritage: (n) => "x = " + "class extends\n".repeat(n) + "A" + " {}".repeat(n),
  prefixIncrements: (n) => "x = " + "++\n".repeat(n) + "a",
  plusChain: (n) => "x = a" + "\n+ a".repeat(n),
  memberCallChain: (n) => "x = a" + "\n.b()".repeat(n),
};

describe("nestingDepth", () => {
  it.each(Object.keys(NESTED))("counts %s beyond the limit when they nest 3,000 deep", (kind) => {
    expect(depthOf(NESTED[kind]!(3000))).toBeGreaterThan(MAX_NESTING);
  });

  it.each(Object.keys(NESTED))("leaves %s 30 deep well below the limit", (kind) => {
    // Real code nests up to about 45 levels (effect's src/); an estimate counts 3 to 6 a level.
    expect(depthOf(NESTED[kind]!(30))).toBeLessThan(MAX_NESTING / 5);
  });

  it("stops early and says where the limit was passed", () => {
    const text = "const ok = 1;\n" + "x = " + "(".repeat(100_000) + ")".repeat(100_000);
    const scan = nestingDepth(Buffer.from(text), 100);
    // stops at the first step past the limit (a bracket counts 3), 34 brackets in
    expect(scan.depth).toBeGreaterThan(100);
    expect(scan.depth).toBeLessThanOrEqual(103);
    expect(scan.offset).toBeGreaterThan(text.indexOf("(") + 30);
    expect(scan.offset).toBeLessThan(text.indexOf("(") + 40);
  });

  it("does not count brackets inside strings, comments, templates or regular expressions", () => {
    const many = "(".repeat(5000);
    for (const text of [
      `x = "${many}";`,
      `x = '${many}';`,
      `// ${many}\nx = 1;`,
      `/* ${many}\n */ x = 1;`,
      `x = \`${many}\`;`,
      `x = /${many.replace(/\(/g, "\\(")}/;`,
      `if (a) /[${many}]/.test(b);`,
    ])
      expect(depthOf(text)).toBeLessThan(10);
  });

  it("cannot be talked down by closing brackets hidden in strings or comments", () => {
    const text =
      "x = " + "(\n".repeat(3000) + "')))))))))))' /* ))))))))) */ // ))))))\na" + ")".repeat(3000);
    expect(depthOf(text)).toBeGreaterThan(MAX_NESTING);
  });

  it("a division is not a regular expression that would hide the brackets after it", () => {
    const text = "x = a / 2 + " + "(\n".repeat(3000) + "b / 2" + ")".repeat(3000);
    expect(depthOf(text)).toBeGreaterThan(MAX_NESTING);
  });

  it("ends a statement where a semicolon or a line break between statements does", () => {
    // 5,000 statements in a row are not nested in one another, with or without semicolons.
    const lines = Array.from({ length: 5000 }, (_, i) => `exports.a${i} = a ? b : c`);
    expect(depthOf(lines.join(";\n"))).toBeLessThan(20);
    expect(depthOf(lines.join("\n"))).toBeLessThan(20);
    const calls = Array.from({ length: 5000 }, () => "foo(a, b => !b)");
    expect(depthOf(calls.join("\n"))).toBeLessThan(20);
    // A chain continued on the next line is one statement.
    expect(depthOf("x = a" + "\n  .b()".repeat(3000))).toBeGreaterThan(MAX_NESTING);
    // Commas end an argument's or a property's nesting.
    const object = "x = {\n" + "  a: b ? c : d,\n".repeat(5000) + "}";
    expect(depthOf(object)).toBeLessThan(20);
  });

  it("keeps counting an else-if chain across the statements it holds", () => {
    expect(depthOf("if (a) x = 1;\n" + "else if (a) x = 1;\n".repeat(3000))).toBeGreaterThan(
      MAX_NESTING,
    );
    // ... but separate if statements do not nest.
    expect(depthOf("if (a) x = 1;\n".repeat(3000))).toBeLessThan(20);
  });

  it("reads a keyword as a member name after a dot", () => {
    expect(depthOf("x = a.if.for.while.new.typeof.else;\n".repeat(500))).toBeLessThan(20);
  });
});
