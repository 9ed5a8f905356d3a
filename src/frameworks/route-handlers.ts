import { posix } from "node:path";
import type { EcmaScriptModule } from "oxc-parser";
import type { AstNode } from "../engine/index.ts";
import { buildDispatch, traverse } from "../engine/index.ts";
import { frameworksOf } from "./bindings.ts";
import { RouteTracker } from "./route-tracker.ts";
import type { Route } from "./routes.ts";
import { languageOf, lineAt, parseSource, type ParsedFile } from "../parse/index.ts";

/**
 * Route handlers across files: the routes `RouteTracker` finds in each file, and the handler
 * function followed through the import of its name to the module that defines it. The caller
 * reads the files (`ReadSource`); this module parses what it is given and does no I/O itself.
 */

/** A route the code serves and the function that handles it. */
export interface RouteHandler {
  framework: string;
  method: string;
  /** The route path as written (`/orders/:id`); Next.js routes use the file's path. */
  route: string;
  /** Where the handler function is (another file than the route's when it is imported). */
  path: string;
  startLine: number;
  endLine: number;
  /** The handler's name where it has one. */
  name: string;
  /** Where the route is declared. */
  declaredAt: { path: string; line: number };
}

/** Reads one of the repository's files (the caller refuses links and files outside the root). */
export type ReadSource = (path: string) => string | undefined;

