import type { Comment } from "oxc-parser";
import { contentSkip, type SkipReason } from "../discovery/index.ts";
import { fingerprintOf, normaliseSnippet, type Finding } from "../findings/index.ts";
import {
  codeText,
  languageOf,
  lineAt,
  lineStarts,
  parseSource,
  type Language,
} from "../parse/index.ts";
import { scopeByConvention, type Scope } from "../scopes/index.ts";
import {
  formatMessage,
  type ActiveRule,
  type AstNode,
  type NodeHandlers,
  type Report,
} from "./rule.ts";
import { buildDispatch, traverse } from "./traverse.ts";

export interface AnalyzerError {
  path: string;
  rule: string;
  message: string;
}

/** Everything the audit keeps of one file: compact, serialisable, cacheable by content hash. */
export interface FileResult {
  path: string;
  hash: string;
  language?: Language;
  lines: number;
  linesOfCode: number;
  findings: Finding[];
  facts: Record<string, unknown>;
  errors: AnalyzerError[];
  /** Decided before analysis from the path and the file's head (src/scopes); a cached result is reused only for the same scope. */
  scope?: Scope;
  skip?: { reason: SkipReason; detail: string };
}

export const PARSE_ERROR_RULE = "quality/parse-error";

/**
 * Marks the lines holding something other than white space and comments, as a prefix sum:
 * `sums[k]` is the number of code lines among lines 1..k.
 */
export function codeLinePrefixSums(
  text: string,
  comments: readonly Comment[],
  starts: Uint32Array,
): Uint32Array {
  const hasCode = new Uint8Array(starts.length + 1);
  // Find each non-blank character outside comments with a native regex search, mark its line,
  // and jump to the next line: a handful of searches per code line instead of a loop per character.
  const nonBlank = /[^\s\uFEFF]/g;
  const markRegion = (from: number, to: number) => {
    nonBlank.lastIndex = from;
    while (true) {
      const match = nonBlank.exec(text);
      if (!match || match.index >= to) return;
      const line = lineAt(starts, match.index);
      hasCode[line] = 1;
      const next = starts[line];
      if (next === undefined || next >= to) return;
      nonBlank.lastIndex = next;
    }
  };
  let from = 0;
  for (const comment of comments) {
    if (comment.start > from) markRegion(from, comment.start);
    from = Math.max(from, comment.end);
  }
  markRegion(from, text.length);
  const sums = new Uint32Array(starts.length + 1);
  for (let k = 1; k <= starts.length; k++) sums[k] = sums[k - 1]! + hasCode[k]!;
  return sums;
}

function lineText(text: string, starts: Uint32Array, line: number): string {
  const from = starts[line - 1] ?? 0;
  const to = starts[line] ?? text.length;
  return text.slice(from, to);
}

/**
 * Reads nothing and writes nothing: given one file's bytes and the active rules, parses it once,
 * runs every rule's handlers in one traversal, and returns the file's findings and facts. A rule
 * that throws is recorded against the file and the others go on.
 */
