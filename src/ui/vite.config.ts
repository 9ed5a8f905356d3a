import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * The report UI as one IIFE script and one stylesheet, which the HTML reporter inlines into a
 * single file. Preact's JSX is compiled by Vite's own transformer (oxc), so no Babel preset.
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  logLevel: "warn",
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: fileURLToPath(new URL("../../dist/ui", import.meta.url)),
    emptyOutDir: true,
    target: "es2020",
    cssCodeSplit: false,
    reportCompressedSize: false,
    lib: {
      entry: fileURLToPath(new URL("./main.tsx", import.meta.url)),
      formats: ["iife"],
      name: "debtlensUi",
      fileName: () => "debtlens-ui.js",
      cssFileName: "debtlens-ui",
    },
  },
});
