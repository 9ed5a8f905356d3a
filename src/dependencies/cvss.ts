import type { Severity } from "../findings/index.ts";

const W = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** CVSS 3.1's Roundup: the smallest number with one decimal that is >= the input. */
function roundUp(value: number): number {
  const int = Math.round(value * 100000);
  return int % 10000 === 0 ? int / 100000 : (Math.floor(int / 10000) + 1) / 10;
}

/** The base score of a CVSS 3.0/3.1 vector (FIRST's specification, section 7.1), or undefined. */
export function cvss3BaseScore(vector: string): number | undefined {
  const m = /^CVSS:3\.[01]\/(.*)$/.exec(vector.trim());
  if (!m) return undefined;
  const metrics = Object.fromEntries(
    m[1]!.split("/").map((part) => part.split(":") as [string, string]),
  );
  const get = <T extends Record<string, number>>(table: T, key: string) =>
    table[metrics[key] as keyof T] as number | undefined;
  const av = get(W.AV, "AV");
  const ac = get(W.AC, "AC");
  const ui = get(W.UI, "UI");
  const c = get(W.CIA, "C");
  const i = get(W.CIA, "I");
  const a = get(W.CIA, "A");
  const changed = metrics.S === "C";
  const pr = { N: 0.85, L: changed ? 0.68 : 0.62, H: changed ? 0.5 : 0.27 }[
    metrics.PR as "N" | "L" | "H"
  ];
  if (
    [av, ac, ui, c, i, a, pr].some((x) => x === undefined) ||
    (metrics.S !== "U" && metrics.S !== "C")
  )
    return undefined;
  const iss = 1 - (1 - c!) * (1 - i!) * (1 - a!);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability = 8.22 * av! * ac! * pr! * ui!;
  if (impact <= 0) return 0;
  return changed
    ? roundUp(Math.min(1.08 * (impact + exploitability), 10))
    : roundUp(Math.min(impact + exploitability, 10));
}

/** CVSS qualitative rating (v3.1 table 14) in debtlens severities. */
export function severityOfScore(score: number): Severity {
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  if (score > 0) return "low";
  return "info";
}

/** GitHub's advisory labels (`database_specific.severity` in OSV) in debtlens severities. */
export function severityOfLabel(label: unknown): Severity | undefined {
  switch (String(label).toUpperCase()) {
    case "CRITICAL":
      return "critical";
    case "HIGH":
      return "high";
    case "MODERATE":
    case "MEDIUM":
      return "medium";
    case "LOW":
      return "low";
    default:
      return undefined;
  }
}
