/** Kubernetes manifests read with the `yaml` package: objects with their kind, name and line. */
import type { Document } from "yaml";
import { yamlModule } from "../../shared/index.ts";

export interface KubernetesObject {
  kind: string;
  name: string;
  /** 1-based line of the document's `kind:` key. */
  line: number;
  body: Record<string, unknown>;
}

/** YAML that may be a manifest; Helm templates (`{{ }}`) are not YAML until rendered and are left out. */
export function mayBeManifest(path: string, text: string): boolean {
  return /\.ya?ml$/.test(path) && /^kind:\s*\w/m.test(text) && !text.includes("{{");
}

/** The Kubernetes objects of a (multi-document) YAML file; documents that do not parse are skipped. */
export function kubernetesObjects(text: string): KubernetesObject[] {
  const counter = new (yamlModule().LineCounter)();
  const out: KubernetesObject[] = [];
  for (const doc of yamlModule().parseAllDocuments(text, { lineCounter: counter }) as Document[]) {
    if (doc.errors.length || !yamlModule().isMap(doc.contents)) continue;
    const body = doc.toJS() as Record<string, unknown>;
    if (typeof body?.kind !== "string" || typeof body.apiVersion !== "string") continue;
    const metadata = (body.metadata ?? {}) as Record<string, unknown>;
    const kindPair = doc.contents.items.find(
      (p) => (p.key as { value?: unknown })?.value === "kind",
    );
    const offset =
      (kindPair?.key as { range?: [number, number, number] } | undefined)?.range?.[0] ?? 0;
    out.push({
      kind: body.kind,
      name: typeof metadata.name === "string" ? metadata.name : "",
      line: counter.linePos(offset).line,
      body,
    });
  }
  return out;
}
