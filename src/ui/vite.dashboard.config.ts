import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * The dashboard `debtlens serve` serves: one IIFE script and one stylesheet beside the report's
 * in dist/ui (built after it, so the folder is not emptied), loaded by the server's page.
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  logLevel: "warn",
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: fileURLToPath(new URL("../../dist/ui", import.meta.url)),
    emptyOutDir: false,
    target: "es2020",
    cssCodeSplit: false,
    reportCompressedSize: false,
    lib: {
      entry: fileURLToPath(new URL("./dashboard.tsx", import.meta.url)),
      formats: ["iife"],
      name: "debtlensDashboard",
      fileName: () => "debtlens-dashboard.js",
      cssFileName: "debtlens-dashboard",
    },
  },
});
