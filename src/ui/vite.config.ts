import { defineConfig } from "vite";
import { uiBuild } from "./vite.shared.ts";

/** The report UI, which the HTML reporter inlines into a single file. */
export default defineConfig(
  uiBuild({ entry: "./main.tsx", name: "debtlensUi", file: "debtlens-ui", emptyOutDir: true }),
);
