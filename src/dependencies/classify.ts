import { semverModule } from "../shared/index.ts";
import type { LockGraph, Scope } from "./lockfiles.ts";

/** What a package.json declares, kept as a per-file fact. */
export interface Manifest {
  name?: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  /** The line declaring each dependency in package.json (first field that names it). */
  lines?: Record<string, number>;
}

export function manifestOf(data: Record<string, unknown>): Manifest {
  const deps = (field: string) => {
    const value = data[field];
    if (typeof value !== "object" || value === null) return {};
    return Object.fromEntries(
      Object.entries(value).filter(([, v]) => typeof v === "string"),
    ) as Record<string, string>;
  };
  const manifest: Manifest = {
    dependencies: deps("dependencies"),
    devDependencies: deps("devDependencies"),
    optionalDependencies: deps("optionalDependencies"),
    peerDependencies: deps("peerDependencies"),
  };
  if (typeof data.name === "string") manifest.name = data.name;
  return manifest;
}

const ORDER: Scope[] = ["production", "optional", "peer", "development"];

/**
 * The scope of every node: what the lockfile states, or else what a walk from the project's direct
 * dependencies reaches first (production wins over optional, peer and development). Nodes no walk
 * reaches count as production: an unknown path to the product is not evidence of safety.
 */
export function classify(graph: LockGraph, manifests: readonly Manifest[]): Scope[] {
  if (graph.nodes.every((n) => n.scope)) return graph.nodes.map((n) => n.scope!);
  let roots = graph.roots;
  if (!roots || Object.values(roots).every((r) => !r?.length)) {
    const byName = new Map<string, number[]>();
    graph.nodes.forEach((n, i) => byName.set(n.name, [...(byName.get(n.name) ?? []), i]));
    const match = (deps: Record<string, string>) =>
      Object.entries(deps).flatMap(([name, range]) => {
        const candidates = byName.get(name) ?? [];
        const fitting = candidates.filter(
          (i) =>
            semverModule().validRange(range) === null ||
            semverModule().satisfies(graph.nodes[i]!.version, range, {
              includePrerelease: true,
              loose: true,
            }),
        );
        return fitting.length ? fitting : candidates;
      });
    roots = {
      production: manifests.flatMap((m) => match(m.dependencies)),
      optional: manifests.flatMap((m) => match(m.optionalDependencies)),
      peer: manifests.flatMap((m) => match(m.peerDependencies)),
      development: manifests.flatMap((m) => match(m.devDependencies)),
    };
  }
  // Scopes in ORDER: a node reached from production is production, whatever else reaches it.
  const scopes: Array<Scope | undefined> = graph.nodes.map((n) => n.scope);
  for (const scope of ORDER) {
    const stack = [...(roots[scope] ?? [])];
    while (stack.length) {
      const i = stack.pop()!;
      if (scopes[i] !== undefined) continue;
      scopes[i] = scope;
      stack.push(...graph.nodes[i]!.deps);
    }
  }
  return scopes.map((s) => s ?? "production");
}
