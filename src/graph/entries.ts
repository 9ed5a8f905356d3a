import { join } from "node:path";
import picomatch from "picomatch";
import { dirOf, isTestFile, readFileNoFollow } from "../shared/index.ts";
import type { ModuleGraph } from "./build.ts";

/**
 * Files a framework loads by its file-based routing or conventions: nobody imports them, yet they
 * run, and their exports (loader, action, metadata, GET...) are read by the framework. Each applies
 * where the file's package depends on the framework (as knip's plugins do); finding one says where
 * the program starts, as a manifest does. Paths are relative to the package's folder.
 */
const FRAMEWORK_ENTRY: ReadonlyArray<{ uses: RegExp; files: RegExp[] }> = [
  {
    // Next.js app router (special files by name), pages router, middleware and instrumentation.
    uses: /^next$/,
    files: [
      /^(src\/)?app\/(.+\/)?(page|layout|route|loading|error|global-error|not-found|forbidden|unauthorized|template|default|opengraph-image|twitter-image|icon|apple-icon|sitemap|robots|manifest)\.[cm]?[jt]sx?$/,
      /^(src\/)?pages\//,
      /^(src\/)?(middleware|instrumentation|instrumentation-client)\.[cm]?[jt]s$/,
    ],
  },
  {
    // React Router v7 and Remix: every module under app/routes/ (flat routes, `+` folders), the
    // root, the entries and the route configuration.
    uses: /^(react-router|@react-router\/dev|@remix-run\/(react|dev|node))$/,
    files: [/^app\/routes\//, /^app\/(root|routes|entry\.client|entry\.server)\.[cm]?[jt]sx?$/],
  },
  {
    // SvelteKit: `+page`, `+layout`, `+server`, `+error` (and `.server` forms), hooks, params.
    uses: /^@sveltejs\/kit$/,
    files: [
      /^src\/routes\/(.+\/)?\+(page|layout|server|error)(@[\w-]*)?(\.server)?\.[cm]?[jt]s$/,
      /^src\/(hooks(\.server|\.client)?|service-worker)\.[cm]?[jt]s$/,
      /^src\/params\/[^/]+\.[cm]?[jt]s$/,
    ],
  },
  {
    // Astro: pages, middleware, content collections' configuration.
    uses: /^astro$/,
    files: [
      /^src\/pages\//,
      /^src\/middleware\.[cm]?[jt]s$/,
      /^src\/content(\/config|\.config)\.[cm]?[jt]s$/,
    ],
  },
  { uses: /^nuxt$/, files: [/^(app\/)?(pages|layouts|middleware|plugins|server)\//] },
];

/** Tool configuration loaded by the tool itself: `vite.config.ts`, `.eslintrc.cjs`, Storybook's folder. */
const TOOL_CONFIG =
  /(^|\/)([^/]+\.config|\.[\w-]+rc|\.storybook\/[^/]+|[Gg]ulpfile|[Gg]runtfile)\.[cm]?[jt]sx?$/;

/**
 * Whether building the graph reads this file's text itself (manifests, tsconfig, tool
 * configuration, HTML pages, components), not only its module fact: a change to any other file
 * reaches the graph through its module fact alone.
 */
export function graphReadsFile(path: string): boolean {
  return !/\.[cm]?[jt]sx?$/.test(path) || TOOL_CONFIG.test(path);
}

/** The usual top-level entry files of a package (knip's defaults too). */
const PACKAGE_ENTRY = [
  /^(src\/)?(index|main|server|app|cli)\.[cm]?[jt]sx?$/,
  /(^|\/)(packages|apps|services)\/[^/]+\/(src\/)?(index|main|server|app|cli)\.[cm]?[jt]sx?$/,
];

/**
 * Loose entries: run directly (scripts, bins, migrations, seeds), by a test runner (tests,
 * Cypress support files) or by Storybook (stories). They start reachability, but a helper among
 * them that another file imports is judged by its imports like any module.
 */
const LOOSE_ENTRY = [
  /(^|\/)(scripts|bin|migrations|seeds?|prisma)\//,
  /(^|\/)cypress\//,
  /\.stories\.[cm]?[jt]sx?$/,
  /\.d\.[cm]?ts$/,
];

const CODE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx"];
/** Config and HTML files larger than this are not scanned for file names. */
const MAX_SCANNED_BYTES = 256 * 1024;

function stringsIn(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === "object")
    for (const v of Object.values(value)) stringsIn(v, out);
}

function readText(root: string, path: string): string | undefined {
  try {
    const bytes = readFileNoFollow(join(root, path));
    return bytes.length > MAX_SCANNED_BYTES ? undefined : bytes.toString("utf8");
  } catch {
    return undefined;
  }
}

/** The compiled-output folder of a package's tsconfig and where its sources are (`outDir`, `rootDir` or the first `include`). */
function outputFolders(root: string, dir: string): Array<[string, string]> {
  const text = readText(root, dir ? `${dir}/tsconfig.json` : "tsconfig.json");
  const out = text && /"outDir"\s*:\s*"\.?\/?([^"*]+?)\/?"/.exec(text)?.[1];
  if (!out) return [];
  const rootDir = /"rootDir"\s*:\s*"\.?\/?([^"*]*?)\/?"/.exec(text)?.[1];
  const include = /"include"\s*:\s*\[\s*"\.?\/?([^"*/]+)\//.exec(text)?.[1];
  const source = rootDir ?? include;
  return source === undefined ? [] : [[out, source]];
}

