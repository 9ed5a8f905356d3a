import { PRIORITY_CLASSES } from "../findings/index.ts";
import type { ReportItem } from "../report/index.ts";
import { round2 } from "./capacity.ts";
import { ownersOf, type CodeownersRule } from "./codeowners.ts";

/** Who must approve a cost (SPEC section 5): below `managerBelow` a manager, up to `ctoUpTo` the CTO, above an executive. */
export type ApproverRole = "manager" | "cto" | "executive";
export interface ApprovalThresholds {
  managerBelow: number;
  ctoUpTo: number;
}
export const DEFAULT_APPROVAL: ApprovalThresholds = { managerBelow: 50_000, ctoUpTo: 200_000 };

export function approverFor(investment: number, thresholds: ApprovalThresholds): ApproverRole {
  if (investment < thresholds.managerBelow) return "manager";
  if (investment <= thresholds.ctoUpTo) return "cto";
  return "executive";
}

/**
 * Rule families: rules that one piece of work fixes together, each with the title of that work.
 * A budget is approved for "take slow work off the request path in src/orders", not for 14 items.
 */
const FAMILIES: ReadonlyArray<{ id: string; rules: string[]; title: (where: string) => string }> = [
  {
    id: "injection",
    rules: ["security/injection"],
    title: (m) => `Parameterise queries and remove dynamic code execution in ${m}`,
  },
  {
    id: "secrets",
    rules: ["security/hardcoded-secret"],
    title: (m) => `Move hard-coded secrets in ${m} to a secret store and rotate them`,
  },
  {
    id: "dependencies",
    rules: ["security/vulnerable-dependency", "quality/outdated-dependency"],
    title: (m) => `Upgrade the dependencies of ${m}`,
  },
  {
    id: "transport",
    rules: [
      "security/missing-security-headers",
      "security/insecure-transport",
      "security/tls-verification-disabled",
    ],
    title: (m) => `Secure the transport and the response headers of ${m}`,
  },
  {
    id: "crypto",
    rules: ["security/weak-crypto", "security/jwt-misuse"],
    title: (m) => `Fix the cryptography and token handling in ${m}`,
  },
  {
    id: "database-access",
    rules: [
      "performance/query-in-loop",
      "performance/unbounded-query",
      "performance/missing-index",
    ],
    title: (m) => `Batch, bound and index the database access in ${m}`,
  },
  {
    id: "request-path",
    rules: [
      "performance/sync-io-in-request",
      "performance/sequential-awaits",
      "architecture/long-work-in-request",
      "architecture/sync-service-chain",
    ],
    title: (m) => `Take slow work off the request path in ${m} (queue it or run it concurrently)`,
  },
  {
    id: "complexity",
    rules: [
      "quality/complex-function",
      "quality/long-function",
      "quality/large-file",
      "history/hotspot",
    ],
    title: (m) => `Split and simplify the complex code in ${m}`,
  },
  {
    id: "duplication",
    rules: ["quality/duplicated-code"],
    title: (m) => `Remove the duplicated code in ${m}`,
  },
  {
    id: "markers",
    rules: ["quality/debt-marker"],
    title: (m) => `Resolve the debt markers in ${m}`,
  },
  { id: "tests", rules: ["quality/untested-module"], title: (m) => `Cover ${m} with tests` },
  {
    id: "dead-code",
    rules: ["quality/unused-code"],
    title: (m) => `Delete the unused code in ${m}`,
  },
  {
    id: "standards",
    rules: ["quality/missing-standards", "quality/parse-error"],
    title: (m) => `Set up linting, formatting and strict types for ${m}`,
  },
  {
    id: "modularity",
    rules: [
      "architecture/import-cycle",
      "architecture/hub-module",
      "architecture/boundary-violation",
      "architecture/logic-in-controller",
      "architecture/layered-layout",
      "history/change-coupling",
    ],
    title: (m) => `Untangle the module structure of ${m}`,
  },
  {
    id: "scale-out",
    rules: [
      "architecture/in-memory-state",
      "architecture/unguarded-cron",
      "architecture/queue-without-dlq",
      "architecture/multiple-datastores",
    ],
    title: (m) => `Make ${m} safe to run on several instances`,
  },
  {
    id: "api",
    rules: ["architecture/no-api-versioning"],
    title: (m) => `Version the public API of ${m}`,
  },
  {
    id: "delivery",
    rules: [
      "infrastructure/no-ci",
      "infrastructure/ci-without-tests",
      "infrastructure/ci-without-security-scan",
      "infrastructure/manual-deploy",
      "infrastructure/no-iac",
    ],
    title: (m) => `Automate build, test, scan and deploy for ${m}`,
  },
  {
    id: "observability",
    rules: [
      "infrastructure/no-structured-logging",
      "infrastructure/no-metrics",
      "infrastructure/no-tracing",
      "infrastructure/no-error-tracking",
      "infrastructure/no-healthcheck",
    ],
    title: (m) => `Add logs, metrics, tracing, error tracking and health checks to ${m}`,
  },
  {
    id: "resilience",
    rules: ["infrastructure/no-autoscaling", "infrastructure/no-backup"],
    title: (m) => `Add autoscaling and backups for ${m}`,
  },
  {
    id: "data",
    rules: ["data/no-migrations", "data/inconsistent-models", "data/unvalidated-input"],
    title: (m) => `Validate the input and migrate the data models of ${m}`,
  },
  {
    id: "knowledge",
    rules: ["history/knowledge-silo"],
    title: (m) => `Spread the knowledge of ${m} beyond one author`,
  },
];
const FAMILY_BY_RULE = new Map(FAMILIES.flatMap((f) => f.rules.map((r) => [r, f] as const)));

