import type { EcmaScriptModule } from "oxc-parser";
import type { AstNode, NodeHandlers } from "../engine/index.ts";
import {
  DATA_LAYER_PATH,
  DB_HANDLE_NAME,
  DB_METHODS,
  HTTP_METHODS,
  LIST_QUERY_METHODS,
  MAIL_HANDLE_NAME,
  MAIL_METHODS,
  NEST_ROUTE_DECORATORS,
  NEXT_ROUTE_EXPORTS,
  PACKAGES,
  type Kind,
  type PackageInfo,
} from "./catalogue.ts";

/** One imported local name: where it comes from and what that is. */
export interface Binding {
  source: string;
  /** `default`, `*` (namespace) or the imported name. */
  imported: string;
  info?: PackageInfo;
  /** Imported from the project's own data layer (`../db`, `./models/user`): one import away from a database. */
  dataLayer: boolean;
}

/** What one file imports, seen through the catalogue. Built once per file from the parser's module record. */
export interface FileFrameworks {
  path: string;
  kinds: ReadonlySet<Kind>;
  /** Imported packages that the catalogue knows, by package name. */
  packages: ReadonlyMap<string, PackageInfo>;
  bindings: ReadonlyMap<string, Binding>;
  /** The HTTP frameworks imported (`Express`, `Fastify`...), or the Next.js convention the path follows. */
  httpFramework: string | undefined;
  nextRoute: "app" | "pages" | undefined;
}

/** The package an import specifier names (`@a/b/c` -> `@a/b`, `node:fs/promises` -> `node:fs`), or undefined for a relative path. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("/")) return undefined;
  if (specifier.startsWith("node:")) return specifier.split("/")[0];
  const parts = specifier.split("/");
  if (specifier.startsWith("@")) return parts.length >= 2 ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0];
}

function infoOf(specifier: string): PackageInfo | undefined {
  return (
    PACKAGES.get(specifier) ??
    PACKAGES.get(packageOf(specifier) ?? "") ??
    PACKAGES.get(specifier.replace(/\/promises$/, ""))
  );
}

const NEXT_APP_ROUTE = /(^|\/)app\/(.+\/)?route\.[cm]?[jt]sx?$/;
const NEXT_PAGES_API = /(^|\/)pages\/api\//;

export function fileFrameworks(
  path: string,
  module: EcmaScriptModule,
  extraSources: readonly string[] = [],
): FileFrameworks {
  const kinds = new Set<Kind>();
  const packages = new Map<string, PackageInfo>();
  const bindings = new Map<string, Binding>();
  let httpFramework: string | undefined;
  const note = (source: string): PackageInfo | undefined => {
    const info = infoOf(source);
    if (info) {
      kinds.add(info.kind);
      packages.set(packageOf(source) ?? source, info);
      if (info.kind === "http-framework" && !httpFramework) httpFramework = info.name;
    }
    return info;
  };
  for (const imp of module.staticImports) {
    const source = imp.moduleRequest.value;
    const info = note(source);
    const dataLayer = !info && DATA_LAYER_PATH.test(source) && packageOf(source) === undefined;
    for (const entry of imp.entries) {
      const imported =
        entry.importName.kind === "Default"
          ? "default"
          : entry.importName.kind === "NamespaceObject"
            ? "*"
            : (entry.importName.name ?? "default");
      bindings.set(entry.localName.value, {
        source,
        imported,
        ...(info ? { info } : {}),
        dataLayer,
      });
    }
  }
  for (const source of extraSources) note(source);
  const nextRoute = NEXT_APP_ROUTE.test(path)
    ? "app"
    : NEXT_PAGES_API.test(path)
      ? "pages"
      : undefined;
  if (nextRoute && !httpFramework) httpFramework = "Next.js";
  return { path, kinds, packages, bindings, httpFramework, nextRoute };
}

/** Adds a `require("x")` binding found in the traversal: `const x = require("x")` or `const { a } = require("x")`. */
export function noteRequire(file: FileFrameworks, declarator: AstNode, source: string): void {
  const info = infoOf(source);
  const kinds = file.kinds as Set<Kind>;
  const packages = file.packages as Map<string, PackageInfo>;
  const bindings = file.bindings as Map<string, Binding>;
  if (info) {
    kinds.add(info.kind);
    packages.set(packageOf(source) ?? source, info);
    if (info.kind === "http-framework" && !file.httpFramework)
      (file as { httpFramework: string | undefined }).httpFramework = info.name;
  }
  const dataLayer = !info && DATA_LAYER_PATH.test(source) && packageOf(source) === undefined;
  const id = declarator.id as AstNode;
  if (id.type === "Identifier")
    bindings.set(id.name as string, {
      source,
      imported: "default",
      ...(info ? { info } : {}),
      dataLayer,
    });
  else if (id.type === "ObjectPattern") {
    for (const prop of id.properties as AstNode[]) {
      const value = prop.value as AstNode | undefined;
      const key = prop.key as AstNode | undefined;
      if (value?.type === "Identifier" && key?.type === "Identifier") {
        bindings.set(value.name as string, {
          source,
          imported: key.name as string,
          ...(info ? { info } : {}),
          dataLayer,
        });
      }
    }
  }
}