/** Candidate source files for a path a manifest or a config names (`dist/index.js` -> `src/index.ts`). */
function candidates(dir: string, target: string, outputs: Array<[string, string]> = []): string[] {
  const clean = target.replace(/^<rootDir>\//, "").replace(/^\.?\//, "");
  const base = dir ? `${dir}/${clean}` : clean;
  const stem = base.replace(/\.[cm]?[jt]sx?$/, "");
  // Sources first: where a built file and its source both exist, the source is what runs in development.
  // `dist/index.js` from `src/index.ts`, or `build/server/index.js` from `server/index.ts`.
  const stems = [
    stem.replace(/(^|\/)(dist|lib|build|out|esm|cjs)\//, "$1src/"),
    stem.replace(/(^|\/)(dist|build|out)\//, "$1"),
  ];
  for (const [out, source] of outputs) {
    const prefix = dir ? `${dir}/${out}/` : `${out}/`;
    if (stem.startsWith(prefix))
      stems.unshift(
        `${dir ? `${dir}/` : ""}${source ? `${source}/` : ""}${stem.slice(prefix.length)}`,
      );
  }
  stems.push(stem);
  const list: string[] = [base];
  for (const s of stems) for (const ext of CODE_EXTENSIONS) list.push(s + ext, `${s}/index${ext}`);
  return list;
}

/** What a package.json names as code: main, module, bin, exports, source, browser, types, test runner settings, and files in scripts. */
function manifestTargets(json: Record<string, unknown>): string[] {
  const targets: string[] = [];
  stringsIn([json.main, json.module, json.bin, json.exports, json.source, json.browser], targets);
  stringsIn([json.types, json.typings], targets);
  const settings: string[] = [];
  stringsIn([json.jest, json.ava, json.mocha, json.vitest], settings);
  targets.push(...settings.filter((s) => s.includes("/")));
  for (const script of Object.values((json.scripts as Record<string, string> | undefined) ?? {}))
    if (typeof script === "string")
      for (const word of script.split(/[\s=]+/))
        if (/\.[cm]?[jt]sx?$/.test(word)) targets.push(word.replace(/^["']|["']$/g, ""));
  return targets;
}

/** A config names files, not folders: `"./src/io"` is an alias folder, not its index module. */
function fileCandidates(dir: string, name: string): string[] {
  return candidates(dir, name).filter(
    (path) => !/\/index\.[cm]?[jt]sx?$/.test(path) || /(^|\/)index(\.[cm]?[jt]sx?)?$/.test(name),
  );
}

/** String literals in a config file or `<script src>` in an HTML page that look like a file path. */
function namedFiles(text: string): string[] {
  const names: string[] = [];
  // A literal may be a command line (`"node artifacts/db-reset.js"`): each word is a candidate.
  for (const m of text.matchAll(/["'`]([^"'`\n*{}<>|]{2,300})["'`]/g)) {
    for (const value of m[1]!.split(/[\s=]+/)) {
      if (value.length < 2 || /^[a-z]+:/i.test(value)) continue;
      if (value.includes("/") || /\.[cm]?[jt]sx?$/.test(value)) names.push(value);
    }
  }
  return names;
}

interface Collector {
  graph: ModuleGraph;
  strong: Set<number>;
  loose: Set<number>;
  /** Adds the first candidate that is a module; with `all`, every one (source and built output). */
  addFirst(paths: readonly string[], all?: boolean): boolean;
}

function collector(graph: ModuleGraph): Collector {
  const strong = new Set<number>();
  const loose = new Set<number>();
  return {
    graph,
    strong,
    loose,
    addFirst(paths, all = false) {
      let found = false;
      for (const path of paths) {
        const id = graph.index.get(path);
        if (id === undefined) continue;
        strong.add(id);
        found = true;
        if (!all) break;
      }
      return found;
    },
  };
}

interface Package {
  dir: string;
  /** The file-route patterns of the frameworks the package depends on. */
  routes: RegExp[];
}

function dependencyNames(json: Record<string, unknown>): string[] {
  const names: string[] = [];
  for (const key of ["dependencies", "devDependencies", "peerDependencies"]) {
    const deps = json[key];
    if (deps && typeof deps === "object") names.push(...Object.keys(deps));
  }
  return names;
}

/** package.json files: every workspace package's manifest declares its own entries. */
function fromManifests(
  root: string,
  allPaths: readonly string[],
  c: Collector,
  packages: Package[],
): boolean {
  let declared = false;
  for (const manifest of allPaths) {
    if (manifest !== "package.json" && !manifest.endsWith("/package.json")) continue;
    if (manifest.split("/").includes("node_modules")) continue;
    const dir = dirOf(manifest);
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(readText(root, manifest) ?? "") as Record<string, unknown>;
    } catch {
      continue;
    }
    const deps = dependencyNames(json);
    packages.push({
      dir,
      routes: FRAMEWORK_ENTRY.filter((f) => deps.some((d) => f.uses.test(d))).flatMap(
        (f) => f.files,
      ),
    });
    const outputs = outputFolders(root, dir);
    for (const target of manifestTargets(json)) {
      if (target.includes("*")) {
        const match = picomatch(
          `${dir ? `${dir}/` : ""}${target
            .replace(/^\.\//, "")
            .replace(/(^|\/)(dist|lib|build)\//, "$1src/")
            .replace(/\.[cm]?js$/, ".*")}`,
        );
        for (const file of c.graph.files) if (match(file) && c.addFirst([file])) declared = true;
        continue;
      }
      // Built output a package ships is an entry, and so is the source it is built from.
      const list = candidates(dir, target, outputs);
      const source = c.addFirst(list.slice(1));
      if (c.addFirst(list.slice(0, 1)) || source) declared = true;
    }
  }
  return declared;
}

/** Files that tool configuration and HTML pages name: Vite's `input`, `setupFiles`, `<script src>`. */
function fromConfigs(root: string, allPaths: readonly string[], c: Collector): boolean {
  let declared = false;
  for (const path of allPaths) {
    const html = /\.html?$/.test(path);
    if (!html && !TOOL_CONFIG.test(path)) continue;
    if (path.split("/").includes("node_modules")) continue;
    const text = readText(root, path);
    if (!text) continue;
    const dir = dirOf(path);
    const names = html
      ? [...text.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["']/gi)].map((m) => m[1]!)
      : namedFiles(text);
    for (const name of names)
      if (!/^(https?:)?\/\//.test(name) && c.addFirst(fileCandidates(dir, name))) declared = true;
  }
  return declared;
}

/**
 * The modules the program starts from: what each package.json declares (main, module, bin,
 * exports, types, test runner settings, files named in scripts), files tool configuration and HTML
 * pages name, framework file-based routes and conventions, configuration files, test files, and
 * the globs the configuration adds. `loose` are the entries known only by their folder or name
 * (scripts, tests, stories): their exports count as used only while nothing imports them.
 */
export function entryPoints(
  root: string,
  graph: ModuleGraph,
  allPaths: readonly string[],
  extraGlobs: readonly string[] = [],
): { entries: Set<number>; declared: boolean; loose: Set<number> } {
  const c = collector(graph);
  const packages: Package[] = [];
  /** Whether something names the program's entry (a manifest, a config, the configuration, a framework route): without that, unreachability means nothing. */
  let declared = fromManifests(root, allPaths, c, packages);
  if (fromConfigs(root, allPaths, c)) declared = true;
  // Deepest package first: a file belongs to the nearest package.json above it.
  packages.sort((a, b) => b.dir.length - a.dir.length);
  const extra = extraGlobs.map((g) => picomatch(g));
  graph.files.forEach((file, id) => {
    if (extra.some((m) => m(file)) || isFrameworkRoute(file, packages)) {
      declared = true;
      c.strong.add(id);
    } else if (TOOL_CONFIG.test(file) || PACKAGE_ENTRY.some((re) => re.test(file))) {
      c.strong.add(id);
    } else if (isTestFile(file) || LOOSE_ENTRY.some((re) => re.test(file))) c.loose.add(id);
  });
  for (const id of c.strong) c.loose.delete(id);
  return { entries: new Set([...c.strong, ...c.loose]), declared, loose: c.loose };
}

function isFrameworkRoute(file: string, packages: readonly Package[]): boolean {
  const pkg = packages.find((p) => p.dir === "" || file.startsWith(`${p.dir}/`));
  if (!pkg || pkg.routes.length === 0) return false;
  const rel = pkg.dir ? file.slice(pkg.dir.length + 1) : file;
  return pkg.routes.some((re) => re.test(rel));
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
