import { priorityClass } from "../register/index.ts";
import type { AuditReport, ReportItem } from "./schema.ts";
import { headlineItems } from "./totals.ts";

/**
 * The readiness scorecard of SPEC section 2: the framework's five steps from MVP to scale, each a
 * list of checks that pass when the named rules found nothing. A check whose rules do not exist
 * (or are disabled) cannot pass or fail: it is `unknown` and says which rules it waits for. The
 * checks judge what the code does through the rules' findings: a failure names its places
 * (file:line), a pass says what the rules looked for in the code and did not find.
 */
export type CheckStatus = "pass" | "fail" | "unknown";

export interface ReadinessCheck {
  id: string;
  title: string;
  rules: string[];
  status: CheckStatus;
  /** One sentence: why it passed, failed or could not be decided. */
  reason: string;
  /** Ids of the items behind a failure, best first. */
  items: string[];
}

export interface ReadinessStep {
  step: number;
  name: string;
  goal: string;
  status: CheckStatus;
  checks: ReadinessCheck[];
}

export interface Readiness {
  /** The highest step whose checks all pass, with every step below it (0: not even step 1). */
  level: number;
  steps: ReadinessStep[];
}

interface CheckDefinition {
  id: string;
  title: string;
  rules: string[];
  /** Which of the rules' items count as a failure (default: any). */
  counts?: (item: ReportItem) => boolean;
  /** What the rules look for in the code, for a pass to say what was not found. */
  looksFor?: string;
}

const SECURITY_RULES = [
  "security/hardcoded-secret",
  "security/vulnerable-dependency",
  "security/missing-security-headers",
  "security/insecure-transport",
  "security/injection",
  "security/weak-crypto",
  "security/jwt-misuse",
  "security/tls-verification-disabled",
  "security/nosql-injection",
  "security/ssrf",
  "security/open-redirect",
  "security/permissive-cors",
  "security/hardcoded-session-secret",
  "security/directory-listing",
  "security/unsafe-yaml",
];

/** The top priority class (the framework's Critical): what the headline counts first and the gate allows none of. */
const TOP_CLASS = priorityClass(10);

export const READINESS_STEPS: ReadonlyArray<{
  step: number;
  name: string;
  goal: string;
  checks: CheckDefinition[];
}> = [
  {
    step: 1,
    name: "Cleanse",
    goal: "No security items to fix now; the register exists and is triaged.",
    checks: [
      {
        id: "no-critical-security",
        // The headline's top class, not the severity: the two used to disagree (a SQL injection
        // in a login route was "high" in the headline and failed this check as "critical").
        title: "No security items in the top priority class",
        rules: SECURITY_RULES,
        counts: (i) => i.scores.class === TOP_CLASS,
      },
      {
        id: "register-triaged",
        title: "Fix-now and next items are triaged",
        rules: ["*"],
        counts: (i) => i.scores.class === "fix-now" || i.scores.class === "next",
      },
    ],
  },
  {
    step: 2,
    name: "Decouple",
    goal: "Modules that can change and scale apart.",
    checks: [
      { id: "no-import-cycles", title: "No import cycles", rules: ["architecture/import-cycle"] },
      {
        id: "no-boundary-violations",
        title: "No boundary violations",
        rules: ["architecture/boundary-violation"],
      },
      {
        id: "no-logic-in-controllers",
        title: "No logic in controllers",
        rules: ["architecture/logic-in-controller"],
      },
      {
        id: "no-sync-service-chains",
        title: "No synchronous service chains",
        rules: ["architecture/sync-service-chain"],
      },
      {
        id: "feature-layout",
        title: "Feature-oriented layout",
        rules: ["architecture/layered-layout"],
      },
    ],
  },
  {
    step: 3,
    name: "Automate",
    goal: "Every change is built, tested, scanned and deployed by machines.",
    checks: [
      { id: "ci", title: "CI exists", rules: ["infrastructure/no-ci"] },
      { id: "ci-tests", title: "CI runs the tests", rules: ["infrastructure/ci-without-tests"] },
      {
        id: "ci-security-scan",
        title: "CI runs a security scan",
        rules: ["infrastructure/ci-without-security-scan"],
      },
      { id: "iac", title: "Infrastructure as code", rules: ["infrastructure/no-iac"] },
      {
        id: "no-manual-deploy",
        title: "No manual deploys",
        rules: ["infrastructure/manual-deploy"],
      },
    ],
  },
  {
    step: 4,
    name: "Scale",
    goal: "Servers that can be multiplied and data paths that stay bounded.",
    checks: [
      {
        id: "stateless",
        title: "Stateless servers",
        rules: ["architecture/in-memory-state"],
        looksFor:
          "in-memory session store, module-level map that handlers mutate, issued tokens or sessions kept in a module-level object, nor scheduler inside the web server",
      },
      {
        id: "guarded-cron",
        title: "Guarded scheduled jobs",
        rules: ["architecture/unguarded-cron"],
      },
      {
        id: "queues-dlq",
        title: "Queues with retries and dead letters",
        rules: ["architecture/queue-without-dlq", "architecture/self-http-jobs"],
        looksFor:
          "queue consumer without retries or a dead-letter place, nor background job run by calling the app's own HTTP API with its failures dropped",
      },
      { id: "bounded-queries", title: "Bounded queries", rules: ["performance/unbounded-query"] },
      {
        id: "indexes",
        title: "Indexes for filtered columns",
        rules: ["performance/missing-index"],
      },
      {
        id: "one-datastore",
        title: "One primary datastore",
        rules: ["architecture/multiple-datastores", "data/file-in-database"],
        looksFor:
          "second primary database family in one application, nor uploaded files stored in the database as base64 text",
      },
      {
        id: "work-off-request",
        title: "Long work off the request path",
        rules: ["architecture/long-work-in-request"],
      },
    ],
  },
  {
    step: 5,
    name: "Observe",
    goal: "Problems are seen before users report them.",
    checks: [
      {
        id: "structured-logs",
        title: "Structured logs",
        rules: ["infrastructure/no-structured-logging"],
        looksFor:
          "console.* logging in server code without a structured logger, nor 50 calls or more beside one",
      },
      { id: "metrics", title: "Metrics", rules: ["infrastructure/no-metrics"] },
      { id: "tracing", title: "Tracing", rules: ["infrastructure/no-tracing"] },
      {
        id: "error-tracking",
        title: "Error tracking",
        rules: ["infrastructure/no-error-tracking"],
      },
      { id: "health-checks", title: "Health checks", rules: ["infrastructure/no-healthcheck"] },
    ],
  },
];

