import type { EcmaScriptModule } from "oxc-parser";
import type { AstNode } from "../engine/index.ts";
import {
  DATA_LAYER_PATH,
  DATA_PACKAGE,
  DB_HANDLE_NAME,
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
  /**
   * Local names known to hold a database client, model, repository or query builder, from how
   * they are made (`new PrismaClient()`, `mongoose.model(...)`, `class User extends Model`, a
   * constructor parameter typed `Repository<User>` or `PrismaService`): set by `frameworksOf`
   * for files that import a database package or the data layer.
   */
  dataHandles?: ReadonlySet<string>;
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

/**
 * An import of the project's own `db`/`models` code, which the catalogue cannot know: a relative
 * path, a path alias (`@/lib/prisma`, `@server/models`) or a workspace package (`@acme/db`).
 */
function isDataLayer(source: string, info: PackageInfo | undefined, from: string): boolean {
  if (info) return false;
  // A scoped package that is no path alias (`@acme/db`, not `@/lib/db`): a workspace package.
  if (/^@[^/]/.test(source)) return DATA_PACKAGE.test(source);
  // A model importing another from its own folder (`server/models/Document.ts` -> `./User`).
  const sibling = source.startsWith("./") && DATA_LAYER_PATH.test(`/${from}`.replace(/[^/]*$/, ""));
  return DATA_LAYER_PATH.test(source) || sibling;
}

/** The name an ESM import entry binds: `default`, `*` for a namespace, or the imported name. */
function importedName(importName: { kind: string; name?: string | null }): string {
  if (importName.kind === "Default") return "default";
  if (importName.kind === "NamespaceObject") return "*";
  return importName.name ?? "default";
}

const NEXT_APP_ROUTE = /(^|\/)app\/(.+\/)?route\.[cm]?[jt]sx?$/;
const NEXT_PAGES_API = /(^|\/)pages\/api\//;

/** Which Next.js route convention a path follows: an app router `route.ts`, a `pages/api` file, or neither. */
export function nextRouteOf(path: string): "app" | "pages" | undefined {
  if (NEXT_APP_ROUTE.test(path)) return "app";
  if (NEXT_PAGES_API.test(path)) return "pages";
  return undefined;
}

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
    const dataLayer = isDataLayer(source, info, path);
    for (const entry of imp.entries) {
      bindings.set(entry.localName.value, {
        source,
        imported: importedName(entry.importName),
        ...(info ? { info } : {}),
        dataLayer,
      });
    }
  }
  for (const source of extraSources) note(source);
  const nextRoute = nextRouteOf(path);
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
  const dataLayer = isDataLayer(source, info, file.path);
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

const REQUIRE_BINDING =
  /(?:const|let|var)\s+(\{[^}]*\}|[\w$]+)\s*=\s*require\(\s*["']([^"']+)["']\s*\)/g;

/** The declarator `const <binding> = require(...)` would have, built from the matched text. */
function requireDeclarator(binding: string): AstNode {
  if (!binding.startsWith("{"))
    return {
      type: "VariableDeclarator",
      start: 0,
      end: 0,
      id: { type: "Identifier", name: binding },
    } as unknown as AstNode;
  const names = binding
    .slice(1, -1)
    .split(",")
    .map((part) => part.split(":").map((s) => s.trim()))
    .filter((p) => p[0])
    .map((p) => ({ key: p[0]!, value: p[1] ?? p[0]! }));
  return {
    type: "VariableDeclarator",
    start: 0,
    end: 0,
    id: {
      type: "ObjectPattern",
      properties: names.map((n) => ({
        key: { type: "Identifier", name: n.key },
        value: { type: "Identifier", name: n.value },
      })),
    },
  } as unknown as AstNode;
}

/**
 * `const x = [await] [new] y(...)` or `y.maker(...)`: a local name made from another (with a type
 * annotation of up to 80 characters). A query's result (`await prisma.user.findMany()`) is data,
 * not a handle: only constructors, factories and the `MAKERS` methods make one.
 */
