import { manifestOf } from "./classify.ts";
import type { DependencyFact } from "./assess.ts";
import { isLockfile } from "../shared/index.ts";
import { parseLockfile } from "./lockfiles.ts";
import { manifestLines } from "./lines.ts";

export {
  assessDependencies,
  type AssessOptions,
  type DependencyAssessment,
  type DependencyFact,
  type OutdatedPackage,
  type VulnerablePackage,
} from "./assess.ts";
export { classify, manifestOf, type Manifest } from "./classify.ts";
export { cvss3BaseScore, severityOfLabel, severityOfScore } from "./cvss.ts";
export {
  LockfileError,
  parseLockfile,
  type LockGraph,
  type LockedNode,
  type Scope,
} from "./lockfiles.ts";
export {
  loadAdvisoryFolder,
  lowestFixingVersion,
  matchAdvisories,
  rangesOf,
  type Advisory,
  type OsvRecord,
} from "./osv.ts";
export { fetchMetadata, libyear, type PackageMetadata } from "./registry.ts";
export { jsonKeyLines, manifestLines } from "./lines.ts";

/** The files the dependency rules read: lockfiles and package.json manifests outside node_modules. */
export function isDependencyFile(path: string): boolean {
  return (isLockfile(path) || /(^|\/)package\.json$/.test(path)) && !path.includes("node_modules/");
}

/** One lockfile or manifest as a compact fact; a broken file is reported, never fatal. */
export function dependencyFact(path: string, text: string): DependencyFact {
  try {
    if (path.endsWith("package.json")) {
      const data = JSON.parse(text) as unknown;
      if (typeof data !== "object" || data === null) throw new Error("not a JSON object");
      const manifest = manifestOf(data as Record<string, unknown>);
      return { kind: "manifest", manifest: { ...manifest, lines: manifestLines(text) } };
    }
    return { kind: "lockfile", graph: parseLockfile(path, text) };
  } catch (error) {
    return { kind: "unreadable", problem: (error as Error).message.slice(0, 160) };
  }
}
