/**
 * What the rules know of a package.json: one ManifestFact per manifest, read once per audit by
 * the manifests collector (manifests.ts) and read by the rules that declare
 * `uses: [MANIFEST_FACT]` in their `analyze`, never by parsing the file again.
 */
import { SERVER_PACKAGES } from "../../frameworks/index.ts";

/** The collector's id, under which each package.json's fact is stored. */
export const MANIFEST_FACT = "manifests/package-json";

/** Every package.json, wherever it is (rules that judge only the product's filter the paths). */
export function isPackageJson(path: string): boolean {
  return /(^|\/)package\.json$/.test(path);
}

/** What the rules keep of a package.json: names and scripts, never the file. */
export interface ManifestFact {
  /** Every dependency name (production, development, optional, peer). */
  dependencies: string[];
  /** Each script's command, cut at 500 characters. */
  scripts: Record<string, string>;
  /** The line of each script: where its quoted name first appears in the file. */
  scriptLines: Record<string, number>;
  /** `http` when it serves HTTP, `process` for another long-running process. */
  service?: "http" | "process";
  /** The server package that made it a service. */
  server?: string;
  renovate: boolean;
}

const LONG_RUNNING =
  /(^|[\s;&|(])(node|ts-node|tsx|bun|deno|pm2|pm2-runtime|forever|nodemon|micro|remix-serve|react-router-serve|fastify start|nest start|next start|nuxt start|node-dev)(\s|$)/;
const DEV_SERVER =
  /\b(react-scripts|vite|webpack|parcel|ng serve|expo|react-native|storybook|gatsby|vue-cli-service|astro|ember|electron)\b/;

/**
 * Reads a package.json into a ManifestFact; undefined when it is not a JSON object. A service is
 * a manifest that is not a published library (not `private` and declaring `files`,
 * `publishConfig`, `bin`, `exports` or `types`) and either depends on an HTTP server framework or
 * has a `start` script that runs a long-lived process, not a front-end dev server.
 */
export function readManifest(text: string): ManifestFact | undefined {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return undefined;
  const names = (field: string) =>
    Object.keys((data[field] as Record<string, unknown> | undefined) ?? {});
  const production = names("dependencies");
  const scripts: Record<string, string> = {};
  const scriptLines: Record<string, number> = {};
  for (const [name, body] of Object.entries((data.scripts as object | undefined) ?? {}))
    if (typeof body === "string") {
      scripts[name] = body.slice(0, 500);
      scriptLines[name] = lineOfFirst(text, JSON.stringify(name));
    }
  const published =
    data.private !== true &&
    ["files", "publishConfig", "bin", "exports", "types", "typings"].some((k) => k in data);
  const server = production.find((name) => SERVER_PACKAGES.has(name));
  const start = scripts.start ?? "";
  let service: ManifestFact["service"];
  if (!published && server) service = "http";
  else if (!published && LONG_RUNNING.test(start) && !DEV_SERVER.test(start)) service = "process";
  const fact: ManifestFact = {
    dependencies: [
      ...new Set([
        ...production,
        ...names("devDependencies"),
        ...names("optionalDependencies"),
        ...names("peerDependencies"),
      ]),
    ],
    scripts,
    scriptLines,
    renovate: "renovate" in data,
  };
  if (service) fact.service = service;
  if (server) fact.server = server;
  return fact;
}

/** The 1-based line where `needle` first occurs in `text`; 1 when it does not. */
function lineOfFirst(text: string, needle: string): number {
  const at = text.indexOf(needle);
  let line = 1;
  for (let nl = text.indexOf("\n"); nl >= 0 && nl < at; nl = text.indexOf("\n", nl + 1)) line++;
  return line;
}

/** Every package.json's fact in the audit, as the collector stored it. */
export function manifestsOf(ctx: {
  factsOf<T>(ruleId: string): Array<{ path: string; fact: T }>;
}): Array<{ path: string; fact: ManifestFact }> {
  return ctx.factsOf<ManifestFact>(MANIFEST_FACT);
}