/** Text a file must contain for the tracker to find a route in it (a cheap filter before parsing). */
const SERVES_HTTP =
  /express|fastify|@nestjs|koa|hono|\.(get|post|put|patch|delete|route)\(|export (async )?function (GET|POST|PUT|PATCH|DELETE)\b/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const MEMBER = /^([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*)$/;
const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

function parse(path: string, text: string): ParsedFile | undefined {
  const lang = languageOf(path);
  if (!lang) return undefined;
  const parsed = parseSource(path, text, lang);
  return parsed.error ? undefined : parsed;
}

/** The analysed file a relative import names (`./handlers/orders`, `./routes/users.js`), if any. */
function resolveImport(
  from: string,
  specifier: string,
  known: ReadonlySet<string>,
): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  if (base.startsWith("..")) return undefined;
  const stem = base.replace(/\.(m|c)?jsx?$/, "");
  const candidates = [
    base,
    ...EXTENSIONS.map((e) => `${stem}${e}`),
    ...EXTENSIONS.map((e) => `${base}/index${e}`),
  ];
  return candidates.find((c) => known.has(c));
}

interface Span {
  start: number;
  end: number;
}

function isFunction(node: AstNode | null | undefined): boolean {
  return (
    !!node &&
    (node.type === "FunctionDeclaration" ||
      node.type === "FunctionExpression" ||
      node.type === "ArrowFunctionExpression")
  );
}

/** A top-level function (declaration or `const f = () => ...`) by local name. */
function localFunction(body: AstNode[], name: string): Span | undefined {
  for (let statement of body) {
    if (
      (statement.type === "ExportNamedDeclaration" ||
        statement.type === "ExportDefaultDeclaration") &&
      statement.declaration
    )
      statement = statement.declaration as AstNode;
    if (statement.type === "FunctionDeclaration" && (statement.id as AstNode | null)?.name === name)
      return statement;
    if (statement.type === "VariableDeclaration")
      for (const d of statement.declarations as AstNode[])
        if ((d.id as AstNode).name === name && isFunction(d.init as AstNode | null))
          return d.init as AstNode;
  }
  return undefined;
}

/**
 * Where module `path` defines its export `name` (`default` for the default export): an exported
 * function, an exported `const` arrow, `export { local as name }`, or a re-export followed to
 * the module it comes from (at most `depth` hops).
 */
function exportedFunction(
  path: string,
  name: string,
  read: ReadSource,
  known: ReadonlySet<string>,
  depth = 3,
): { path: string; parsed: ParsedFile; span: Span } | undefined {
  const text = read(path);
  if (text === undefined) return undefined;
  const parsed = parse(path, text);
  if (!parsed) return undefined;
  const body = (parsed.program as unknown as AstNode).body as AstNode[];
  for (const statement of body) {
    if (statement.type === "ExportDefaultDeclaration" && name === "default") {
      const decl = statement.declaration as AstNode;
      if (isFunction(decl)) return { path, parsed, span: decl };
      if (decl.type === "Identifier") {
        const span = localFunction(body, decl.name as string);
        if (span) return { path, parsed, span };
      }
    }
    if (statement.type !== "ExportNamedDeclaration") continue;
    const decl = statement.declaration as AstNode | null;
    if (decl) {
      const span = localFunction([decl], name);
      if (span) return { path, parsed, span };
      continue;
    }
    for (const spec of statement.specifiers as AstNode[]) {
      const exported = spec.exported as AstNode;
      if ((exported.name ?? exported.value) !== name) continue;
      const local = spec.local as AstNode;
      const localName = (local.name ?? local.value) as string;
      const source = (statement.source as AstNode | null)?.value as string | undefined;
      if (source !== undefined) {
        const target = resolveImport(path, source, known);
        return target && depth > 0
          ? exportedFunction(target, localName, read, known, depth - 1)
          : undefined;
      }
      const span = localFunction(body, localName);
      if (span) return { path, parsed, span };
    }
  }
  return undefined;
}

/** The routes one file declares, found by the audit's own `RouteTracker`. */
function routesOf(path: string, text: string): { parsed: ParsedFile; routes: Route[] } | undefined {
  const parsed = parse(path, text);
  if (!parsed) return undefined;
  const file = frameworksOf({ path, text, module: parsed.module as EcmaScriptModule });
  const tracker = new RouteTracker(file);
  traverse(parsed.program as unknown as AstNode, buildDispatch([tracker.handlers]));
  tracker.finish();
  return { parsed, routes: tracker.routes };
}

/**
 * Every route handler of the repository's files: the route as `RouteTracker` recognises it
 * (Express, Fastify, Koa, Hono, Nest, Next.js), and the handler function, followed through the
 * import of its name when it is defined in another module (`app.get("/x", getX)` with
 * `import { getX } from "./handlers/x"`; `users.list` with `import * as users`). `files` are
 * the audit's analysed paths: only those are read, so links and skipped files stay unread.
 */
export function findRouteHandlers(files: readonly string[], read: ReadSource): RouteHandler[] {
  const known = new Set(files);
  const out: RouteHandler[] = [];
  for (const path of files) {
    if (!languageOf(path) || path.endsWith(".d.ts")) continue;
    const text = read(path);
    if (text === undefined || !SERVES_HTTP.test(text)) continue;
    const found = routesOf(path, text);
    if (!found) continue;
    const { parsed, routes } = found;
    const bindings = frameworksOf({
      path,
      text,
      module: parsed.module as EcmaScriptModule,
    }).bindings;
    for (const route of routes) {
      const declaredAt = { path, line: lineAt(parsed.lineStarts, route.at) };
      const spanText = text.slice(route.start, route.end);
      let handler = {
        path,
        startLine: lineAt(parsed.lineStarts, route.start),
        endLine: lineAt(parsed.lineStarts, Math.max(route.start, route.end - 1)),
        name: route.name,
      };
      // A bare name or `module.member` is a handler one import away: follow it.
      const member = MEMBER.exec(spanText);
      const local = IDENTIFIER.test(spanText) ? spanText : member?.[1];
      const binding = local ? bindings.get(local) : undefined;
      if (binding) {
        const target = resolveImport(path, binding.source, known);
        const exported = binding.imported === "*" ? member?.[2] : binding.imported;
        const found =
          target && exported ? exportedFunction(target, exported, read, known) : undefined;
        if (found)
          handler = {
            path: found.path,
            startLine: lineAt(found.parsed.lineStarts, found.span.start),
            endLine: lineAt(found.parsed.lineStarts, found.span.end - 1),
            name: exported === "default" ? spanText : exported!,
          };
      }
      out.push({
        framework: route.framework,
        method: route.method,
        route: route.path,
        ...handler,
        declaredAt,
      });
    }
  }
  return out;
}