/** The string a `require("x")` call names, or undefined. */
export function requireSource(call: AstNode): string | undefined {
  const callee = call.callee as AstNode;
  if (callee.type !== "Identifier" || callee.name !== "require") return undefined;
  const args = call.arguments as AstNode[];
  const arg = args[0];
  if (args.length !== 1 || !arg) return undefined;
  if (arg.type === "Literal" && typeof arg.value === "string") return arg.value;
  if (arg.type === "TemplateLiteral" && (arg.expressions as AstNode[]).length === 0) {
    return ((arg.quasis as AstNode[])[0]?.value as { cooked: string }).cooked;
  }
  return undefined;
}

/** The base name a member chain hangs from: `prisma.user.findMany` -> `prisma`, `this.users.find` -> `users`. */
export function rootName(node: AstNode): string | undefined {
  let current = node;
  let previous: AstNode | undefined;
  for (;;) {
    if (current.type === "Identifier") return current.name as string;
    if (current.type === "ThisExpression") {
      const prop = previous?.property as AstNode | undefined;
      return prop && !previous?.computed ? (prop.name as string | undefined) : undefined;
    }
    if (current.type === "MemberExpression") {
      previous = current;
      current = current.object as AstNode;
    } else if (current.type === "CallExpression") {
      previous = undefined;
      current = current.callee as AstNode;
    } else if (current.type === "AwaitExpression" || current.type === "TSNonNullExpression") {
      current = (current.argument as AstNode) ?? (current.expression as AstNode);
    } else {
      return undefined;
    }
  }
}

/** The called property or function name: `a.b.findMany()` -> `findMany`, `fetch()` -> `fetch`. */
export function calleeName(call: AstNode): string | undefined {
  const callee = call.callee as AstNode;
  if (callee.type === "Identifier") return callee.name as string;
  if (callee.type === "MemberExpression" && !callee.computed)
    return (callee.property as AstNode).name as string | undefined;
  return undefined;
}

export type CallKind =
  "db" | "db-list" | "http" | "mail" | "document" | "saas" | "sync-io" | "queue";

const CAPITALISED = /^[A-Z]/;
/** Calls that configure a client rather than use it (`nodemailer.createTransport`, `sgMail.setApiKey`). */
const SETUP_METHODS: ReadonlySet<string> = new Set([
  "createTransport",
  "setApiKey",
  "createTestAccount",
]);
const QUEUE_METHODS: ReadonlySet<string> = new Set([
  "add",
  "addBulk",
  "send",
  "sendToQueue",
  "publish",
  "produce",
]);
/** Local names of queue instances (`const emailQueue = new Queue(...)`, `producer`, `channel`). */
const QUEUE_HANDLE_NAME = /^(q|queue|\w*Queue|producer|\w*Producer|channel|ch|publisher)$/;

