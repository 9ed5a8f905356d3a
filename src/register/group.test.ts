import { describe, expect, it } from "vitest";
import { scoringSchema } from "../config/index.ts";
import type { Finding } from "../findings/index.ts";
import { buildRegister, FURTHER_PLACE_SHARE, groupFindings } from "./index.ts";

const finding = (overrides: Partial<Finding>): Finding => ({
  rule: "security/hardcoded-secret",
  category: "security",
  severity: "critical",
  message: "A key is committed.",
  path: "src/a.ts",
  startLine: 1,
  endLine: 1,
  evidence: { sha256: "abc" },
  remediationMinutes: 60,
  fingerprint: "same",
  ...overrides,
});

describe("groupFindings: one item per problem", () => {
  it("leaves findings with their own fingerprints as they are", () => {
    const findings = [
      finding({ fingerprint: "a" }),
      finding({ fingerprint: "b", path: "src/b.ts" }),
    ];
    expect(groupFindings(findings)).toEqual(findings);
  });

  it("merges one rule's findings that share a fingerprint into one, with every place", () => {
    const [item, ...rest] = groupFindings([
      finding({ path: "src/z.ts", startLine: 9, endLine: 9, severity: "info" }),
      finding({ path: "src/b.ts", startLine: 3, endLine: 3 }),
      finding({ path: "src/a.ts", startLine: 5, endLine: 5, severity: "info" }),
      finding({ rule: "quality/debt-marker", category: "quality", fingerprint: "same" }),
    ]);
    // The most severe place leads; the others follow in path order.
    expect(item).toMatchObject({
      path: "src/b.ts",
      startLine: 3,
      severity: "critical",
      message: "A key is committed. The same finding is in 3 places.",
      evidence: { sha256: "abc", places: 3 },
      remediationMinutes: 60 + FURTHER_PLACE_SHARE * 120,
      places: [
        { path: "src/b.ts", startLine: 3, endLine: 3 },
        { path: "src/a.ts", startLine: 5, endLine: 5 },
        { path: "src/z.ts", startLine: 9, endLine: 9 },
      ],
    });
    // Another rule's finding with an equal fingerprint is another problem.
    expect(rest.map((f) => f.rule)).toEqual(["quality/debt-marker"]);
  });

  it("flattens members that already have places, and a place reported twice counts once", () => {
    const [item] = groupFindings([
      finding({
        places: [
          { path: "src/a.ts", startLine: 1, endLine: 4 },
          { path: "src/c.ts", startLine: 2, endLine: 5 },
        ],
        endLine: 4,
      }),
      finding({ path: "src/a.ts", startLine: 1, endLine: 4 }),
    ]);
    expect(item!.places).toEqual([
      { path: "src/a.ts", startLine: 1, endLine: 4 },
      { path: "src/c.ts", startLine: 2, endLine: 5 },
    ]);
    const [once] = groupFindings([finding({}), finding({})]);
    expect(once!.places).toBeUndefined();
    expect(once!.message).toBe("A key is committed.");
  });

  it("names the symbols when one problem spans several (a module's unused exports)", () => {
    const exports = ["a", "b", "c", "d", "e", "f", "g"].map((name, k) =>
      finding({ symbol: name, startLine: k + 1, endLine: k + 1, message: "Unused." }),
    );
    expect(groupFindings(exports)[0]!.message).toBe(
      "Unused. The same finding is in 7 places (`a`, `b`, `c`, `d`, `e` and 2 more).",
    );
  });

  it("prices a secret in eleven files as one expected incident", () => {
    const scoring = scoringSchema.parse({});
    const eleven = Array.from({ length: 11 }, (_, k) => finding({ path: `src/f${k}.ts` }));
    const one = buildRegister({ findings: [eleven[0]!], files: [], scoring });
    const register = buildRegister({ findings: eleven, files: [], scoring });
    expect(register.items).toHaveLength(1);
    expect(register.items[0]!.places).toHaveLength(11);
    expect(register.items[0]!.id).toBe(one.items[0]!.id);
    expect(register.totals.interest).toBe(one.totals.interest);
    expect(register.totals.items).toBe(1);
  });
});