export function analyzeFile(
  path: string,
  bytes: Uint8Array,
  hash: string,
  allRules: readonly ActiveRule[],
  scope: Scope = scopeByConvention(path),
): FileResult {
  const result: FileResult = {
    path,
    hash,
    scope,
    lines: 0,
    linesOfCode: 0,
    findings: [],
    facts: {},
    errors: [],
  };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const language = languageOf(path);
  let rules = allRules;
  let wantedByText = rules.filter((r) => r.rule.checkText && r.rule.textFiles?.(path));
  if (!language && wantedByText.length === 0) return result;
  const text = buffer.toString("utf8");
  const starts = lineStarts(text);
  const skip = contentSkip(buffer, () => starts.length, language !== undefined);
  if (skip) {
    result.skip = skip;
    // Generated code is no one's debt, but rules that describe structure (the module graph)
    // still read it; the file stays skipped for everything else.
    const structural = rules.filter((r) => r.rule.readsGenerated && r.rule.create);
    if (skip.reason !== "generated" || !language || structural.length === 0) return result;
    rules = structural;
    wantedByText = [];
  }
  result.lines = text.length === 0 ? 0 : starts.length - (text.endsWith("\n") ? 1 : 0);

  const findingsByRule: Array<{ active: ActiveRule; report: Report }> = [];

  if (language) result.language = language;
  if (language) {
    const parsed = parseSource(path, text, language, starts);
    if (parsed.error) {
      result.linesOfCode = codeLinePrefixSums(text, [], starts)[starts.length]!;
      // Reported through the quality/parse-error rule, so that configuration can switch it off
      // or change its severity like any other rule's.
      const parseRule = rules.find((r) => r.rule.id === PARSE_ERROR_RULE);
      if (parseRule) {
        result.findings.push(
          toFinding(
            parseRule,
            {
              messageId: "parse",
              data: { error: parsed.error.message },
              evidence: { error: parsed.error.message },
            },
            { path, startLine: parsed.error.line, endLine: parsed.error.line, key: "", ordinal: 0 },
          ),
        );
      }
    } else {
      const codeLines = codeLinePrefixSums(text, parsed.comments, starts);
      result.linesOfCode = codeLines[starts.length]!;
      const lineOf = (offset: number) => lineAt(starts, offset);
      const linesOfCode = (from: number, to: number) =>
        codeLines[Math.min(to, starts.length)]! - codeLines[Math.max(from - 1, 0)]!;
      // Made on the first rule's first use, then the same string for every rule of the file.
      let code: string | undefined;
      const codeOf = () => (code ??= codeText(text, parsed.comments));
      // Handlers run unguarded (a try/catch per call costs on 1.5 million nodes); when one throws,
      // its rule is recorded against the file and the file is analysed again without it, so no
      // partial state of the failed pass leaks into the result.
      let codeRules = rules.filter((r) => r.rule.create);
      while (codeRules.length > 0) {
        const reports: typeof findingsByRule = [];
        const facts: Record<string, unknown> = {};
        const handlerSets: NodeHandlers[] = [];
        // Per pass: a pass run again without a failed rule builds its shared values afresh.
        const sharedValues = new Map<object, unknown>();
        let failed: ActiveRule | undefined;
        let dispatch: ReturnType<typeof buildDispatch> | undefined;
        try {
          for (const active of codeRules) {
            failed = active;
            handlerSets.push(
              active.rule.create!({
                path,
                scope,
                text,
                get code() {
                  return codeOf();
                },
                language,
                comments: parsed.comments,
                module: parsed.module,
                options: active.options,
                lineOf,
                linesOfCode,
                report: (report) => reports.push({ active, report }),
                setFact: (value) => (facts[active.rule.id] = value),
                shared<T>(key: object, make: () => T): T {
                  if (!sharedValues.has(key)) sharedValues.set(key, make());
                  return sharedValues.get(key) as T;
                },
              }),
            );
          }
          dispatch = buildDispatch(handlerSets);
          traverse(parsed.program as unknown as AstNode, dispatch);
        } catch (error) {
          const culprit = dispatch ? codeRules[dispatch.current] : failed;
          result.errors.push({
            path,
            rule: culprit?.rule.id ?? "engine",
            message: (error as Error).message,
          });
          codeRules = codeRules.filter((r) => r !== culprit);
          continue;
        }
        findingsByRule.push(...reports);
        Object.assign(result.facts, facts);
        break;
      }
    }
  }
  for (const active of wantedByText) {
    // As for code rules: a text rule that throws leaves its error, not half of its results.
    const reports: typeof findingsByRule = [];
    const facts: Record<string, unknown> = {};
    try {
      active.rule.checkText!({
        path,
        scope,
        text,
        options: active.options,
        report: (report) => reports.push({ active, report }),
        setFact: (value) => (facts[active.rule.id] = value),
      });
    } catch (error) {
      result.errors.push({ path, rule: active.rule.id, message: (error as Error).message });
      continue;
    }
    findingsByRule.push(...reports);
    Object.assign(result.facts, facts);
  }

  const ordinals = new Map<string, number>();
  for (const { active, report } of findingsByRule) {
    const startLine = report.startLine ?? (report.node ? lineAt(starts, report.node.start) : 1);
    const endLine =
      report.endLine ??
      (report.node ? lineAt(starts, Math.max(report.node.start, report.node.end - 1)) : startLine);
    const key = report.symbol ?? report.key ?? normaliseSnippet(lineText(text, starts, startLine));
    const ordinalKey = `${active.rule.id}\u0000${key}`;
    const ordinal = ordinals.get(ordinalKey) ?? 0;
    ordinals.set(ordinalKey, ordinal + 1);
    result.findings.push(toFinding(active, report, { path, startLine, endLine, key, ordinal }));
  }
  for (const finding of result.findings) finding.scope = scope;
  return result;
}

export function toFinding(
  active: ActiveRule,
  report: Report,
  at: { path?: string; startLine?: number; endLine?: number; key: string; ordinal: number },
): Finding {
  const { rule } = active;
  const template = rule.messages[report.messageId];
  if (template === undefined)
    throw new Error(`${rule.id}: unknown messageId "${report.messageId}"`);
  const finding: Finding = {
    rule: rule.id,
    category: rule.category,
    severity: active.severityConfigured ? active.severity : (report.severity ?? active.severity),
    message: formatMessage(template, report.data),
    evidence: report.evidence ?? {},
    remediationMinutes: report.remediationMinutes ?? rule.remediationMinutes,
    fingerprint:
      report.group === undefined
        ? fingerprintOf({ rule: rule.id, path: at.path, key: at.key, ordinal: at.ordinal })
        : fingerprintOf({ rule: rule.id, key: `group:${report.group}`, ordinal: 0 }),
  };
  if (at.path !== undefined) finding.path = at.path;
  if (at.startLine !== undefined) finding.startLine = at.startLine;
  if (at.endLine !== undefined) finding.endLine = at.endLine;
  if (report.symbol !== undefined) finding.symbol = report.symbol;
  if (report.places) finding.places = report.places;
  return finding;
}
