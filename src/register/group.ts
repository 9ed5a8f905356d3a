import { SEVERITIES, type Finding, type Place } from "../findings/index.ts";

/** Of the further places of a grouped item, each adds this share of its own remediation time. */
export const FURTHER_PLACE_SHARE = 0.1;
/** How many of a group's symbols its message names. */
const SYMBOLS_SHOWN = 5;

const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);
const placesOf = (f: Finding): Place[] =>
  f.places ??
  (f.path === undefined
    ? []
    : [{ path: f.path, startLine: f.startLine ?? 1, endLine: f.endLine ?? f.startLine ?? 1 }]);

/**
 * One item per problem: findings of one rule that share a fingerprint are one problem in many
 * places (a rule gives findings the same fingerprint on purpose by reporting a `group`, e.g. the
 * hash of a secret's value; anywhere else a shared fingerprint would be a duplicate id). They
 * become one finding at the most severe place, with every place in `places`: one expected
 * incident, one fix. Fixing it once is the largest member's remediation time; each further place
 * adds FURTHER_PLACE_SHARE of its own (the same edit again). Pure; the order of first
 * appearance is kept.
 */
export function groupFindings(findings: readonly Finding[]): Finding[] {
  const byFingerprint = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.rule}\u0000${f.fingerprint}`;
    const list = byFingerprint.get(key);
    if (list) list.push(f);
    else byFingerprint.set(key, [f]);
  }
  if (byFingerprint.size === findings.length) return [...findings];
  return [...byFingerprint.values()].map((members) =>
    members.length === 1 ? members[0]! : merge(members),
  );
}

function merge(members: readonly Finding[]): Finding {
  const sorted = [...members].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.path ?? "").localeCompare(b.path ?? "") ||
      (a.startLine ?? 0) - (b.startLine ?? 0),
  );
  const first = sorted[0]!;
  const seen = new Set<string>();
  const places: Place[] = [];
  for (const p of sorted.flatMap(placesOf)) {
    const id = `${p.path}\u0000${p.startLine}`;
    if (seen.has(id)) continue;
    seen.add(id);
    places.push(p);
  }
  // The most severe place leads; the rest read in path order.
  const [lead, ...rest] = places;
  rest.sort((a, b) => a.path.localeCompare(b.path) || a.startLine - b.startLine);
  const further = sorted.slice(1).reduce((s, f) => s + f.remediationMinutes, 0);
  const merged: Finding = {
    ...first,
    remediationMinutes: Math.round(first.remediationMinutes + FURTHER_PLACE_SHARE * further),
  };
  if (places.length < 2) return merged;
  return {
    ...merged,
    message: `${first.message} The same finding is in ${places.length} places${symbolsOf(sorted)}.`,
    evidence: { ...first.evidence, places: places.length },
    places: [lead!, ...rest],
  };
}

/** ` (`a`, `b`, `c` and 4 more)` when the members are about different symbols (exports of one module). */
function symbolsOf(members: readonly Finding[]): string {
  const names = [...new Set(members.flatMap((f) => (f.symbol === undefined ? [] : [f.symbol])))];
  if (names.length < 2) return "";
  const shown = names.slice(0, SYMBOLS_SHOWN).map((n) => `\`${n}\``);
  const more = names.length - shown.length;
  return ` (${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""})`;
}
