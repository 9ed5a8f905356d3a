import { describe, expect, it } from "vitest";
import { runRule } from "../../../test/support/rule-tester.ts";
import { noAutoscaling } from "./no-autoscaling.ts";
import { locations } from "../../../test/support/rule-tester.ts";

const deployment = (
  name: string,
  resources = "          resources:\n            requests: { cpu: 250m, memory: 256Mi }\n",
) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: ${name}
          image: acme/${name}:1.0
${resources}`;
const hpa = (target: string, kind = "Deployment") => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${target}
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: ${kind}, name: ${target} }
  minReplicas: 2
  maxReplicas: 10
`;

describe("infrastructure/no-autoscaling", () => {
  it("fires on a Deployment without an HPA, at its kind line", () => {
    const [finding, ...rest] = runRule(noAutoscaling, { "k8s/api.yaml": deployment("api") });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ path: "k8s/api.yaml", startLine: 2, endLine: 2 });
    expect(finding!.message).toBe(
      "Deployment api has no HorizontalPodAutoscaler or KEDA ScaledObject targeting it: it runs 3 replica(s) whatever the load. Add an HPA on CPU or request rate with sensible min and max replicas.",
    );
  });
  it("fires on containers without resource requests even with an HPA, in a multi-document file", () => {
    const [finding, ...rest] = runRule(noAutoscaling, {
      "k8s/api.yaml": `${deployment("api", "")}---\n${hpa("api")}`,
    });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ path: "k8s/api.yaml", startLine: 2, endLine: 2 });
    expect(finding!.message).toMatch(
      /^Deployment api: container\(s\) api declare no resource requests/,
    );
  });
  it("fires on a StatefulSet when the HPA targets another workload kind of the same name", () => {
    const statefulSet = deployment("db").replace("kind: Deployment", "kind: StatefulSet");
    expect(
      locations(noAutoscaling, {
        "k8s/db.yaml": `# database\n${statefulSet}`,
        "k8s/hpa.yaml": hpa("db"),
      }),
    ).toEqual(["k8s/db.yaml:3-3"]);
  });
  it("does not fire with an HPA or a KEDA ScaledObject in another file", () => {
    expect(
      locations(noAutoscaling, { "k8s/api.yaml": deployment("api"), "k8s/hpa.yaml": hpa("api") }),
    ).toEqual([]);
    const keda =
      "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: worker\nspec:\n  scaleTargetRef:\n    name: worker\n";
    expect(
      locations(noAutoscaling, { "k8s/worker.yaml": deployment("worker"), "k8s/keda.yaml": keda }),
    ).toEqual([]);
  });
  it("does not fire when a Kustomize overlay patch adds the requests, or on a workload scaled to zero", () => {
    const patch =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          resources:\n            requests: { cpu: 100m }\n";
    expect(
      locations(noAutoscaling, {
        "base/api.yaml": deployment("api", "") + "---\n" + hpa("api"),
        "overlays/prod/patch.yaml": patch,
      }),
    ).toEqual([]);
    expect(
      locations(noAutoscaling, {
        "k8s/old.yaml": deployment("old").replace("replicas: 3", "replicas: 0"),
      }),
    ).toEqual([]);
  });
  it("does not read Helm templates or non-Kubernetes YAML", () => {
    const template = deployment("api").replace("name: api\n", "name: {{ .Release.Name }}\n");
    expect(locations(noAutoscaling, { "chart/templates/deployment.yaml": template })).toEqual([]);
    expect(
      locations(noAutoscaling, {
        "docker-compose.yml": "services:\n  api:\n    image: api\n    deploy:\n      replicas: 2\n",
      }),
    ).toEqual([]);
  });
});