/** Where the failing items are, best first: `: a.ts:3, b.ts:12 and 4 more`. */
function placesOf(items: readonly ReportItem[]): string {
  const at = items
    .filter((i) => i.path)
    .map((i) => `${i.path}${i.startLine ? `:${i.startLine}` : ""}`);
  if (!at.length) return "";
  const shown = at.slice(0, 3).join(", ");
  return at.length > 3 ? `: ${shown} and ${at.length - 3} more` : `: ${shown}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function evaluate(
  report: AuditReport,
  items: readonly ReportItem[],
  check: CheckDefinition,
  enabled: Set<string>,
): ReadinessCheck {
  const wildcard = check.rules.includes("*");
  const ruleSet = new Set(check.rules);
  const failing = items.filter(
    (i) => (wildcard || ruleSet.has(i.rule)) && (check.counts ? check.counts(i) : true),
  );
  const base = { id: check.id, title: check.title, rules: check.rules };
  if (failing.length > 0) {
    const rules = [...new Set(failing.map((i) => i.rule))];
    return {
      ...base,
      status: "fail",
      reason: `${plural(failing.length, "item")} from ${rules.join(", ")}${placesOf(failing)}.`,
      items: failing.map((i) => i.id),
    };
  }
  const missing = wildcard ? [] : check.rules.filter((r) => !enabled.has(r));
  if (missing.length === check.rules.length && !wildcard) {
    const existing = new Set(report.rules.map((r) => r.id));
    const absent = missing.filter((r) => !existing.has(r));
    return {
      ...base,
      status: "unknown",
      reason:
        absent.length === missing.length
          ? `Not checked yet: debtlens has no rule ${missing.join(", ")} so far.`
          : `Not checked: ${missing.join(", ")} is disabled in the configuration.`,
      items: [],
    };
  }
  const partly = missing.length
    ? ` (${missing.length} of ${check.rules.length} rules do not run yet: ${missing.join(", ")})`
    : "";
  const looked = check.looksFor ? `: found no ${check.looksFor}` : "";
  return { ...base, status: "pass", reason: `No items${looked}${partly}.`, items: [] };
}

export function readinessOf(report: AuditReport): Readiness {
  const enabled = new Set(report.rules.filter((r) => r.enabled).map((r) => r.id));
  // The scorecard judges what the headline counts (the counted scopes' items), so the two agree.
  const items = headlineItems(report);
  const steps: ReadinessStep[] = READINESS_STEPS.map((step) => {
    const checks = step.checks.map((c) => evaluate(report, items, c, enabled));
    const status: CheckStatus = checks.some((c) => c.status === "fail")
      ? "fail"
      : checks.some((c) => c.status === "unknown")
        ? "unknown"
        : "pass";
    return { step: step.step, name: step.name, goal: step.goal, status, checks };
  });
  let level = 0;
  for (const step of steps) {
    if (step.status !== "pass") break;
    level = step.step;
  }
  return { level, steps };
}
