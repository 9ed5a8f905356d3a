// Bundles the CLI into dist/bundle/ (one module for our 160 source files and the pure-JavaScript
// dependencies): Node's ESM loader pays per module, and loading about 300 modules took half of a
// warm audit (`debtlens --version` 0.25 s from the sources, 0.13 s bundled). Native and lazily
// required packages stay external. bin/debtlens.js runs the bundle while it is newer than src/.
// Run by `npm run build` and `prepare`; `npm run build:cli` alone takes under a second.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "rolldown";

const root = join(import.meta.dirname, "..");

/** Builds the bundle into `out`, which must sit two levels below the package root. */
export async function bundleCli(out = join(root, "dist", "bundle")): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  await build({
    input: {
      main: join(root, "src", "cli", "main.ts"),
      // Worker threads load this file by its path, beside the module that starts them.
      "worker-entry": join(root, "src", "audit", "worker-entry.ts"),
      "store-worker": join(root, "src", "store", "store-worker.ts"),
    },
    platform: "node",
    // Native addons, a worker pool that loads its own files, and packages we require lazily;
    // PGlite loads its WebAssembly and data files from beside its own module.
    external: [
      /^node:/,
      "oxc-parser",
      "oxc-resolver",
      "tinypool",
      "yaml",
      "semver",
      /^@electric-sql\/pglite/,
    ],
    // The bundle sits at dist/bundle/, two levels below the package root like src/<feature>/, so
    // the sources' `new URL("../../…", import.meta.url)` paths hold in both.
    output: { dir: out, format: "esm", chunkFileNames: "[name].js" },
    logLevel: "warn",
  });
}

if (import.meta.main) await bundleCli();