/** The family of a rule; a rule no family names is a family of its own. */
function familyOf(rule: string): { id: string; title: (where: string) => string } {
  return (
    FAMILY_BY_RULE.get(rule) ?? {
      id: rule,
      title: (m) => `Fix the ${rule} items in ${m}`,
    }
  );
}

/** An item's module: its file's folder, or its first `depth` folders when depth > 0. */
export function moduleOf(path: string | undefined, depth = 0): string {
  if (!path) return "(repository)";
  const folders = path.split("/").slice(0, -1);
  const kept = depth > 0 ? folders.slice(0, depth) : folders;
  return kept.length ? `${kept.join("/")}/` : "(root)";
}

export interface InitiativeOptions {
  moduleDepth?: number;
  codeowners?: readonly CodeownersRule[];
  approval?: ApprovalThresholds;
}

export interface Initiative {
  /** `family:module`, stable while the module and the family's rules stay. */
  id: string;
  title: string;
  family: string;
  module: string;
  /** Report ids of the items, best first. */
  items: string[];
  minutes: number;
  hours: number;
  principal: number;
  /** Interest saved a year once done. */
  interest: number;
  /** principal / (interest / 12); null when it saves nothing a year. */
  paybackMonths: number | null;
  /** The CODEOWNERS owners of most of its items (empty without CODEOWNERS or when unowned). */
  owners: string[];
  approver: ApproverRole;
  priority: number;
  class: ReportItem["scores"]["class"];
  risk: number;
  categories: string[];
}

export function initiativeKeyOf(item: ReportItem, moduleDepth = 0): string {
  return `${familyOf(item.rule).id}:${moduleOf(item.path, moduleDepth)}`;
}

/** The owners most of the paths share (ties: the first met in rank order). */
function commonOwners(items: readonly ReportItem[], rules: readonly CodeownersRule[]): string[] {
  const counts = new Map<string, { owners: string[]; n: number }>();
  for (const item of items) {
    const owners = ownersOf(rules, item.path);
    if (!owners.length) continue;
    const key = owners.join(" ");
    const entry = counts.get(key) ?? { owners, n: 0 };
    entry.n += 1;
    counts.set(key, entry);
  }
  let best: { owners: string[]; n: number } | undefined;
  for (const entry of counts.values()) if (!best || entry.n > best.n) best = entry;
  return best?.owners ?? [];
}

/**
 * Groups items into fundable initiatives by module and rule family, each priced, owned and routed
 * to the role that approves its cost. Ordered by their best item's priority, then by interest.
 */
export function initiativesOf(
  items: readonly ReportItem[],
  options: InitiativeOptions = {},
): Initiative[] {
  const groups = new Map<string, ReportItem[]>();
  for (const item of items) {
    const key = initiativeKeyOf(item, options.moduleDepth);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  const approval = options.approval ?? DEFAULT_APPROVAL;
  const out: Initiative[] = [];
  for (const [key, list] of groups) {
    list.sort((a, b) => b.scores.priority - a.scores.priority || a.id.localeCompare(b.id));
    const first = list[0]!;
    const family = familyOf(first.rule);
    const module = moduleOf(first.path, options.moduleDepth);
    let minutes = 0;
    let principal = 0;
    let interest = 0;
    let risk = 0;
    let best = 3;
    for (const item of list) {
      minutes += item.remediationMinutes;
      principal += item.money.principal;
      interest += item.money.interest;
      risk = Math.max(risk, item.scores.risk);
      best = Math.min(best, PRIORITY_CLASSES.indexOf(item.scores.class));
    }
    principal = round2(principal);
    interest = round2(interest);
    out.push({
      id: key,
      title: family.title(module === "(repository)" ? "the repository" : `\`${module}\``),
      family: family.id,
      module,
      items: list.map((i) => i.id),
      minutes,
      hours: round2(minutes / 60),
      principal,
      interest,
      paybackMonths: interest > 0 ? round2(principal / (interest / 12)) : null,
      owners: options.codeowners ? commonOwners(list, options.codeowners) : [],
      approver: approverFor(principal, approval),
      priority: first.scores.priority,
      class: PRIORITY_CLASSES[best]!,
      risk,
      categories: [...new Set(list.map((i) => i.category))],
    });
  }
  return out.sort(
    (a, b) => b.priority - a.priority || b.interest - a.interest || a.id.localeCompare(b.id),
  );
}