/**
 * What a call does, if the catalogue knows it: a database query (`db-list` for list reads), an
 * outgoing HTTP request, an e-mail, document generation, a third-party SDK call, a synchronous
 * I/O call, or a queue operation. Cheap: looks at the callee only.
 */
export function classifyCall(call: AstNode, file: FileFrameworks): CallKind | undefined {
  const callee = call.callee as AstNode;
  if (callee.type === "Identifier") {
    const name = callee.name as string;
    if (name === "fetch") return "http";
    const binding = file.bindings.get(name);
    const kind = binding?.info?.kind;
    if (kind === "http-client") return "http";
    if (kind === "sync-io" && name.endsWith("Sync")) return "sync-io";
    if (kind === "db" && binding!.info!.name === "Knex") return "db-list";
    return undefined;
  }
  if (callee.type !== "MemberExpression" || callee.computed) return undefined;
  const prop = (callee.property as AstNode).name as string | undefined;
  if (!prop) return undefined;
  const root = rootName(callee.object as AstNode);
  if (!root) return undefined;
  // `const stripe = new Stripe(key)`: the instance is named after the imported class.
  const binding =
    file.bindings.get(root) ?? file.bindings.get(root.charAt(0).toUpperCase() + root.slice(1));
  const kind = binding?.info?.kind;
  if (kind === "http-client") return "http";
  if (kind === "sync-io") return prop.endsWith("Sync") ? "sync-io" : undefined;
  if (
    (kind === "mailer" && !SETUP_METHODS.has(prop)) ||
    prop === "sendMail" ||
    (MAIL_METHODS.has(prop) && MAIL_HANDLE_NAME.test(root))
  )
    return "mail";
  if (kind === "document") return "document";
  if (kind === "saas") return "saas";
  const queueHandle =
    kind === "queue" || (!binding && file.kinds.has("queue") && QUEUE_HANDLE_NAME.test(root));
  if (queueHandle) return QUEUE_METHODS.has(prop) ? "queue" : undefined;
  if (!DB_METHODS.has(prop)) return undefined;
  const dbHandle =
    kind === "db" ||
    binding?.dataLayer === true ||
    DB_HANDLE_NAME.test(root) ||
    (CAPITALISED.test(root) && file.kinds.has("db"));
  if (!dbHandle) return undefined;
  return LIST_QUERY_METHODS.has(prop) ? "db-list" : "db";
}

/** A function that serves a request. */
export interface Route {
  framework: string;
  /** Upper-case HTTP method, or `USE` for middleware. */
  method: string;
  /** The route path as written (`/users/:id`), or the file's path for Next.js conventions. */
  path: string;
  /** The handler function's span. */
  start: number;
  end: number;
  /** Where the route is declared (the registration call or decorator). */
  at: number;
  name: string;
}

function isFunction(node: AstNode | undefined | null): boolean {
  return !!node && (node.type === "ArrowFunctionExpression" || node.type === "FunctionExpression");
}

function stringOf(node: AstNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  if (node.type === "TemplateLiteral")
    return (node.quasis as AstNode[]).map((q) => (q.value as { raw: string }).raw).join("${}");
  return undefined;
}

const ROUTER_NAMES = /^(app|router|server|fastify|api|routes|instance|r|v\d+)$/i;

interface Reference {
  name: string;
  start: number;
  end: number;
  at: number;
  framework: string;
  method: string;
  path: string;
}

/**
 * Finds the route handlers of one file while the rule's own handlers run, and answers afterwards
 * which code runs on a request: the handler itself and the functions of the same file it calls
 * (transitively). Merge `handlers` into the rule's handlers and call `finish()` in `Program:exit`.
 */
