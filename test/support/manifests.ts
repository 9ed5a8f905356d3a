/** package.json texts for the infrastructure rules' tests: a deployed service and a published library. */
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
