import { readFileSync } from "node:fs";

interface ReportWithGraph {
  graph?: { cycles: Array<{ files: string[] }>; includeTypeImports: boolean };
}

export interface CycleComparison {
  ours: number;
  madge: number;
  both: number;
  onlyOurs: string[];
  onlyMadge: string[];
}

/**
 * Compares the files debtlens puts in import cycles with those `madge --circular --json` puts in
 * cycles. madge's JSON must be a file (a pipe cuts it at 64 KB). madge counts `import type` as
 * an edge unless told `skipTypeImports`, so compare with a report made with
 * `architecture.includeTypeImports` set the same way.
 */
export function compareCycles(ourReport: ReportWithGraph, madgeJsonPath: string): CycleComparison {
  const madgeCycles = JSON.parse(readFileSync(madgeJsonPath, "utf8")) as string[][];
  const madge = new Set(madgeCycles.flat().map((p) => p.replace(/^\.\//, "")));
  const ours = new Set((ourReport.graph?.cycles ?? []).flatMap((c) => c.files));
  const onlyOurs = [...ours].filter((f) => !madge.has(f)).sort();
  const onlyMadge = [...madge].filter((f) => !ours.has(f)).sort();
  const result = {
    ours: ours.size,
    madge: madge.size,
    both: ours.size - onlyOurs.length,
    onlyOurs,
    onlyMadge,
  };
  console.log(
    `import cycles: debtlens ${result.ours} files (type imports ${ourReport.graph?.includeTypeImports ? "counted" : "not counted"}), madge ${result.madge}, both ${result.both}`,
  );
  if (onlyOurs.length)
    console.log(
      `  only debtlens: ${onlyOurs.slice(0, 20).join(", ")}${onlyOurs.length > 20 ? ` (+${onlyOurs.length - 20})` : ""}`,
    );
  if (onlyMadge.length)
    console.log(
      `  only madge: ${onlyMadge.slice(0, 20).join(", ")}${onlyMadge.length > 20 ? ` (+${onlyMadge.length - 20})` : ""}`,
    );
  return result;
}
