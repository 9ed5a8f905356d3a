import type { ActiveRule, FileSummary } from "../engine/index.ts";
import type { Finding } from "../findings/index.ts";
import { scanHistory } from "../secrets/index.ts";
import { assessDependencies, type DependencyAssessment, type DependencyFact } from "./assess.ts";

const VULNERABLE = "security/vulnerable-dependency";
const OUTDATED = "quality/outdated-dependency";
const SECRET = "security/hardcoded-secret";

export interface ExternalOptions {
  root: string;
  /** Where registry answers are kept; undefined with the cache off (nothing read or written). */
  cacheDir: string | undefined;
  rules: readonly ActiveRule[];
  files: readonly FileSummary[];
  findings: readonly Finding[];
  advisories?: string;
  offline?: boolean;
  /** Scan the added lines of every past commit for secrets. */
  history?: boolean;
}

/**
 * The I/O the security and dependency rules need beyond the files: advisories, registry metadata
 * and git history. Runs once per audit in the pipeline; the rules get the results through
 * `RepositoryContext.external`, keyed by rule id.
 */
export async function gatherExternal(options: ExternalOptions): Promise<{
  external: Record<string, unknown>;
  dependencies?: DependencyAssessment;
  notes: string[];
}> {
  const on = new Set(options.rules.map((r) => r.rule.id));
  const external: Record<string, unknown> = {};
  const notes: string[] = [];
  let dependencies: DependencyAssessment | undefined;
  if (on.has(VULNERABLE) || on.has(OUTDATED)) {
    const factRule = on.has(VULNERABLE) ? VULNERABLE : OUTDATED;
    const facts = options.files
      .filter((f) => factRule in f.facts)
      .map((f) => ({ path: f.path, fact: f.facts[factRule] as DependencyFact }));
    if (facts.length) {
      dependencies = await assessDependencies({
        facts,
        ...(options.advisories ? { advisoriesDir: options.advisories } : {}),
        offline: options.offline ?? false,
        cacheDir: options.cacheDir,
        outdated: on.has(OUTDATED),
        vulnerabilities: on.has(VULNERABLE),
      });
      external[VULNERABLE] = dependencies;
      external[OUTDATED] = dependencies;
      notes.push(...dependencies.notes);
    }
  }
  const secretRule = options.rules.find((r) => r.rule.id === SECRET);
  if (options.history && secretRule) {
    const o = secretRule.options as { minEntropy: number; minLength: number; allow: string[] };
    const current = new Set(
      options.findings.filter((f) => f.rule === SECRET).map((f) => String(f.evidence.sha256)),
    );
    try {
      external[SECRET] = await scanHistory(
        options.root,
        { minEntropy: o.minEntropy, minLength: o.minLength, allow: o.allow, generic: true },
        current,
      );
    } catch (error) {
      notes.push(
        `--history: git history could not be scanned for secrets (${(error as Error).message}).`,
      );
    }
  }
  return { external, ...(dependencies ? { dependencies } : {}), notes };
}