const DECLARED_FROM =
  /\b(?:const|let|var)\s+([\w$]+)\s*(?::[^=;\n]{0,80})?=\s*(?:await\s+)?(?:new\s+)?([\w$]+)(?:\.([\w$]+))?\s*[(<]/g;
const MAKERS: ReadonlySet<string> = new Set([
  "model",
  "define",
  "getRepository",
  "getCustomRepository",
  "getMongoRepository",
  "withRepository",
  "collection",
  "db",
  "connect",
  "getConnection",
  "createPool",
  "createConnection",
  "createClient",
  "duplicate",
  "$extends",
]);
/** `class User extends Model` (also `extends Base<User>`). */
const CLASS_EXTENDS = /\bclass\s+([\w$]+)\s+extends\s+([\w$]+)/g;
/** A TypeScript parameter property or class field with a type: `private readonly users: Repository<User>`. */
const TYPED_MEMBER =
  /\b(?:private|protected|public|readonly)\s+(?:readonly\s+)?([\w$]+)\s*[?!]?:\s*([\w$]+)/g;
/** Types that are a client or a repository whatever they are imported from (`PrismaService`, `UserRepository`). */
const HANDLE_TYPE =
  /(Prisma\w*|\w*Repository|\w*Model|Knex|Kysely|Pool|Redis|Db|Collection|DataSource|EntityManager|Sequelize)$/;
/** A data-layer import bound to something that is a handle or a model, not a constant or a helper. */
const MODEL_NAME = /^[A-Z][a-z]\w*$/;

/** Whether a binding names a database client or model: a DB package's export, or the data layer's handle or model. */
export function isDataBinding(name: string, binding: Binding | undefined): boolean {
  if (binding?.info?.kind === "db") return true;
  if (!binding?.dataLayer) return false;
  return binding.imported !== "*" ? isHandleOrModelName(name) : DB_HANDLE_NAME.test(name);
}

function isHandleOrModelName(name: string): boolean {
  return DB_HANDLE_NAME.test(name) || MODEL_NAME.test(name);
}

/** The local names made from a database package, the data layer or another handle (see `FileFrameworks.dataHandles`). */
function dataHandlesOf(text: string, file: FileFrameworks): Set<string> {
  const handles = new Set<string>();
  const known = (name: string) => handles.has(name) || isDataBinding(name, file.bindings.get(name));
  for (const [, name, from, method] of text.matchAll(DECLARED_FROM))
    if (known(from!) && (method === undefined || MAKERS.has(method))) handles.add(name!);
  // A model file (`models/user.ts`) declares its models as classes extending a base model.
  const modelFile = DATA_LAYER_PATH.test(file.path);
  for (const [, name, base] of text.matchAll(CLASS_EXTENDS))
    if (known(base!) || (modelFile && MODEL_NAME.test(name!))) handles.add(name!);
  for (const [, name, type] of text.matchAll(TYPED_MEMBER))
    if (known(type!) || HANDLE_TYPE.test(type!)) handles.add(name!);
  return handles;
}

/**
 * A file with a database import (a package, or a handle or model from the data layer; not a
 * namespace such as `import * as Schema from "./Schema"`), where handles are worth tracking.
 */
export function hasDataImport(file: FileFrameworks): boolean {
  if (file.kinds.has("db")) return true;
  for (const [name, binding] of file.bindings) if (isDataBinding(name, binding)) return true;
  return false;
}

const memo = new WeakMap<EcmaScriptModule, FileFrameworks>();

/**
 * `fileFrameworks` for a rule's `create`: ESM imports from the parser, plus CommonJS
 * `const x = require("x")` bindings found by one scan of the text (only for files without ESM
 * syntax that mention `require(`), so that a rule can bail out before the traversal.
 */
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
  if (!ctx.module.hasModuleSyntax && ctx.text.includes("require("))
    for (const match of ctx.text.matchAll(REQUIRE_BINDING)) {
      const [, binding, source] = match;
      noteRequire(file, requireDeclarator(binding!), source!);
    }
  // Only files that import a database are scanned for the handles they make.
  if (hasDataImport(file)) file.dataHandles = dataHandlesOf(ctx.text, file);
  return file;
}
