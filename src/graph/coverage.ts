import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";

export interface FileCoverage {
  path: string;
  linesFound: number;
  linesHit: number;
  /** Line coverage in percent, one decimal. */
  pct: number;
}

export interface CoverageData {
  /** The report's file name and format. */
  source: string;
  format: "lcov" | "istanbul" | "istanbul-summary";
  files: FileCoverage[];
  /** Set when the file could not be read or understood: reported, never fatal. */
  problem?: string;
}

const pct = (hit: number, found: number) =>
  found === 0 ? 100 : Math.round((hit / found) * 1000) / 10;

/** Repository-relative path of a path as a coverage tool wrote it (absolute, relative to the project, or `file://`). */
function normalise(root: string, raw: string, baseDir: string): string {
  const path = raw.startsWith("file://") ? new URL(raw).pathname : raw;
  const abs = isAbsolute(path) ? path : resolve(baseDir, path);
  const rel = relative(root, abs);
  return (sep === "/" ? rel : rel.split(sep).join("/")) || path;
}

function parseLcov(root: string, text: string, baseDir: string): FileCoverage[] {
  const files: FileCoverage[] = [];
  let path: string | undefined;
  let found = 0;
  let hit = 0;
  const lines = new Map<number, number>();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("SF:")) {
      path = normalise(root, line.slice(3), baseDir);
      found = hit = 0;
      lines.clear();
    } else if (line.startsWith("DA:")) {
      const [n, count] = line.slice(3).split(",");
      lines.set(Number(n), Math.max(lines.get(Number(n)) ?? 0, Number(count)));
    } else if (line.startsWith("LF:")) found = Number(line.slice(3));
    else if (line.startsWith("LH:")) hit = Number(line.slice(3));
    else if (line === "end_of_record" && path) {
      if (found === 0 && lines.size) {
        found = lines.size;
        hit = [...lines.values()].filter((c) => c > 0).length;
      }
      files.push({ path, linesFound: found, linesHit: hit, pct: pct(hit, found) });
      path = undefined;
    }
  }
  return files;
}

interface IstanbulFile {
  path?: string;
  statementMap?: Record<string, { start: { line: number } }>;
  s?: Record<string, number>;
  lines?: { total: number; covered: number };
}

function parseIstanbul(
  root: string,
  json: Record<string, IstanbulFile>,
  baseDir: string,
): { files: FileCoverage[]; summary: boolean } {
  const files: FileCoverage[] = [];
  let summary = false;
  for (const [key, entry] of Object.entries(json)) {
    if (key === "total" || !entry || typeof entry !== "object") continue;
    const path = normalise(root, entry.path ?? key, baseDir);
    if (entry.lines && typeof entry.lines.total === "number") {
      summary = true;
      files.push({
        path,
        linesFound: entry.lines.total,
        linesHit: entry.lines.covered,
        pct: pct(entry.lines.covered, entry.lines.total),
      });
      continue;
    }
    if (!entry.statementMap || !entry.s)
      throw new Error(`entry "${key}" has neither statementMap/s nor lines`);
    // Line coverage as istanbul computes it: a line is covered when its statements ran.
    const lines = new Map<number, number>();
    for (const [id, loc] of Object.entries(entry.statementMap)) {
      const line = loc.start.line;
      lines.set(line, Math.max(lines.get(line) ?? 0, entry.s[id] ?? 0));
    }
    const hit = [...lines.values()].filter((c) => c > 0).length;
    files.push({ path, linesFound: lines.size, linesHit: hit, pct: pct(hit, lines.size) });
  }
  return { files, summary };
}

/**
 * Reads an lcov (`lcov.info`) or istanbul JSON (`coverage-final.json`, `coverage-summary.json`)
 * report. A missing or malformed file becomes `problem`, so the audit goes on without it.
 */
export function loadCoverage(root: string, file: string): CoverageData {
  const source = file.split(/[\\/]/).pop() ?? file;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return {
      source,
      format: "lcov",
      files: [],
      problem: `${file}: cannot read the coverage report (${(error as NodeJS.ErrnoException).code ?? "read failed"})`,
    };
  }
  const baseDir = root;
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    try {
      const { files, summary } = parseIstanbul(
        root,
        JSON.parse(text) as Record<string, IstanbulFile>,
        baseDir,
      );
      return { source, format: summary ? "istanbul-summary" : "istanbul", files };
    } catch (error) {
      return {
        source,
        format: "istanbul",
        files: [],
        problem: `${file}: not an istanbul coverage report (${(error as Error).message})`,
      };
    }
  }
  if (!/^(TN:|SF:)/m.test(text))
    return {
      source,
      format: "lcov",
      files: [],
      problem: `${file}: neither lcov (no SF: record) nor istanbul JSON`,
    };
  return { source, format: "lcov", files: parseLcov(root, text, baseDir) };
}