export class RouteTracker {
  readonly routes: Route[] = [];
  private readonly functions = new Map<string, { start: number; end: number }>();
  private readonly calls: Array<{ name: string; at: number }> = [];
  private readonly references: Reference[] = [];
  private spans: Array<{ start: number; end: number; route: Route }> = [];
  private readonly nestPrefix: Array<string | undefined> = [];
  private readonly file: FileFrameworks;

  constructor(file: FileFrameworks) {
    this.file = file;
  }

  /** Node handlers the tracker needs; merge them with `mergeHandlers`. */
  readonly handlers: NodeHandlers = {
    CallExpression: (node) => this.onCall(node),
    FunctionDeclaration: (node) => {
      const id = node.id as AstNode | null;
      if (id) this.functions.set(id.name as string, { start: node.start, end: node.end });
    },
    VariableDeclarator: (node) => {
      const id = node.id as AstNode;
      const init = node.init as AstNode | null;
      if (id.type === "Identifier" && isFunction(init))
        this.functions.set(id.name as string, { start: init!.start, end: init!.end });
    },
    ExportNamedDeclaration: (node) => this.onNextExport(node),
    ExportDefaultDeclaration: (node) => {
      const decl = node.declaration as AstNode;
      if (
        this.file.nextRoute === "pages" &&
        (decl.type === "FunctionDeclaration" || isFunction(decl))
      ) {
        this.add({
          framework: "Next.js",
          method: "ANY",
          path: this.file.path,
          start: decl.start,
          end: decl.end,
          at: node.start,
          name: "default",
        });
      }
    },
    ClassDeclaration: (node) => this.nestPrefix.push(this.controllerPrefix(node)),
    "ClassDeclaration:exit": () => void this.nestPrefix.pop(),
    MethodDefinition: (node) => this.onNestMethod(node),
  };

  private add(route: Route): void {
    this.routes.push(route);
  }

  private onCall(node: AstNode): void {
    const callee = node.callee as AstNode;
    if (callee.type === "Identifier") {
      this.calls.push({ name: callee.name as string, at: node.start });
      return;
    }
    if (callee.type !== "MemberExpression" || callee.computed) return;
    const method = (callee.property as AstNode).name as string;
    const object = callee.object as AstNode;
    if (object.type === "ThisExpression") this.calls.push({ name: method, at: node.start });
    const args = node.arguments as AstNode[];
    if (method === "route" && args.length === 1 && args[0]!.type === "ObjectExpression") {
      this.onFastifyRoute(node, args[0]!);
      return;
    }
    if (!HTTP_METHODS.has(method) || args.length < 2) return;
    const path = stringOf(args[0]);
    if (path === undefined || !path.startsWith("/")) return;
    const receiver = rootName(object);
    const framework =
      this.file.httpFramework ?? (receiver && ROUTER_NAMES.test(receiver) ? "HTTP" : undefined);
    if (!framework) return;
    const last = args[args.length - 1]!;
    const upper = method === "del" ? "DELETE" : method.toUpperCase();
    const name = `${upper} ${path}`;
    for (const arg of args.slice(1)) {
      if (isFunction(arg))
        this.add({
          framework,
          method: upper,
          path,
          start: arg.start,
          end: arg.end,
          at: node.start,
          name,
        });
    }
    if (last.type === "Identifier")
      this.references.push({
        name: last.name as string,
        start: last.start,
        end: last.end,
        at: node.start,
        framework,
        method: upper,
        path,
      });
    if (!args.slice(1).some(isFunction) && last.type !== "Identifier") {
      // A handler imported from elsewhere (`users.list`): the route exists, its body is one import away.
      this.add({
        framework,
        method: upper,
        path,
        start: last.start,
        end: last.end,
        at: node.start,
        name,
      });
    }
  }

