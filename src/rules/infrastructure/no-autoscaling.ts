import { z } from "zod";
import { defineRule } from "../../engine/index.ts";
import { kubernetesObjects, mayBeManifest } from "./kubernetes.ts";

const id = "infrastructure/no-autoscaling";
const WORKLOADS = new Set(["Deployment", "StatefulSet"]);
const SCALERS = new Set(["HorizontalPodAutoscaler", "ScaledObject"]);

interface Workload {
  kind: string;
  name: string;
  line: number;
  replicas?: number;
  /** Container names with whether they declare resource requests. */
  containers: Array<[string, boolean]>;
}

interface ManifestsFact {
  workloads: Workload[];
  /** `Kind/name` of every autoscaler target. */
  targets: string[];
}

function containersOf(body: Record<string, unknown>): Array<[string, boolean]> {
  const spec = (body.spec ?? {}) as Record<string, unknown>;
  const pod = ((spec.template as Record<string, unknown> | undefined)?.spec ?? {}) as Record<
    string,
    unknown
  >;
  const containers = Array.isArray(pod.containers)
    ? (pod.containers as Array<Record<string, unknown>>)
    : [];
  return containers.map((c, i) => {
    const requests = (c?.resources as Record<string, unknown> | undefined)?.requests as
      Record<string, unknown> | undefined;
    return [
      typeof c?.name === "string" ? c.name : `#${i + 1}`,
      !!requests && ("cpu" in requests || "memory" in requests),
    ];
  });
}

export const noAutoscaling = defineRule({
  id,
  category: "infrastructure",
  severity: "medium",
  remediationMinutes: 120,
  description:
    "Kubernetes Deployments/StatefulSets with no autoscaler targeting them, or containers without resource requests.",
  rationale:
    "A fixed replica count is sized for yesterday's traffic: a spike saturates it and a quiet night pays for idle pods. Without resource requests the scheduler overcommits nodes and CPU-based autoscaling has nothing to measure against.",
  version: 1,
  options: z.strictObject({}),
  messages: {
    noAutoscaler:
      "{{kind}} {{name}} has no HorizontalPodAutoscaler or KEDA ScaledObject targeting it: it runs {{replicas}} replica(s) whatever the load. Add an HPA on CPU or request rate with sensible min and max replicas.",
    noRequests:
      "{{kind}} {{name}}: container(s) {{containers}} declare no resource requests: the scheduler overcommits nodes and an HPA has no baseline to scale on. Set requests (and memory limits) from measured usage.",
  },
  textFiles: (path) => /\.ya?ml$/.test(path),
  checkText(ctx) {
    if (!mayBeManifest(ctx.path, ctx.text)) return;
    const fact: ManifestsFact = { workloads: [], targets: [] };
    for (const object of kubernetesObjects(ctx.text)) {
      const spec = (object.body.spec ?? {}) as Record<string, unknown>;
      if (WORKLOADS.has(object.kind)) {
        const workload: Workload = {
          kind: object.kind,
          name: object.name,
          line: object.line,
          containers: containersOf(object.body),
        };
        if (typeof spec.replicas === "number") workload.replicas = spec.replicas;
        fact.workloads.push(workload);
      } else if (SCALERS.has(object.kind)) {
        const ref = (spec.scaleTargetRef ?? {}) as Record<string, unknown>;
        if (typeof ref.name === "string")
          fact.targets.push(
            `${typeof ref.kind === "string" ? ref.kind : "Deployment"}/${ref.name}`,
          );
      }
    }
    if (fact.workloads.length || fact.targets.length) ctx.setFact(fact);
  },
  analyze(ctx) {
    const facts = ctx.factsOf<ManifestsFact>(id).sort((a, b) => a.path.localeCompare(b.path));
    const targets = new Set(facts.flatMap((f) => f.fact.targets));
    // Kustomize overlays patch the same workload in another file: a container counts as having
    // requests when any document of that workload gives them; the finding goes to the first one.
    const byWorkload = new Map<string, Array<{ path: string; workload: Workload }>>();
    for (const { path, fact } of facts)
      for (const workload of fact.workloads) {
        const key = `${workload.kind}/${workload.name}`;
        byWorkload.set(key, [...(byWorkload.get(key) ?? []), { path, workload }]);
      }
    for (const [key, docs] of byWorkload) {
      const base = docs.find((d) => d.workload.containers.length > 0) ?? docs[0]!;
      const { kind, name, line } = base.workload;
      if (docs.some((d) => d.workload.replicas === 0)) continue;
      if (!targets.has(key)) {
        const replicas = docs.map((d) => d.workload.replicas).find((r) => r !== undefined) ?? 1;
        ctx.report({
          messageId: "noAutoscaler",
          data: { kind, name, replicas },
          path: base.path,
          startLine: line,
          key: `${key}:autoscaler`,
        });
      }
      const covered = new Set(
        docs.flatMap((d) => d.workload.containers.filter(([, has]) => has).map(([c]) => c)),
      );
      const missing = [
        ...new Set(docs.flatMap((d) => d.workload.containers.map(([c]) => c))),
      ].filter((c) => !covered.has(c));
      if (missing.length)
        ctx.report({
          messageId: "noRequests",
          data: { kind, name, containers: missing.join(", ") },
          path: base.path,
          startLine: line,
          key: `${key}:requests`,
        });
    }
  },
});
