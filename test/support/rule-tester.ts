/**
 * The rule tester: runs one rule over files held in memory through the real engine (the same
 * parse, traversal, fingerprints and repository stage an audit uses) and asserts literal cases,
 * in the shape of ESLint's and typescript-eslint's RuleTester. A `valid` case must produce no
 * finding; an `invalid` case must produce exactly its `errors`, in path and line order, each
 * with its message id, and where given its data, line, end line and path.
 *
 *   ruleTester.run(rule, {
 *     valid: ["const a = 1;", { code: "...", path: "src/users.test.ts" }],
 *     invalid: [{ code: "...", errors: [{ messageId: "complex", line: 3, data: { name: "f" } }] }],
 *   });
 *
 * Repository rules that need what only a whole audit gathers (the module graph, coverage,
 * configuration) use `auditFiles` from audit-fixture.ts instead.
 */
import { describe, expect, it } from "vitest";
import {
  analyzeFile,
  analyzeRepository,
  formatMessage,
  summaryOf,
  type ActiveRule,
  type Rule,
} from "../../src/engine/index.ts";
import type { Finding } from "../../src/findings/index.ts";
import { collectorsUsedBy, RULES } from "../../src/rules/index.ts";

/** Activates a rule with its default options merged with `options`, as the audit would. */
export function activeRule(rule: Rule<unknown>, options: Record<string, unknown> = {}): ActiveRule {
  return {
    rule,
    severity: rule.severity,
    severityConfigured: false,
    options: rule.options.parse(options),
  };
}

/**
 * Runs one rule over in-memory files (path -> source, or one source as `src/example.ts`) and
 * returns its findings: per-file ones in file order, then the repository stage's.
 */
export function runRule(
  rule: Rule<never> | Rule<unknown>,
  files: Record<string, string> | string,
  options: Record<string, unknown> = {},
): Finding[] {
  const sources = typeof files === "string" ? { "src/example.ts": files } : files;
  // With the collectors whose facts the rule declares it reads, as the audit runs them.
  const active = [
    activeRule(rule as Rule<unknown>, options),
    ...collectorsUsedBy([rule as Rule<unknown>]).map((c) => activeRule(c)),
  ];
  const results = Object.entries(sources).map(([path, text]) =>
    analyzeFile(path, Buffer.from(text), "test", active),
  );
  for (const r of results)
    if (r.errors.length) throw new Error(r.errors.map((e) => `${e.rule}: ${e.message}`).join("; "));
  const repository = analyzeRepository(
    results.filter((r) => !r.skip).map(summaryOf),
    Object.keys(sources),
    active,
  );
  if (repository.errors.length) throw new Error(repository.errors.map((e) => e.message).join("; "));
  return [...results.flatMap((r) => r.findings), ...repository.findings];
}

/** The facts a rule stored for one file (e.g. per-function metrics). */
export function factsOf<T>(
  rule: Rule<never> | Rule<unknown>,
  source: string,
  path = "src/example.ts",
  options: Record<string, unknown> = {},
): T {
  const result = analyzeFile(path, Buffer.from(source), "test", [
    activeRule(rule as Rule<unknown>, options),
  ]);
  return result.facts[rule.id] as T;
}

/** `path:start-end` of each finding, for compact full-location assertions. */
export function locations(
  rule: Rule<never> | Rule<unknown>,
  files: Record<string, string> | string,
  options: Record<string, unknown> = {},
): string[] {
  return runRule(rule, files, options).map(
    (f) => `${f.path ?? "(repository)"}:${f.startLine}-${f.endLine}`,
  );
}

/** Files of a case: one source (at `path`, default `src/example.ts`) or a map of path -> source. */
type CaseFiles =
  | { code: string; path?: string; files?: undefined }
  | { files: Record<string, string>; code?: undefined; path?: undefined };

export type ValidCase = string | (CaseFiles & { name?: string; options?: Record<string, unknown> });

export interface ExpectedError {
  messageId: string;
  /** The message's placeholders; without it, any values match the template. */
  data?: Record<string, string | number>;
  line?: number;
  endLine?: number;
  /** The finding's file; `null` for a repository-wide finding. */
  path?: string | null;
}

export type InvalidCase = CaseFiles & {
  name?: string;
  options?: Record<string, unknown>;
  errors: ExpectedError[];
};

function filesOf(c: ValidCase | InvalidCase): Record<string, string> {
  if (typeof c === "string") return { "src/example.ts": c };
  return c.files ?? { [c.path ?? "src/example.ts"]: c.code };
}