  private onFastifyRoute(node: AstNode, options: AstNode): void {
    let method = "GET";
    let path: string | undefined;
    let handler: AstNode | undefined;
    for (const prop of options.properties as AstNode[]) {
      const key = (prop.key as AstNode | undefined)?.name;
      if (key === "method") method = (stringOf(prop.value as AstNode) ?? "GET").toUpperCase();
      else if (key === "url" || key === "path") path = stringOf(prop.value as AstNode);
      else if (key === "handler") handler = prop.value as AstNode;
    }
    if (!path || !handler) return;
    const framework = this.file.httpFramework ?? "Fastify";
    if (isFunction(handler))
      this.add({
        framework,
        method,
        path,
        start: handler.start,
        end: handler.end,
        at: node.start,
        name: `${method} ${path}`,
      });
    else if (handler.type === "Identifier")
      this.references.push({
        name: handler.name as string,
        start: handler.start,
        end: handler.end,
        at: node.start,
        framework,
        method,
        path,
      });
  }

  private onNextExport(node: AstNode): void {
    if (this.file.nextRoute !== "app") return;
    const decl = node.declaration as AstNode | null;
    if (!decl) return;
    if (decl.type === "FunctionDeclaration") {
      const name = (decl.id as AstNode | null)?.name as string | undefined;
      if (name && NEXT_ROUTE_EXPORTS.has(name))
        this.add({
          framework: "Next.js",
          method: name,
          path: this.file.path,
          start: decl.start,
          end: decl.end,
          at: node.start,
          name,
        });
    } else if (decl.type === "VariableDeclaration") {
      for (const d of decl.declarations as AstNode[]) {
        const name = (d.id as AstNode).name as string | undefined;
        const init = d.init as AstNode | null;
        if (name && NEXT_ROUTE_EXPORTS.has(name) && isFunction(init)) {
          this.add({
            framework: "Next.js",
            method: name,
            path: this.file.path,
            start: init!.start,
            end: init!.end,
            at: node.start,
            name,
          });
        }
      }
    }
  }

  private controllerPrefix(node: AstNode): string | undefined {
    for (const decorator of (node.decorators as AstNode[] | undefined) ?? []) {
      const expr = decorator.expression as AstNode;
      if (
        expr.type === "CallExpression" &&
        (expr.callee as AstNode).type === "Identifier" &&
        (expr.callee as AstNode).name === "Controller"
      ) {
        const arg = (expr.arguments as AstNode[])[0];
        return (
          stringOf(arg) ??
          (arg?.type === "ObjectExpression"
            ? (stringOf(
                (arg.properties as AstNode[]).find((p) => (p.key as AstNode)?.name === "path")
                  ?.value as AstNode,
              ) ?? "")
            : "")
        );
      }
    }
    return undefined;
  }

  private onNestMethod(node: AstNode): void {
    const prefix = this.nestPrefix[this.nestPrefix.length - 1];
    if (prefix === undefined) return;
    for (const decorator of (node.decorators as AstNode[] | undefined) ?? []) {
      const expr = decorator.expression as AstNode;
      if (expr.type !== "CallExpression") continue;
      const callee = expr.callee as AstNode;
      if (callee.type !== "Identifier" || !NEST_ROUTE_DECORATORS.has(callee.name as string))
        continue;
      const sub = stringOf((expr.arguments as AstNode[])[0]) ?? "";
      const path = `/${[prefix, sub]
        .map((p) => p.replace(/^\/+|\/+$/g, ""))
        .filter(Boolean)
        .join("/")}`;
      const value = node.value as AstNode;
      const method = (callee.name as string).toUpperCase();
      const key = (node.key as AstNode).name as string | undefined;
      this.add({
        framework: "Nest",
        method,
        path,
        start: value.start,
        end: value.end,
        at: decorator.start,
        name: key ?? `${method} ${path}`,
      });
    }
  }

