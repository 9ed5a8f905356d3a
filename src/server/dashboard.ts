import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { UI_DIR } from "../report/index.ts";
import { errorBody } from "./errors.ts";

/**
 * The dashboard (src/ui/dashboard.tsx, built by Vite into dist/ui): a page at `/` that loads one
 * script and one stylesheet from this origin, so helmet's `default-src 'self'` policy holds and
 * nothing is fetched from anywhere else. Read once at start; without a build, `/` says how to make it.
 */
export function registerDashboard(app: FastifyInstance): void {
  const js = join(UI_DIR, "debtlens-dashboard.js");
  const css = join(UI_DIR, "debtlens-dashboard.css");
  const assets = existsSync(js)
    ? { js: readFileSync(js), css: existsSync(css) ? readFileSync(css) : Buffer.alloc(0) }
    : undefined;
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>debtlens</title>
<link rel="stylesheet" href="/assets/debtlens-dashboard.css">
</head>
<body>
<div id="app"></div>
<script src="/assets/debtlens-dashboard.js"></script>
</body>
</html>
`;
  app.get("/", async (_request, reply) => {
    if (!assets)
      return reply
        .status(503)
        .send(
          errorBody(
            "dashboard.not-built",
            "the dashboard is not built: run npm run build:ui (npm ci does it)",
          ),
        );
    return reply.type("text/html; charset=utf-8").send(page);
  });
  app.get("/assets/debtlens-dashboard.js", async (_request, reply) => {
    if (!assets) return reply.status(404).send(errorBody("route.not-found", "no dashboard build"));
    return reply
      .type("text/javascript; charset=utf-8")
      .header("cache-control", "no-cache")
      .send(assets.js);
  });
  app.get("/assets/debtlens-dashboard.css", async (_request, reply) => {
    if (!assets) return reply.status(404).send(errorBody("route.not-found", "no dashboard build"));
    return reply
      .type("text/css; charset=utf-8")
      .header("cache-control", "no-cache")
      .send(assets.css);
  });
}
