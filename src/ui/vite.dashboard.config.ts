import { defineConfig } from "vite";
import { uiBuild } from "./vite.shared.ts";

/** The dashboard `debtlens serve` serves, built after the report's (so dist/ui is not emptied). */
export default defineConfig(
  uiBuild({
    entry: "./dashboard.tsx",
    name: "debtlensDashboard",
    file: "debtlens-dashboard",
    emptyOutDir: false,
  }),
);
