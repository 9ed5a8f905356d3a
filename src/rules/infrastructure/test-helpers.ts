import type { Rule } from "../../engine/index.ts";
import type { Finding } from "../../findings/index.ts";
import { runRule } from "../testing.ts";

/** `path:start-end` of each finding, for full-location assertions. */
export function locations(
  rule: Rule<never> | Rule<unknown>,
  files: Record<string, string>,
  options: Record<string, unknown> = {},
): string[] {
  return runRule(rule as Rule<unknown>, files, options).map(
    (f: Finding) => `${f.path ?? "(repository)"}:${f.startLine}-${f.endLine}`,
  );
}

export const service = (extra: object = {}) =>
  JSON.stringify(
    {
      name: "api",
      private: true,
      scripts: { start: "node dist/server.js", test: "vitest run" },
      dependencies: { express: "^4.19.0" },
      ...extra,
    },
    null,
    2,
  );
export const library = (extra: object = {}) =>
  JSON.stringify(
    {
      name: "left-pad-plus",
      version: "1.0.0",
      main: "dist/index.js",
      types: "dist/index.d.ts",
      files: ["dist"],
      scripts: { test: "vitest run" },
      ...extra,
    },
    null,
    2,
  );
export const serverCode = `import express from "express";
const app = express();
app.get("/users", (req, res) => res.json([]));
app.listen(3000);
`;
