import { fileURLToPath } from "node:url";
import type { UserConfig } from "vite";

/**
 * One IIFE script and one stylesheet in dist/ui, for a page that loads nothing else: the report
 * (inlined into a single HTML file) and the dashboard (served by `debtlens serve`). Preact's JSX
 * is compiled by Vite's own transformer (oxc), so no Babel preset.
 */
export function uiBuild(options: {
  entry: string;
  name: string;
  file: string;
  /** The first build empties dist/ui; the next keeps what it wrote. */
  emptyOutDir: boolean;
}): UserConfig {
  return {
    root: fileURLToPath(new URL(".", import.meta.url)),
    logLevel: "warn",
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
    build: {
      outDir: fileURLToPath(new URL("../../dist/ui", import.meta.url)),
      emptyOutDir: options.emptyOutDir,
      target: "es2020",
      cssCodeSplit: false,
      reportCompressedSize: false,
      lib: {
        entry: fileURLToPath(new URL(options.entry, import.meta.url)),
        formats: ["iife"],
        name: options.name,
        fileName: () => `${options.file}.js`,
        cssFileName: options.file,
      },
    },
  };
}
