import { DOCS_BASE_URL, ruleDocsUrl } from "./links.ts";
import type { AuditReport, ReportItem } from "./schema.ts";
import { countedScopes, otherScopes } from "./totals.ts";
import { pathUri } from "./untrusted.ts";

export interface SarifOptions {
  docsBaseUrl?: string;
  /** Prefix for result paths when the audited folder is not the repository root (e.g. "packages/api/"). */
  pathPrefix?: string;
}

type Level = "error" | "warning" | "note";

/** Code scanning shows `error` as a failure, `warning` as a warning and `note` as a hint. */
export function sarifLevel(severity: ReportItem["severity"]): Level {
  if (severity === "critical" || severity === "high") return "error";
  if (severity === "medium") return "warning";
  return "note";
}

/** GitHub ranks code-scanning alerts by this 0-10 number (`security-severity`) for security rules. */
const SECURITY_SEVERITY: Record<ReportItem["severity"], string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "1.0",
};

/**
 * SARIF 2.1.0 for code-scanning uploads: one run, every rule with its help and a link to its page,
 * one result per item with the fingerprint in `partialFingerprints` so the scanner follows an item
 * across commits the way the register does.
 */
export function formatSarif(report: AuditReport, options: SarifOptions = {}): string {
  const base = options.docsBaseUrl ?? DOCS_BASE_URL;
  const prefix = options.pathPrefix ?? "";
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const rules = report.rules.map((rule) => {
    const url = ruleDocsUrl(report, rule.id, base);
    return {
      id: rule.id,
      name: rule.id.split("/")[1] ?? rule.id,
      shortDescription: { text: rule.description },
      fullDescription: { text: rule.description },
      helpUri: url,
      help: {
        text: `${rule.description} What it costs and how to fix it: ${url}`,
        markdown: `${rule.description}\n\nWhat it costs and how to fix it: [${rule.id}](${url})`,
      },
      defaultConfiguration: { level: sarifLevel(rule.severity), enabled: rule.enabled },
      properties: {
        category: rule.category,
        tags: [
          "debtlens",
          rule.category,
          ...(rule.category === "security" ? [] : ["maintainability"]),
        ],
        ...(rule.category === "security"
          ? { "security-severity": SECURITY_SEVERITY[rule.severity] }
          : {}),
      },
    };
  });
  // GitHub code scanning refuses a result without a location. An item about the repository as a
  // whole (no tests reach any module, say) is anchored at the root package.json, else at the
  // first audited file, on line 1; its message says what it is about.
  const paths = report.files.map((f) => f.path);
  const anchor = paths.includes("package.json") ? "package.json" : paths[0];
  const results = report.items.map((item) => {
    const index = ruleIndex.get(item.rule);
    const path = item.path || anchor;
    const places = item.places?.length
      ? item.places
      : path
        ? [
            {
              path,
              startLine: item.path ? (item.startLine ?? 1) : 1,
              endLine: item.path ? (item.endLine ?? item.startLine ?? 1) : 1,
            },
          ]
        : [];
    const locations = places.map((p) => ({
      physicalLocation: {
        // each segment percent-encoded: encodeURI left `a#b.js` a fragment and `javascript:x.js` a scheme
        artifactLocation: { uri: pathUri(`${prefix}${p.path}`), uriBaseId: "%SRCROOT%" },
        region: {
          startLine: Math.max(1, p.startLine),
          endLine: Math.max(1, p.endLine, p.startLine),
        },
      },
    }));
    return {
      ruleId: item.rule,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: sarifLevel(item.severity),
      message: { text: item.message },
      ...(locations.length
        ? {
            locations: locations.slice(0, 1),
            ...(locations.length > 1
              ? { relatedLocations: locations.slice(1).map((l, i) => ({ id: i + 1, ...l })) }
              : {}),
          }
        : {}),
      partialFingerprints: { "debtlens/v1": item.fingerprint },
      properties: {
        priority: item.scores.priority,
        class: item.scores.class,
        impact: item.scores.impact,
        effort: item.scores.effort,
        risk: item.scores.risk,
        principal: item.money.principal,
        interestPerYear: item.money.interest,
        currency: report.scoring.currency,
        scope: item.scope ?? "production",
        ...(item.symbol ? { symbol: item.symbol } : {}),
      },
    };
  });
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "debtlens",
            version: report.tool.version,
            informationUri: new URL("README.md", base).href,
            rules,
          },
        },
        originalUriBaseIds: {
          "%SRCROOT%": { description: { text: `The audited folder (${report.root}).` } },
        },
        results,
        properties: {
          principal: report.summary.principal,
          interestPerYear: report.summary.interest,
          debtRatio: report.summary.debtRatio,
          rating: report.summary.rating,
          scopes: countedScopes(report),
          otherScopes: Object.fromEntries(otherScopes(report).map((o) => [o.scope, o.totals])),
        },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
