import { readFileSync } from "node:fs";
import { join } from "node:path";
import picomatch from "picomatch";
import { isTestFile } from "../shared/index.ts";
import type { ModuleGraph } from "./build.ts";

const NEXT_ENTRY = /(^|\/)(app\/(.+\/)?(page|layout|route)\.[cm]?[jt]sx?|pages\/.+\.[cm]?[jt]sx?)$/;

/** Files that frameworks and tools load by convention: nobody imports them, yet they run. */
const CONVENTIONAL_ENTRY = [
  // Next.js app and pages routers, middleware and instrumentation.
  /(^|\/)app\/(.+\/)?(page|layout|route|loading|error|global-error|not-found|template|default|opengraph-image|sitemap|robots|manifest)\.[cm]?[jt]sx?$/,
  /(^|\/)pages\//,
  /(^|\/)(middleware|instrumentation)\.[cm]?[jt]s$/,
  // Tool configuration files and declaration files.
  /(^|\/)[^/]+\.config\.[cm]?[jt]s$/,
  /\.d\.[cm]?ts$/,
  // Scripts, bins, migrations and seeds are run directly.
  /(^|\/)(scripts|bin|migrations|seeds?|prisma)\//,
  // The usual top-level entry files of a package.
  /^(src\/)?(index|main|server|app|cli)\.[cm]?[jt]sx?$/,
  /(^|\/)(packages|apps|services)\/[^/]+\/(src\/)?(index|main|server|app|cli)\.[cm]?[jt]sx?$/,
];

function stringsIn(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === "object")
    for (const v of Object.values(value)) stringsIn(v, out);
}

/** Candidate source files for a built path a manifest names (`dist/index.js` -> `src/index.ts`). */
function candidates(dir: string, target: string): string[] {
  const clean = target.replace(/^\.\//, "");
  const base = dir ? `${dir}/${clean}` : clean;
  const stem = base.replace(/\.[cm]?[jt]sx?$/, "");
  const srcStem = stem.replace(/(^|\/)(dist|lib|build|out|esm|cjs)\//, "$1src/");
  const list: string[] = [base];
  for (const s of [stem, srcStem])
    for (const ext of [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx"])
      list.push(s + ext, `${s}/index${ext}`);
  return list;
}

/**
 * The modules the program starts from: what each package.json declares (main, module, bin,
 * exports, files named in scripts), framework and tool conventions, test files, and the globs the
 * configuration adds. Reads package.json files only.
 */
export function entryPoints(
  root: string,
  graph: ModuleGraph,
  allPaths: readonly string[],
  extraGlobs: readonly string[] = [],
): { entries: Set<number>; declared: boolean } {
  const entries = new Set<number>();
  /** Whether something names the program's entry (a manifest, the configuration, an app router): without that, unreachability means nothing. */
  let declared = false;
  const add = (path: string) => {
    const id = graph.index.get(path);
    if (id !== undefined) entries.add(id);
    return id !== undefined;
  };
  for (const manifest of allPaths) {
    if (manifest !== "package.json" && !manifest.endsWith("/package.json")) continue;
    if (manifest.split("/").includes("node_modules")) continue;
    const dir = manifest === "package.json" ? "" : manifest.slice(0, -"/package.json".length);
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(readFileSync(join(root, manifest), "utf8")) as Record<string, unknown>;
    } catch {
      continue;
    }
    const targets: string[] = [];
    stringsIn([json.main, json.module, json.bin, json.exports, json.source, json.browser], targets);
    for (const script of Object.values(
      (json.scripts as Record<string, string> | undefined) ?? {},
    )) {
      if (typeof script === "string")
        for (const word of script.split(/[\s=]+/))
          if (/\.[cm]?[jt]sx?$/.test(word)) targets.push(word);
    }
    for (const target of targets) {
      if (target.includes("*")) {
        const match = picomatch(
          `${dir ? `${dir}/` : ""}${target
            .replace(/^\.\//, "")
            .replace(/(^|\/)(dist|lib|build)\//, "$1src/")
            .replace(/\.[cm]?js$/, ".*")}`,
        );
        for (const file of graph.files) if (match(file) && add(file)) declared = true;
        continue;
      }
      for (const candidate of candidates(dir, target)) {
        if (add(candidate)) {
          declared = true;
          break;
        }
      }
    }
  }
  const extra = extraGlobs.map((g) => picomatch(g));
  graph.files.forEach((file, id) => {
    const configured = extra.some((m) => m(file));
    const appRouter = NEXT_ENTRY.test(file);
    if (configured || appRouter) declared = true;
    if (
      configured ||
      appRouter ||
      isTestFile(file) ||
      CONVENTIONAL_ENTRY.some((re) => re.test(file))
    )
      entries.add(id);
  });
  return { entries, declared };
}

/** Every module reachable from `starts` along edges that `follow` accepts. */
export function reachable(
  graph: ModuleGraph,
  starts: Iterable<number>,
  follow: (kind: number) => boolean = () => true,
): Uint8Array {
  const seen = new Uint8Array(graph.files.length);
  const stack = [...starts];
  for (const s of stack) seen[s] = 1;
  while (stack.length) {
    const v = stack.pop()!;
    for (const e of graph.out[v]!) {
      const edge = graph.edges[e]!;
      if (!seen[edge.to] && follow(edge.kind)) {
        seen[edge.to] = 1;
        stack.push(edge.to);
      }
    }
  }
  return seen;
}
