// ESLint with only the `complexity` rule at debtlens's threshold, for `npm run bench`.
import tsParser from "@typescript-eslint/parser";

export default [
  {
    files: ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"],
    languageOptions: { parser: tsParser },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    rules: { complexity: ["warn", 10] },
  },
];
