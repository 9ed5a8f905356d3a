import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { semverModule } from "../shared/index.ts";
import type { Severity } from "../findings/index.ts";
import { cvss3BaseScore, severityOfLabel, severityOfScore } from "./cvss.ts";

/** The part of an OSV record (https://ossf.github.io/osv-schema/) that matching needs. */
export interface OsvRecord {
  id: string;
  aliases?: string[];
  summary?: string;
  withdrawn?: string;
  severity?: Array<{ type: string; score: string }>;
  database_specific?: { severity?: string };
  affected?: Array<{
    package?: { ecosystem?: string; name?: string };
    ranges?: Array<{ type: string; events: Array<Record<string, string>> }>;
    versions?: string[];
  }>;
}

export interface Advisory {
  id: string;
  aliases: string[];
  summary: string;
  severity: Severity;
  /** CVSS base score when the record has a v3 vector. */
  score?: number;
  /** The lowest version above the installed one that this advisory says is fixed. */
  fixedIn?: string;
}

/** npm's comparison options: prereleases are versions like any other (as `npm audit` treats them). */
const NPM = { loose: true, includePrerelease: true } as const;

/**
 * Reads an OSV folder (the layout of OSV's published data: `npm/*.json`, or any tree of records).
 * A file that is not a valid record is skipped and named in `skipped`: one bad file does not
 * switch off every advisory. Links are not followed.
 */
export function loadAdvisoryFolder(dir: string): Map<string, OsvRecord[]> & { skipped: string[] } {
  const byPackage = Object.assign(new Map<string, OsvRecord[]>(), { skipped: [] as string[] });
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith(".json")) {
        try {
          const record = JSON.parse(readFileSync(path, "utf8")) as OsvRecord;
          if (record === null || typeof record !== "object" || typeof record.id !== "string")
            throw new Error("not an OSV record");
          if (record.affected !== undefined && !Array.isArray(record.affected))
            throw new Error("affected is not a list");
          addRecord(byPackage, record);
        } catch {
          byPackage.skipped.push(path);
        }
      }
    }
  };
  walk(dir);
  return byPackage;
}

export function addRecord(byPackage: Map<string, OsvRecord[]>, record: OsvRecord): void {
  if (record.withdrawn) return;
  const names = new Set(
    (record.affected ?? [])
      .filter((a) => a.package?.ecosystem === "npm" && a.package.name)
      .map((a) => a.package!.name!),
  );
  for (const name of names) byPackage.set(name, [...(byPackage.get(name) ?? []), record]);
}

/**
 * The npm range strings an OSV `affected` entry stands for: each introduced..fixed (or
 * ..last_affected) pair becomes `>=a <b` (`<=b`), which npm's semver then evaluates.
 */
export function rangesOf(events: ReadonlyArray<Record<string, string>>): string[] {
  const ranges: string[] = [];
  let start: string | undefined;
  for (const event of events) {
    if (event.introduced !== undefined)
      start = event.introduced === "0" ? "0.0.0-0" : event.introduced;
    else if (start !== undefined && event.fixed !== undefined) {
      ranges.push(`>=${start} <${event.fixed}`);
      start = undefined;
    } else if (start !== undefined && event.last_affected !== undefined) {
      ranges.push(`>=${start} <=${event.last_affected}`);
      start = undefined;
    }
  }
  if (start !== undefined) ranges.push(`>=${start}`);
  return ranges;
}

function severityOf(record: OsvRecord): { severity: Severity; score?: number } {
  for (const s of record.severity ?? []) {
    const score = s.type === "CVSS_V3" ? cvss3BaseScore(s.score) : undefined;
    if (score !== undefined) return { severity: severityOfScore(score), score };
  }
  return { severity: severityOfLabel(record.database_specific?.severity) ?? "medium" };
}

/** The advisories among `records` whose affected ranges hold `version` of `name`. */
export function matchAdvisories(
  name: string,
  version: string,
  records: readonly OsvRecord[],
): Advisory[] {
  const out: Advisory[] = [];
  if (!semverModule().valid(version, NPM)) return out;
  for (const record of records) {
    let affected = false;
    let fixedIn: string | undefined;
    for (const a of record.affected ?? []) {
      if (a.package?.ecosystem !== "npm" || a.package.name !== name) continue;
      if (a.versions?.includes(version)) affected = true;
      for (const range of a.ranges ?? []) {
        if (range.type !== "SEMVER" && range.type !== "ECOSYSTEM") continue;
        if (rangesOf(range.events).some((r) => semverModule().satisfies(version, r, NPM)))
          affected = true;
        for (const event of range.events) {
          const fixed = event.fixed;
          if (
            fixed &&
            semverModule().valid(fixed, NPM) &&
            semverModule().gt(fixed, version, NPM) &&
            (!fixedIn || semverModule().lt(fixed, fixedIn, NPM))
          )
            fixedIn = fixed;
        }
      }
    }
    if (!affected) continue;
    const advisory: Advisory = {
      id: record.id,
      aliases: record.aliases ?? [],
      summary: record.summary ?? record.id,
      ...severityOf(record),
    };
    if (fixedIn) advisory.fixedIn = fixedIn;
    out.push(advisory);
  }
  return out;
}

/** The lowest version that fixes every advisory, when each names a fix. */
export function lowestFixingVersion(advisories: readonly Advisory[]): string | undefined {
  let best: string | undefined;
  for (const a of advisories) {
    if (!a.fixedIn) return undefined;
    if (!best || semverModule().gt(a.fixedIn, best, NPM)) best = a.fixedIn;
  }
  return best;
}
