import type { ReportNote } from "./schema.ts";

type Data = NonNullable<ReportNote["data"]>;
const plural = (n: unknown, one: string, many: string) => (n === 1 ? one : many);

/** Wordings by code, from the note's data; a code not here (or without its data) keeps its text. */
const WORDINGS: Record<string, (d: Data) => string | undefined> = {
  "triage.excluded": (d) =>
    `${d.items} triaged ${plural(d.items, "item", "items")} from ${d.file} ${plural(d.items, "is", "are")} left out of the totals.`,
  "triage.expired": (d) =>
    `${d.decisions} triage ${plural(d.decisions, "decision", "decisions")} in ${d.file} expired and ${plural(d.decisions, "counts", "count")} again.`,
  "triage.stale": (d) =>
    `${d.decisions} triage ${plural(d.decisions, "decision", "decisions")} in ${d.file} ${plural(d.decisions, "matches", "match")} no item (stale): remove ${plural(d.decisions, "it", "them")}.`,
};

/** A note as the reporters print it: worded from its code and data when known, else its text. */
export function noteText(note: ReportNote): string {
  const word = WORDINGS[note.code];
  return (note.data && word?.(note.data)) || note.text;
}