  /** Call once after the traversal: resolves handlers named by identifier and the same-file functions they call. */
  finish(): void {
    for (const ref of this.references) {
      // A handler imported from elsewhere keeps the identifier's span: the route exists, its body is one import away.
      const fn = this.functions.get(ref.name) ?? { start: ref.start, end: ref.end };
      this.add({
        framework: ref.framework,
        method: ref.method,
        path: ref.path,
        start: fn.start,
        end: fn.end,
        at: ref.at,
        name: `${ref.method} ${ref.path}`,
      });
    }
    const spans = this.routes.map((route) => ({ start: route.start, end: route.end, route }));
    // Same-file functions called from request code run on the request too (to a fixed point).
    const reached = new Set<string>();
    let grew = spans.length > 0;
    while (grew) {
      grew = false;
      for (const call of this.calls) {
        if (reached.has(call.name)) continue;
        const fn = this.functions.get(call.name);
        if (!fn) continue;
        const from = spans.find((s) => call.at >= s.start && call.at < s.end);
        if (!from) continue;
        reached.add(call.name);
        spans.push({ start: fn.start, end: fn.end, route: from.route });
        grew = true;
      }
    }
    this.spans = spans;
  }

  /** The route whose request runs the code at `offset`, if any (after `finish`). */
  routeAt(offset: number): Route | undefined {
    for (const span of this.spans) if (offset >= span.start && offset < span.end) return span.route;
    return undefined;
  }
}

/** Combines several handler sets into one, calling each in order for a shared node type. */
export function mergeHandlers(...sets: NodeHandlers[]): NodeHandlers {
  const merged: NodeHandlers = {};
  for (const set of sets) {
    for (const [type, handler] of Object.entries(set)) {
      const existing = merged[type];
      merged[type] = existing
        ? (node, parent) => {
            existing(node, parent);
            handler(node, parent);
          }
        : handler;
    }
  }
  return merged;
}

/** Is `node` inside a loop body or a per-item callback (`map`, `forEach`, ...) given its ancestors' spans? */
export const ITERATION_METHODS: ReadonlySet<string> = new Set([
  "map",
  "forEach",
  "flatMap",
  "filter",
  "reduce",
  "some",
  "every",
  "find",
  "for",
]);

const REQUIRE_BINDING =
  /(?:const|let|var)\s+(\{[^}]*\}|[\w$]+)\s*=\s*require\(\s*["']([^"']+)["']\s*\)/g;

/**
 * `fileFrameworks` for a rule's `create`: ESM imports from the parser, plus CommonJS
 * `const x = require("x")` bindings found by one scan of the text (only for files without ESM
 * syntax that mention `require(`), so that a rule can bail out before the traversal.
 */
const memo = new WeakMap<EcmaScriptModule, FileFrameworks>();

export function frameworksOf(ctx: {
  path: string;
  text: string;
  module: EcmaScriptModule;
}): FileFrameworks {
  // Every rule of one file asks with the same parsed module: build the answer once per file.
  const known = memo.get(ctx.module);
  if (known) return known;
  const file = fileFrameworks(ctx.path, ctx.module);
  memo.set(ctx.module, file);
  if (ctx.module.hasModuleSyntax || !ctx.text.includes("require(")) return file;
  for (const match of ctx.text.matchAll(REQUIRE_BINDING)) {
    const [, binding, source] = match;
    const names = binding!.startsWith("{")
      ? binding!
          .slice(1, -1)
          .split(",")
          .map((part) => part.split(":").map((s) => s.trim()))
          .filter((p) => p[0])
          .map((p) => ({ key: p[0]!, value: p[1] ?? p[0]! }))
      : [{ key: "default", value: binding! }];
    const declarator = {
      type: "VariableDeclarator",
      start: 0,
      end: 0,
      id: binding!.startsWith("{")
        ? {
            type: "ObjectPattern",
            properties: names.map((n) => ({
              key: { type: "Identifier", name: n.key },
              value: { type: "Identifier", name: n.value },
            })),
          }
        : { type: "Identifier", name: binding },
    } as unknown as AstNode;
    noteRequire(file, declarator, source!);
  }
  return file;
}

/** Is this route path a health or metrics probe (never versioned, never validated)? */
export const PROBE_PATH =
  /^\/(health|healthz|readyz|ready|livez|live|liveness|readiness|metrics|ping|status)\/?$/;
