import type { GateConfig } from "../config/index.ts";
import type { ReportItem } from "../report/index.ts";

const SEVERITY_RANK = ["info", "low", "medium", "high", "critical"] as const;

/**
 * Items derived from git history (hotspots, change coupling, knowledge silos) appear and
 * disappear as other people commit: such an item can be new in a change that never touched its
 * files. The rule family is the only thing that says so.
 */
export function fromHistory(item: ReportItem): boolean {
  return item.rule.startsWith("history/");
}

/** Whether the item sits in, or lists, a file the change touches. */
export function touches(item: ReportItem, changed: ReadonlySet<string>): boolean {
  if (item.path !== undefined && changed.has(item.path)) return true;
  return (item.places ?? []).some((p) => changed.has(p.path));
}

/**
 * The new items a change answers for: every new item except the history-derived ones on files it
 * did not touch. Without the list of changed files (a baseline alone), no history item counts.
 */
export function itemsOfTheChange(
  added: readonly ReportItem[],
  changed: ReadonlySet<string> | undefined,
): { counted: ReportItem[]; untouched: number } {
  const counted = added.filter(
    (i) => !fromHistory(i) || (changed !== undefined && touches(i, changed)),
  );
  return { counted, untouched: added.length - counted.length };
}

/**
 * The new-code policy (SonarQube's default gate: no new issue on new code): a new item of
 * `gate.newCodeSeverity` or above in a file the change touches fails it, whatever its priority
 * class. Without the changed files (a baseline alone) every new item with a file counts.
 */
export function newCodeReasons(
  counted: readonly ReportItem[],
  changed: ReadonlySet<string> | undefined,
  gate: GateConfig,
): string[] {
  const floor = gate.newCodeSeverity;
  if (floor === "off") return [];
  const rank = SEVERITY_RANK.indexOf(floor);
  const hits = counted.filter(
    (i) =>
      SEVERITY_RANK.indexOf(i.severity) >= rank &&
      i.path !== undefined &&
      (changed === undefined || touches(i, changed)),
  );
  if (!hits.length) return [];
  const where = hits
    .slice(0, 3)
    .map((i) => `${i.rule} at ${i.path}${i.startLine ? `:${i.startLine}` : ""} (${i.severity})`)
    .join(", ");
  const more = hits.length > 3 ? `, and ${hits.length - 3} more` : "";
  return [
    `${hits.length} new item${hits.length === 1 ? "" : "s"} of severity ${floor} or above in the files this change touches: ${where}${more} (gate.newCodeSeverity)`,
  ];
}
