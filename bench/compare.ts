// Agreement checks printed by `npm run bench`: our figures against the reference tools' on the
// same files. Differences are listed so that each can be explained or fixed.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { ReportItem } from "../src/report/index.ts";
import { scannedAnyOffsets, typeScriptAnyOffsets } from "../test/support/explicit-any-reference.ts";

/** What the checks read of the report's items (the schema is the source of truth). */
type Item = Pick<ReportItem, "rule" | "path" | "startLine" | "evidence" | "places">;

interface EslintResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number; message: string }>;
}

export function compareComplexity(
  report: { items: Item[] },
  eslint: EslintResult[],
  corpus: string,
): { onlyOurs: string[]; onlyEslint: string[] } {
  const ours = new Set(
    report.items
      .filter((i) => i.rule === "quality/complex-function" && Number(i.evidence.cyclomatic) > 10)
      .map((i) => `${i.path}:${i.startLine} ${i.evidence.cyclomatic}`),
  );
  const theirs = new Set<string>();
  for (const file of eslint) {
    for (const m of file.messages) {
      const match = /has a complexity of (\d+)/.exec(m.message);
      if (m.ruleId === "complexity" && match)
        theirs.add(`${relative(corpus, file.filePath)}:${m.line} ${match[1]}`);
    }
  }
  const onlyOurs = [...ours].filter((k) => !theirs.has(k));
  const onlyEslint = [...theirs].filter((k) => !ours.has(k));
  console.log(
    `complexity > 10: debtlens ${ours.size} functions, ESLint ${theirs.size}; same place and value: ${ours.size - onlyOurs.length}`,
  );
  for (const k of onlyOurs.slice(0, 20)) console.log(`  only debtlens: ${k}`);
  for (const k of onlyEslint.slice(0, 20)) console.log(`  only ESLint:   ${k}`);
  return { onlyOurs, onlyEslint };
}

interface JscpdReport {
  statistics: { total: { duplicatedLines: number; lines: number } };
  duplicates: Array<{
    firstFile: { name: string; start: number; end: number };
    secondFile: { name: string; start: number; end: number };
  }>;
}

function unionLines(places: Array<{ path: string; startLine: number; endLine: number }>): number {
  const covered = new Map<string, Set<number>>();
  for (const p of places) {
    let set = covered.get(p.path);
    if (!set) covered.set(p.path, (set = new Set()));
    for (let l = p.startLine; l <= p.endLine; l++) set.add(l);
  }
  let total = 0;
  for (const set of covered.values()) total += set.size;
  return total;
}

export function compareDuplication(
  report: { items: Item[]; summary: { duplicatedLines: number } },
  jscpd: JscpdReport,
  corpus: string,
): number {
  const theirPlaces = jscpd.duplicates.flatMap((d) => [
    {
      path: relative(corpus, resolveName(d.firstFile.name, corpus)),
      startLine: d.firstFile.start,
      endLine: d.firstFile.end,
    },
    {
      path: relative(corpus, resolveName(d.secondFile.name, corpus)),
      startLine: d.secondFile.start,
      endLine: d.secondFile.end,
    },
  ]);
  const theirs = unionLines(theirPlaces);
  const ours = report.summary.duplicatedLines;
  const difference = (ours - theirs) / theirs;
  console.log(
    `duplicated lines (distinct lines in any copy): debtlens ${ours}, jscpd ${theirs} (${(difference * 100).toFixed(1)}%; jscpd's own statistic: ${jscpd.statistics.total.duplicatedLines}) ${Math.abs(difference) <= 0.15 ? "PASS within 15%" : "FAIL beyond 15%"}`,
  );
  return difference;
}

function resolveName(name: string, corpus: string): string {
  return name.startsWith("/") ? name : `${process.cwd()}/${name}`.replace(/\/\.\//g, "/") || corpus;
}

/**
 * debtlens parses TypeScript without type annotations and finds explicit `any` from the text
 * (src/rules/quality/explicit-any.ts): on every TypeScript file of the corpus, the offsets it
 * finds must be the TypeScript AST's `any` keywords.
 */
export function compareExplicitAny(corpus: string): void {
  const files = readdirSync(corpus, { recursive: true, encoding: "utf8" })
    .filter(
      (p) => /\.[cm]?tsx?$/.test(p) && !/\.d\.[cm]?ts$/.test(p) && !p.includes("node_modules"),
    )
    .map((p) => join(corpus, p));
  let agree = 0;
  let keywords = 0;
  const differ: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const truth = typeScriptAnyOffsets(file, text);
    keywords += truth.length;
    if (scannedAnyOffsets(file, text).join() === truth.join()) agree++;
    else differ.push(relative(corpus, file));
  }
  console.log(
    `explicit any (text scan against the TypeScript AST): ${agree} of ${files.length} files agree, ${keywords} any in all${differ.length ? `; differ: ${differ.slice(0, 10).join(", ")}` : ""} ${differ.length === 0 ? "PASS" : "FAIL"}`,
  );
}
