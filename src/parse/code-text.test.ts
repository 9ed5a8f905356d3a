import { describe, expect, it } from "vitest";
import { codeText } from "./code-text.ts";
import { languageOf } from "./language.ts";
import { parseSource } from "./parse.ts";

const codeOf = (text: string, path = "a.ts") => {
  const { comments } = parseSource(path, text, languageOf(path)!);
  return codeText(text, comments);
};

describe("codeText", () => {
  it("drops line, block and JSDoc comments, keeping strings, templates and regexes", () => {
    const text = [
      "/** Reads req.body: see eval() */",
      'const a = "// not a comment"; // eval(req.query.x)',
      "const b = `/* nor this */ ${a}`; /* child_process */ const c = /\\/\\*x/;",
    ].join("\n");
    const code = codeOf(text);
    expect(code).not.toMatch(/eval|req\.|child_process/);
    expect(code).toContain('"// not a comment"');
    expect(code).toContain("`/* nor this */ ${a}`");
    expect(code).toContain("/\\/\\*x/");
  });

  it("keeps the code on both sides of a comment apart", () => {
    expect(codeOf("a/* x */b")).toBe("a b");
    expect(codeOf("req/**/.body")).not.toContain("req.body");
  });

  it("is the text itself without comments", () => {
    const text = "const x = 1;";
    expect(codeOf(text)).toBe(text);
  });
});
