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

// A short command that reads the store waited 1.6 s at its exit for V8 to finish optimising
// PGlite's 9 MB of WebAssembly, code it would never run again (`debtlens trend`: 3.0 s, 1.2 s of
// it before its answer). V8 takes its compiler settings only on its command line, so such a
// command replaces its process with one that runs WebAssembly with the baseline compiler only:
// Node's start again, about 70 ms. `serve` (long-running) and `audit --save` (its store is a
// child process with this setting, src/store/background.ts) keep theirs.
const STORE_READERS = new Set(["snapshots", "trend", "items", "item", "kpis"]);
const READ_STORE_WITH_PROJECT = new Set(["report", "plan", "initiatives", "roadmap"]);
const readsStore =
  STORE_READERS.has(process.argv[2]) ||
  (READ_STORE_WITH_PROJECT.has(process.argv[2]) &&
    process.argv.some((arg) => arg === "--project" || arg.startsWith("--project=")));
if (
  readsStore &&
  typeof process.execve === "function" &&
  !process.execArgv.includes("--liftoff-only")
) {
  process.execve(
    process.execPath,
    [process.execPath, "--liftoff-only", ...process.execArgv, ...process.argv.slice(1)],
    process.env,
  );
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
