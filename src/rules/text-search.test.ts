import { describe, expect, it } from "vitest";
import { includesAnyAt } from "./text-search.ts";

describe("includesAnyAt", () => {
  it("answers as String.includes does, wherever the literal stands", () => {
    const literals = ["setInterval", "x-api-version"];
    const texts = [
      "",
      "setInterval",
      "setInterval(f, 10)",
      "a.setInterval",
      "setinterval Interval",
      "I",
      "x-api-versio",
      "headers: { 'x-api-version': 2 }",
      "x-api-x-api-version",
    ];
    for (const text of texts)
      expect([
        text,
        includesAnyAt(text, ["x-api-version"], "-") || includesAnyAt(text, ["setInterval"], "I"),
      ]).toEqual([text, literals.some((l) => text.includes(l))]);
  });
  it("rejects a literal without the anchor", () => {
    expect(() => includesAnyAt("abc", ["abc"], "-")).toThrow();
  });
});
