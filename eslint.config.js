import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules",
      "dist",
      ".cache",
      ".debtlens",
      "**/fixtures/**",
      "bench/node_modules",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain JavaScript entry points run on Node.
    files: ["**/*.js"],
    languageOptions: { globals: { process: "readonly", URL: "readonly", console: "readonly" } },
  },
  {
    // CommonJS preloads of the bench (knip's loader runs with `node --require`).
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        __dirname: "readonly",
        process: "readonly",
        console: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // Size limits for production code (tests are lists of cases and may be long). The thresholds
    // are the ones the code meets (issue 12): complexity 25, not ESLint's default 20, which about
    // twenty functions still exceed (rule handlers, lockfile parsers, the store, the CLI); and 100
    // lines of code per function, counting nested functions, so a rule's `create` counts its
    // handlers. Lower both as those functions are split.
    files: ["src/**/*.ts", "src/**/*.tsx"],
    ignores: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    rules: {
      complexity: ["error", 25],
      "max-lines-per-function": ["error", { max: 100, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Known exceptions, to be split: functions other engineers were changing when the limits
    // were turned on (issue 12). Each file is named so that nothing else escapes the limits.
    files: [
      "src/parse/depth.ts", // scan: complexity 104, 289 lines
      "src/engine/analyze-file.ts", // analyzeFile: complexity 29, 132 lines
      "src/ui/components/Register.tsx", // Register: 191 lines
      "src/cli/main.ts", // main: 146 lines
      "src/cli/store.ts", // registerStoreCommands 178, trendText 120 lines
      "src/cli/slo.ts", // registerSloCommands: 133 lines
      "src/server/app.ts", // buildApp: 167 lines
      "src/store/save.ts", // advanceLifecycle 152, saveSnapshot 118 lines
      "src/slo/debt.ts", // withSloDebt: 125 lines
      "src/graph/build.ts", // buildModuleGraph: 111 lines
      "src/report/sarif.ts", // formatSarif: 110 lines
    ],
    rules: { complexity: "off", "max-lines-per-function": "off" },
  },
);
