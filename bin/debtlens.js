#!/usr/bin/env node
// Runs the bundle that `npm ci` (prepare) or `npm run build` made in dist/bundle/ (one module:
// about twice as fast to start as the ~300 modules of the sources). In a checkout whose sources
// changed since that build, it runs the TypeScript sources directly where Node strips types
// (22.18+, 24), so an edit is never hidden behind a stale bundle; else tsc's build in dist/.
// All three are the same program.
import { existsSync, readdirSync, statSync } from "node:fs";
import * as nodeModule from "node:module";
import { join } from "node:path";

// An older Node fails later with a stack trace (raw transfer, type stripping, the compile cache):
// say what is wrong instead. `npm ci` installs Node 24 for the npm scripts and for npx.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `debtlens needs Node.js 22.12 or later; this is ${process.version}. Run it through npx or an npm script (npm ci installs Node 24 for them), or upgrade Node.`,
  );
  process.exit(2);
}

// Reuses compiled code between runs (Node 22.1+): start-up is a large part of a cached audit.
nodeModule.enableCompileCache?.();

const sources = new URL("../src/", import.meta.url);
const bundle = new URL("../dist/bundle/main.js", import.meta.url);
const source = new URL("../src/cli/main.ts", import.meta.url);
const built = new URL("../dist/cli/main.js", import.meta.url);

/** Whether any source file changed after the bundle was built (a few ms for ~250 files). */
function bundleIsStale() {
  const builtAt = statSync(bundle).mtimeMs;
  for (const entry of readdirSync(sources, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
    if (statSync(join(entry.parentPath, entry.name)).mtimeMs > builtAt) return true;
  }
  return false;
}

const hasSources = existsSync(source);
const entry =
  existsSync(bundle) && !(hasSources && bundleIsStale())
    ? bundle
    : process.features.typescript && hasSources
      ? source
      : built;
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
