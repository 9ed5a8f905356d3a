import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { debtMarker } from "./debt-marker.ts";

const kinds = (source: string, options = {}) =>
  runRule(debtMarker, source, options).map((f) => [f.evidence.kind, f.startLine]);

describe("quality/debt-marker", () => {
  it("fires on TODO, FIXME, HACK and XXX comments, one finding per marker line", () => {
    const source = [
      "// TODO: cache this",
      "const a = 1; // FIXME(ana) off by one",
      "/*",
      " * HACK until the API is fixed",
      " * XXX remove",
      " */",
    ].join("\n");
    expect(kinds(source)).toEqual([
      ["TODO", 1],
      ["FIXME", 2],
      ["HACK", 4],
      ["XXX", 5],
    ]);
    expect(runRule(debtMarker, "// TODO: cache this")[0]!.message).toContain('"cache this"');
  });

  it("fires on suppressions: @ts-ignore, @ts-nocheck and lint disables", () => {
    const source =
      "// @ts-nocheck\n// @ts-ignore\nx();\n/* eslint-disable no-console */\nconsole.log(1); // eslint-disable-line\n";
    expect(kinds(source)).toEqual([
      ["@ts-nocheck", 1],
      ["@ts-ignore", 2],
      ["lint disable", 4],
      ["lint disable", 5],
    ]);
  });

  it("groups explicit any into one finding per file", () => {
    const findings = runRule(debtMarker, "let a: any;\nfunction f(b: any): any[] { return [b]; }");
    expect(findings).toMatchObject([
      { evidence: { kind: "any", count: 3 }, startLine: 1, remediationMinutes: 15 },
    ]);
  });

  it("does not fire on markers outside comments or inside words (near-misses)", () => {
    const source = [
      'const label = "TODO: not a comment";',
      "const todoList = [];",
      "// todos are listed in the sidebar",
      "// the XXXL size",
      "// @ts-expect-error is deliberate and self-checking",
      "let u: unknown;",
      "// mentions eslint-disable in prose only",
    ].join("\n");
    expect(kinds(source)).toEqual([]);
  });

  it("follows the configured marker list and can leave `any` alone", () => {
    expect(
      kinds("// NOTE: x\n// TODO: y\nlet a: any;", { markers: ["NOTE"], explicitAny: false }),
    ).toEqual([["NOTE", 1]]);
  });

  it("tells identical TODO lines apart without renaming the first", () => {
    const one = runRule(debtMarker, "// TODO: split\n");
    const two = runRule(debtMarker, "// TODO: split\n// TODO: split\n");
    expect(two[0]!.fingerprint).toBe(one[0]!.fingerprint);
    expect(two[1]!.fingerprint).not.toBe(one[0]!.fingerprint);
  });
});
