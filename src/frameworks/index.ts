/**
 * Recognition of what code does, shared by every rule that needs it (architecture, performance,
 * data, security). Plain data plus small synchronous functions: no I/O, no rule depends on
 * another through this module, and this module depends on no rule.
 *
 * API:
 * - `PACKAGES` (catalogue.ts): package name -> `{ kind, name }`, kinds: http-framework, db,
 *   http-client, queue, scheduler, session, mailer, validator, security-headers, document, saas,
 *   sync-io, migrations. `PACKAGES_BY_KIND` lists every package of a kind.
 * - `fileFrameworks(path, ctx.module)`: what a file imports, seen through the catalogue: `kinds`,
 *   `packages`, local `bindings` (with `dataLayer` for the project's own `db`/`models` imports),
 *   the `httpFramework` in use and whether the path is a Next.js route file. Build it once in
 *   `create`; bail out early (`return {}`) when `kinds` lacks what the rule is about.
 * - `noteRequire(file, declarator, source)` + `requireSource(call)`: CommonJS bindings.
 * - `classifyCall(call, file)`: `db` | `db-list` | `http` | `mail` | `document` | `saas` |
 *   `sync-io` | `queue` | undefined, from the callee and what its receiver is known to be (a
 *   database client, model or repository by import or construction, never an array).
 * - `RouteTracker`: finds route handlers (Express, Fastify incl. `route({...})`, Koa routers, Hono,
 *   Nest controllers, Next.js app `route.ts` exports and `pages/api`), merge its `handlers` with
 *   `mergeHandlers`, call `finish()` on `Program:exit`, then `routeAt(offset)` tells which route's
 *   request runs the code at an offset (the handler and the same-file functions it calls).
 * - `rootName(node)`, `calleeName(call)`, `packageOf(specifier)`: small AST/specifier helpers.
 * - Request paths across files: `collectRequestFacts(ctx)` (request-facts.ts) gathers one file's
 *   functions, what they call and do, its exports and routes (tRPC procedures and server actions
 *   too) as a compact fact; `requestPaths(facts, importResolver(files, graph))` (request-paths.ts)
 *   joins the facts in the repository stage from each route's handler to three calls deep.
 * - request-input.ts: request input reads (`req.body`) and validation calls, shared by
 *   `data/unvalidated-input` and the facts.
 *
 * Modules, one per concern: catalogue.ts (the data), bindings.ts (what a file imports), ast.ts
 * (small AST helpers), calls.ts (`classifyCall`), routes.ts (the route model), route-tracker.ts
 * (the tracker), and one per way of declaring routes: express.ts (`app.get("/p", h)`, also Koa
 * routers, Hono and Fastify's shorthand, which share the shape), fastify.ts (`route({...})`),
 * nest.ts (controllers), next.ts (route files); merge-handlers.ts (an engine utility).
 * - operations.ts: package sets for how a service runs (`SERVER_PACKAGES`, `STRUCTURED_LOGGERS`,
 *   `METRICS_LIBRARIES`, `TRACING_LIBRARIES`, `ERROR_TRACKERS`, `HEALTH_LIBRARIES`), `HEALTH_ROUTE`.
 */
export * from "./catalogue.ts";
export * from "./operations.ts";
export { calleeName, ITERATION_METHODS, rootName } from "./ast.ts";
export {
  fileFrameworks,
  frameworksOf,
  noteRequire,
  packageOf,
  requireSource,
  type Binding,
  type FileFrameworks,
} from "./bindings.ts";
export { classifyCall, urlKind, type CallKind } from "./calls.ts";
export { isValidationCall, requestInputRead, VALIDATING_REGISTRATION } from "./request-input.ts";
export { mergeHandlers } from "./merge-handlers.ts";
export { RouteTracker } from "./route-tracker.ts";
export { hasRouteCall, PROBE_PATH, registersRoutes, type Route } from "./routes.ts";
export { findRouteHandlers, type ReadSource, type RouteHandler } from "./route-handlers.ts";
export {
  collectRequestFacts,
  type FnFact,
  type Problem,
  type RequestFact,
  type RouteFact,
  type Target,
} from "./request-facts.ts";
export {
  importResolver,
  requestPaths,
  routeLabel,
  type Reached,
  type ResolveImport,
  type RoutePath,
} from "./request-paths.ts";