function caseName(c: ValidCase | InvalidCase): string {
  if (typeof c === "string") return c.slice(0, 70);
  if (c.name) return c.name;
  const text = c.code ?? Object.keys(c.files).join(", ");
  return text.replace(/\s+/g, " ").slice(0, 70);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Does `message` read as the rule's `messageId` template, with `data` where given? */
export function messageMatches(
  rule: Rule<never> | Rule<unknown>,
  message: string,
  expected: ExpectedError,
): boolean {
  const template = (rule.messages as Record<string, string>)[expected.messageId];
  if (template === undefined) throw new Error(`${rule.id} has no message "${expected.messageId}"`);
  if (expected.data) return message === formatMessage(template, expected.data);
  const pattern = template
    .split(/\{\{\s*\w+\s*\}\}/)
    .map(escapeRegExp)
    .join("[\\s\\S]*?");
  return new RegExp(`^${pattern}$`).test(message);
}

function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => (a.path ?? "").localeCompare(b.path ?? "") || (a.startLine ?? 0) - (b.startLine ?? 0),
  );
}

/** Checks one invalid case's findings against its expected errors; throws a readable mismatch. */
export function assertErrors(
  rule: Rule<never> | Rule<unknown>,
  findings: Finding[],
  errors: ExpectedError[],
): void {
  const found = sortFindings(findings);
  const seen = found.map((f) => `${f.path ?? "(repository)"}:${f.startLine} ${f.message}`);
  expect(found.length, `findings:\n${seen.join("\n")}`).toBe(errors.length);
  errors.forEach((error, k) => {
    const f = found[k]!;
    expect(
      messageMatches(rule, f.message, error),
      `finding ${k + 1} is not message "${error.messageId}"${error.data ? ` with ${JSON.stringify(error.data)}` : ""}: ${f.message}`,
    ).toBe(true);
    if (error.line !== undefined) expect(f.startLine, `finding ${k + 1}: line`).toBe(error.line);
    if (error.endLine !== undefined)
      expect(f.endLine, `finding ${k + 1}: end line`).toBe(error.endLine);
    if (error.path !== undefined) expect(f.path ?? null, `finding ${k + 1}: path`).toBe(error.path);
  });
}

export const ruleTester = {
  /** One vitest `describe` per rule, one `it` per case. */
  run(
    rule: Rule<never> | Rule<unknown>,
    cases: { valid: ValidCase[]; invalid: InvalidCase[] },
  ): void {
    describe(rule.id, () => {
      describe("valid", () => {
        for (const c of cases.valid) {
          it(caseName(c), () => {
            const options = typeof c === "string" ? {} : (c.options ?? {});
            const findings = runRule(rule, filesOf(c), options);
            expect(findings.map((f) => `${f.path}:${f.startLine} ${f.message}`)).toEqual([]);
          });
        }
      });
      describe("invalid", () => {
        for (const c of cases.invalid) {
          it(caseName(c), () => {
            assertErrors(rule, runRule(rule, filesOf(c), c.options ?? {}), c.errors);
          });
        }
      });
    });
  },
};

/** `locations` of one source at `path` (default `src/app.ts`), or of a file map. */
export function at(
  rule: Rule<never> | Rule<unknown>,
  source: string | Record<string, string>,
  path = "src/app.ts",
): string[] {
  return locations(rule, typeof source === "string" ? { [path]: source } : source);
}

/** A finding as tests assert it: rule, place and message. */
export interface Hit {
  rule: string;
  path: string | undefined;
  line: number | undefined;
  endLine: number | undefined;
  message: string;
}

function ruleOf(rule: string | Rule<never> | Rule<unknown>): Rule<unknown> {
  if (typeof rule !== "string") return rule as Rule<unknown>;
  const found = RULES.find((r) => r.id === rule);
  if (!found) throw new Error(`no rule ${rule}`);
  return found as Rule<unknown>;
}

/** The findings of one rule (by id or object) on in-memory files, sorted by path and line. */
export function hits(
  rule: string | Rule<never> | Rule<unknown>,
  files: Record<string, string>,
  options: Record<string, unknown> = {},
): Hit[] {
  return sortFindings(runRule(ruleOf(rule), files, options)).map((f) => ({
    rule: f.rule,
    path: f.path,
    line: f.startLine,
    endLine: f.endLine,
    message: f.message,
  }));
}

/** Just `path:line` of each hit, for compact assertions. */
export function places(
  rule: string | Rule<never> | Rule<unknown>,
  files: Record<string, string>,
  options: Record<string, unknown> = {},
): string[] {
  return hits(rule, files, options).map((h) => `${h.path}:${h.line}`);
}
