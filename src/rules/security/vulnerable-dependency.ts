import { z } from "zod";
import {
  type DependencyAssessment,
  type DependencyFact,
  type VulnerablePackage,
  dependencyFact,
  isDependencyFile,
} from "../../dependencies/index.ts";
import { defineRule } from "../../engine/index.ts";
import type { Severity } from "../../findings/index.ts";

const options = z.strictObject({
  /** Report vulnerabilities that only development tooling can reach (one severity step lower). */
  development: z.boolean().default(true),
  /** Advisory ids (GHSA-…, CVE-…) accepted by the team: never reported. */
  ignore: z.array(z.string().min(1)).default([]),
});

export const VULNERABLE_DEPENDENCY = "security/vulnerable-dependency";
const LOWER: Record<Severity, Severity> = {
  critical: "high",
  high: "medium",
  medium: "low",
  low: "low",
  info: "info",
};

/** The package's entry, then the manifest lines that declare it (where the upgrade is made). */
function placesOf(pkg: VulnerablePackage) {
  const path = pkg.lockfiles[0]!;
  const line = pkg.line ?? 1;
  const places = [
    { path, startLine: line, endLine: line },
    ...(pkg.declaredIn ?? [])
      .filter((d) => d.manifest !== path)
      .map((d) => ({ path: d.manifest, startLine: d.line, endLine: d.line })),
  ];
  return { path, line, places };
}

export const vulnerableDependency = defineRule({
  id: VULNERABLE_DEPENDENCY,
  inputs: ["advisories"],
  category: "security",
  severity: "high",
  remediationMinutes: 60,
  description:
    "A locked dependency version inside the affected range of an OSV advisory (advisory folder or the OSV API).",
  rationale:
    "A known vulnerability has a public write-up and often a public exploit: it is the first thing an attacker tries, and the fix is usually an upgrade.",
  version: 2,
  options,
  messages: {
    vulnerable:
      "{{name}} {{versions}} ({{scope}}) is affected by {{count}} advisories: {{ids}}. {{fix}}",
    range:
      "{{name}} {{range}} in {{manifest}} ({{scope}}) allows {{versions}}, which is affected by {{count}} advisories: {{ids}}. There is no lockfile, so the lowest version the range allows was checked. {{fix}} Raise the range's floor, and commit a lockfile.",
    development:
      "{{name}} {{versions}} is affected by {{count}} advisories ({{ids}}) but only development tooling reaches it: it does not ship, so it weighs less. {{fix}}",
    unreadable:
      "{{file}} could not be read ({{problem}}), so its dependencies were not checked. Fix or regenerate the file.",
  },
  textFiles: isDependencyFile,
  checkText(ctx) {
    ctx.setFact(dependencyFact(ctx.path, ctx.text));
  },
  analyze(ctx) {
    for (const { path, fact } of ctx.factsOf<DependencyFact>(VULNERABLE_DEPENDENCY)) {
      if (fact.kind === "unreadable" && !path.endsWith("package.json")) {
        ctx.report({
          messageId: "unreadable",
          data: { file: path, problem: fact.problem },
          path,
          startLine: 1,
          key: "unreadable",
          severity: "low",
          remediationMinutes: 15,
        });
      }
    }
    const assessment = ctx.external?.[VULNERABLE_DEPENDENCY] as DependencyAssessment | undefined;
    for (const pkg of assessment?.vulnerable ?? []) {
      const advisories = pkg.advisories.filter(
        (a) =>
          !ctx.options.ignore.includes(a.id) &&
          !a.aliases.some((x) => ctx.options.ignore.includes(x)),
      );
      if (!advisories.length) continue;
      const dev = pkg.scope === "development";
      if (dev && !ctx.options.development) continue;
      const fix = pkg.fixedIn
        ? `Upgrade to ${pkg.fixedIn} or later.`
        : "No fixed version covers every advisory: replace the package or mitigate.";
      const { path, line, places } = placesOf(pkg);
      const range = pkg.fromRanges
        ? pkg.declaredIn?.find((d) => d.manifest === path)?.range
        : undefined;
      ctx.report({
        messageId: range !== undefined && !dev ? "range" : dev ? "development" : "vulnerable",
        data: {
          name: pkg.name,
          versions: pkg.versions.join(", "),
          scope: pkg.scope,
          count: advisories.length,
          ids: advisories.map((a) => a.id).join(", "),
          fix,
          range: range ?? "",
          manifest: path,
        },
        path,
        startLine: line,
        endLine: line,
        ...(places.length > 1 ? { places } : {}),
        key: `package:${pkg.name}`,
        severity: dev ? LOWER[pkg.severity] : pkg.severity,
        remediationMinutes: pkg.fixedIn ? 60 : 240,
        evidence: {
          package: pkg.name,
          versions: pkg.versions.join(", "),
          scope: pkg.scope,
          advisories: advisories
            .map((a) => `${a.id}:${a.severity}${a.score !== undefined ? `:${a.score}` : ""}`)
            .join(", "),
          ...(pkg.fixedIn ? { fixedIn: pkg.fixedIn } : {}),
          ...(pkg.fromRanges ? { checkedAt: "lowest version of the declared range" } : {}),
        },
      });
    }
  },
});
