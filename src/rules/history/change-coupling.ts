import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { isTestFile } from "../../shared/index.ts";
import { artifactKind } from "./artifacts.ts";
import { moduleOf } from "./modules.ts";

const options = z.strictObject({
  /** Each file needs this many (coupling-eligible) commits in the window: code-maat's min-revs. */
  minRevisions: z.number().int().min(1).default(5),
  /** Support: commits that changed both files (code-maat's min-shared-revs). */
  minShared: z.number().int().min(2).default(5),
  /** Coupling degree in percent: shared / average of the two files' commits (code-maat's min-coupling is 30; SPEC asks "most of their commits"). */
  minDegree: z.number().min(0).max(100).default(50),
  /** Module depth: 0 = a file's folder is its module; n = its first n folders. */
  moduleDepth: z.number().int().min(0).default(0),
  /** A test changing with the code it tests is expected, not debt. */
  ignoreTests: z.boolean().default(true),
  /**
   * Translation catalogues, lockfiles, generated files and test snapshots change together because
   * a tool writes them all at once: their co-changes are no boundary in the wrong place.
   */
  ignoreArtifacts: z.boolean().default(true),
});

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * Pairs come from the history pass: co-changes in window commits of at most `maxChangesetSize`
 * files (huge commits, formatting runs and renames of whole trees, say nothing about coupling).
 * Degree is code-maat's: shared / mean(revisions of a, revisions of b) x 100; the confidence of
 * a -> b (association rules) is shared / revisions of a.
 */
export const changeCoupling = defineRule({
  id: "history/change-coupling",
  category: "architecture",
  severity: "medium",
  remediationMinutes: 240,
  description: "Files in different modules that change together in most of their commits.",
  rationale:
    "When two modules must change together the boundary between them is in the wrong place: every change costs two edits, two reviews and a chance to forget one of them.",
  version: 2,
  options,
  messages: {
    coupled:
      "{{a}} and {{b}} (modules {{moduleA}} and {{moduleB}}) changed together in {{shared}} commits, {{degree}}% of their changes. Move the shared concept into one module or put a stable interface between them.",
  },
  analyze(context) {
    const history = context.history;
    if (!history) return;
    const { minRevisions, minShared, minDegree, moduleDepth, ignoreTests, ignoreArtifacts } =
      context.options;
    const present = new Map(context.files.map((f) => [f.path, f]));
    for (const pair of history.pairs) {
      if (pair.shared < minShared) break;
      const a = present.get(pair.a);
      const b = present.get(pair.b);
      if (!a || !b) continue;
      const moduleA = moduleOf(pair.a, moduleDepth);
      const moduleB = moduleOf(pair.b, moduleDepth);
      if (moduleA === moduleB) continue;
      if (ignoreTests && (isTestFile(pair.a) || isTestFile(pair.b))) continue;
      if (ignoreArtifacts && (artifactKind(pair.a) || artifactKind(pair.b))) continue;
      const revsA = history.files.get(pair.a)?.couplingRevisions ?? 0;
      const revsB = history.files.get(pair.b)?.couplingRevisions ?? 0;
      if (revsA < minRevisions || revsB < minRevisions) continue;
      const degree = round1((pair.shared / ((revsA + revsB) / 2)) * 100);
      if (degree < minDegree) continue;
      context.report({
        messageId: "coupled",
        path: pair.a,
        key: `coupled:${pair.b}`,
        startLine: 1,
        endLine: a.lines,
        places: [
          { path: pair.a, startLine: 1, endLine: a.lines },
          { path: pair.b, startLine: 1, endLine: b.lines },
        ],
        data: { a: pair.a, b: pair.b, moduleA, moduleB, shared: pair.shared, degree },
        evidence: {
          coupledWith: pair.b,
          shared: pair.shared,
          revisionsA: revsA,
          revisionsB: revsB,
          degree,
          confidenceAB: round1((pair.shared / revsA) * 100),
          confidenceBA: round1((pair.shared / revsB) * 100),
        },
      });
    }
  },
});
