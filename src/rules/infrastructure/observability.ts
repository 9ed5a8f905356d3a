/**
 * One shape for the "none of the usual libraries" rules (no-metrics, no-tracing,
 * no-error-tracking): a service whose package.json files name none of the libraries of the
 * family, and no Dockerfile, manifest or script that loads an APM agent without an import.
 */
import { z } from "zod";
import { defineRule, type Rule } from "../../engine/index.ts";
import { AGENT_INJECTION } from "../../frameworks/index.ts";
import { MANIFEST_FACT } from "../collectors/manifest-fact.ts";
import { applicability, placeAt } from "./service.ts";

interface AgentFact {
  kind: "agent";
  agent: string;
}

/** Files that may load an agent: Dockerfiles, Compose and Kubernetes YAML, Procfiles, shell scripts. */
const AGENT_FILE =
  /(^|\/)(Dockerfile[^/]*|[^/]+\.dockerfile|[^/]+\.ya?ml|Procfile|[^/]+\.sh|\.env[^/]*)$/;

function agentOf(match: RegExpExecArray): string {
  if (match[1]) return match[1];
  return match[0].includes("datadoghq") ? "dd-trace" : "@opentelemetry/auto-instrumentations-node";
}

export function observabilityRule(spec: {
  id: string;
  what: string;
  libraries: ReadonlySet<string>;
  description: string;
  rationale: string;
  message: string;
  remediationMinutes: number;
}): Rule<Record<string, never>> {
  return defineRule({
    id: spec.id,
    category: "infrastructure",
    severity: "medium",
    remediationMinutes: spec.remediationMinutes,
    description: spec.description,
    rationale: spec.rationale,
    version: 2,
    options: z.strictObject({}),
    messages: { missing: spec.message },
    uses: [MANIFEST_FACT],
    textFiles: (path) => AGENT_FILE.test(path),
    checkText(ctx) {
      const match = AGENT_INJECTION.exec(ctx.text);
      if (match) ctx.setFact({ kind: "agent", agent: agentOf(match) } satisfies AgentFact);
    },
    analyze(ctx) {
      const app = applicability(ctx);
      if (app.services.length === 0) return;
      if ([...app.dependencies].some((name) => spec.libraries.has(name))) return;
      for (const bodies of app.scripts.values())
        for (const body of bodies) {
          const match = AGENT_INJECTION.exec(body);
          if (match && spec.libraries.has(agentOf(match))) return;
        }
      const agents = ctx.factsOf<{ kind: string }>(spec.id).filter((f) => f.fact.kind === "agent");
      if (agents.some((f) => spec.libraries.has((f.fact as AgentFact).agent))) return;
      ctx.report({
        messageId: "missing",
        key: spec.what,
        ...placeAt(app.services[0]!.path),
        places: app.services.map((s) => ({ path: s.path, startLine: 1, endLine: 1 })),
      });
    },
  });
}
