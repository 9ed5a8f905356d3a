import type { EcmaScriptModule } from "oxc-parser";
import type { AstNode, NodeHandlers } from "../engine/index.ts";
import { isFunction } from "./ast.ts";
import { frameworksOf, hasDataImport, type FileFrameworks } from "./bindings.ts";
import { classifyCall, urlKind, type CallKind } from "./calls.ts";
import { mergeHandlers } from "./merge-handlers.ts";
import { isValidationCall, requestInputRead, VALIDATING_REGISTRATION } from "./request-input.ts";
import { RouteTracker } from "./route-tracker.ts";
import { registersRoutes, type Route } from "./routes.ts";

/**
 * The per-file half of the request paths across files: what one file's functions call and what
 * they do (queries, HTTP calls, e-mail, synchronous I/O, request input), what it exports and the
 * routes it declares, as a compact fact. `request-paths.ts` joins the facts of all files through
 * the module graph in the repository stage, so the work stays one pass per file (and cached).
 */

/** A function of the same file (`f`), or an import: specifier, imported name, member used. */
export type Target = { f: string } | { s: string; n: string; m?: string };

/** A call a request should not wait on, or a query. */
export interface Problem {
  kind: CallKind;
  line: number;
  /** The callee as written (`fs.readFileSync`). */
  call: string;
  awaited?: true;
  /** For HTTP calls: whether the URL names an internal service. */
  url?: "internal" | "external" | "unknown";
  /** Already reported by the rules' own pass over this file (it lies on a route of the file). */
  local?: true;
}

/** A function: a top-level or named function, a class method (`Class.m`), an object member (`obj.m`), a handler written in place (`@line`). */
export interface FnFact {
  line: number;
  end: number;
  loc: number;
  calls?: Target[];
  problems?: Problem[];
  /** The first request input it reads (`req.body`) and whether it validates anything. */
  input?: { line: number; text: string };
  validates?: true;
}

export interface RouteFact {
  framework: string;
  method: string;
  path: string;
  name: string;
  /** Where the route is declared. */
  line: number;
  /** The handler. */
  root: Target;
  /** The rules' own pass over this file saw the handler's body (written here, or named here). */
  seen?: true;
  /** Validation middleware or a schema in the registration. */
  validated?: true;
}

export interface RequestFact {
  fns: Record<string, FnFact>;
  /** Exported name (`default`, `default.create` for an exported object's member) -> function key or class name, or a re-export. */
  exports: Record<string, string | { s: string; n: string }>;
  /** `export * from "x"`. */
  stars?: string[];
  routes?: RouteFact[];
}

const PROBLEM_KINDS: ReadonlySet<CallKind> = new Set([
  "db",
  "db-list",
  "http",
  "mail",
  "document",
  "saas",
  "sync-io",
]);
/**
 * Files of the layers a request passes through, even when they import nothing the catalogue
 * knows: a folder (`controllers/`, `services/`, `api/`, `server/`) or a suffix
 * (`auth.controller.ts`, `user.service.js`). Only these, and route files, pass calls into
 * other modules on: the other files say what they do, not whom they call.
 */
const LAYER_PATH =
  /(^|\/|\.)(controllers?|services?|handlers?|routes?|routers?|api|actions?|commands?|procedures?|resolvers?|usecases?|use-cases|middlewares?|server|lib)(\/|\.)/;

type CallRef =
  | { id: string }
  | { obj: string; prop: string }
  | { self: string }
  | { field: string; prop: string };

interface Unit {
  key: string;
  start: number;
  end: number;
  /** The class or constructor function whose member this is (for `this.x()`). */
  owner?: string;
}

interface Collector {
  handlers: NodeHandlers;
  /** The fact, after `Program:exit` (undefined for a file with nothing to say). */
  fact(): RequestFact | undefined;
}

function keyName(node: AstNode | undefined | null): string | undefined {
  if (!node) return undefined;
  if (node.type === "Identifier") return node.name as string;
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  return undefined;
}

function callRef(node: AstNode): CallRef | undefined {
  const callee = node.callee as AstNode;
  if (callee.type === "Identifier") return { id: callee.name as string };
  if (callee.type !== "MemberExpression" || callee.computed) return undefined;
  const prop = (callee.property as AstNode).name as string;
  const object = callee.object as AstNode;
  if (object.type === "Identifier") return { obj: object.name as string, prop };
  if (object.type === "ThisExpression") return { self: prop };
  if (
    object.type === "MemberExpression" &&
    !object.computed &&
    (object.object as AstNode).type === "ThisExpression"
  )
    return { field: (object.property as AstNode).name as string, prop };
  return undefined;
}

/** `private readonly users: Repository<User>` -> users, Repository (the parse drops types: read the text). */
const TYPED = /([\w$]+)\s*(?:[?!]\s*)?:\s*([\w$]+)/;

function typedName(text: string, start: number, end: number): [string, string] | undefined {
  const match = TYPED.exec(text.slice(start, Math.min(end, start + 200)));
  return match ? [match[1]!, match[2]!] : undefined;
}

function calleeText(text: string, call: AstNode): string {
  const callee = call.callee as AstNode;
  const source = text.slice(callee.start, callee.end).replace(/\s+/g, "");
  return source.length > 60 ? `${source.slice(0, 57)}...` : source;
}

/** A file that declares routes or sits in a request layer: its calls into other modules are followed. */
function passesOn(file: FileFrameworks, text: string): boolean {
  return (
    registersRoutes(file, text) ||
    file.nextRoute !== undefined ||
    LAYER_PATH.test(file.path) ||
    text.includes("use server") ||
    text.includes("rocedure")
  );
}

/** A file that does I/O a request may wait on, or reads request input. */
function doesWork(file: FileFrameworks, text: string): boolean {
  const { kinds } = file;
  return (
    kinds.has("http-client") ||
    kinds.has("mailer") ||
    kinds.has("document") ||
    kinds.has("saas") ||
    kinds.has("sync-io") ||
    hasDataImport(file) ||
    text.includes("fetch(")
  );
}

interface CollectorContext {
  path: string;
  text: string;
  /** `text` without comments (CodeContext's `code`). */
  code: string;
  module: EcmaScriptModule;
  lineOf(offset: number): number;
  linesOfCode(startLine: number, endLine: number): number;
}

/**
 * The collector for one file: merge `handlers` into the traversal, read `fact()` after
 * `Program:exit`. Returns no handlers for a file with nothing a request path could reach.
 */
export function collectRequestFacts(ctx: CollectorContext): Collector {
  const file = frameworksOf(ctx);
  const forward = passesOn(file, ctx.code);
  if (!forward && !doesWork(file, ctx.code)) {
    // A barrel (`export * from "./users"`) is a hop on the way: its exports, without a walk.
    const fact = reExportsOf(ctx.module);
    return { handlers: {}, fact: () => fact };
  }
  const scan = new FileScan(ctx, file, forward);
  return {
    handlers: mergeHandlers(scan.tracker.handlers, scan.handlers()),
    fact: () => scan.result,
  };
}

/** What one file's walk gathers, and the fact made of it at the end. */
class FileScan {
  readonly tracker: RouteTracker;
  result: RequestFact | undefined;
  private readonly ownPass: boolean;
  private readonly units: Unit[] = [];
  private readonly calls: Array<{ at: number; ref: CallRef }> = [];
  private readonly problems: Array<{ at: number; problem: Problem }> = [];
  private readonly inputs: Array<{ at: number; text: string }> = [];
  private readonly validations: number[] = [];
  /** Local object literals' members that name a function: `const auth = { signup }` -> auth.signup -> signup. */
  private readonly aliases = new Map<string, string>();
  /** `const orders = new OrderController()` -> OrderController. */
  private readonly instances = new Map<string, string>();
  /** Class -> field -> type name (`constructor(private users: UsersService)`). */
  private readonly fieldTypes = new Map<string, Map<string, string>>();
  private readonly classes = new Set<string>();
  private readonly exports: RequestFact["exports"] = {};
  private readonly owners: string[] = [];
  /** Function keys, first unit of each (after the walk). */
  private keys = new Map<string, Unit>();
  private readonly fns: Record<string, FnFact> = {};

  private readonly ctx: CollectorContext;
  private readonly file: FileFrameworks;
  /** Calls into other modules are kept (a route file or a request layer). */
  private readonly forward: boolean;

  constructor(ctx: CollectorContext, file: FileFrameworks, forward: boolean) {
    this.ctx = ctx;
    this.file = file;
    this.forward = forward;
    this.tracker = new RouteTracker(file, { rpc: true });
    this.ownPass = registersRoutes(file, ctx.code);
  }

  handlers(): NodeHandlers {
    return {
      FunctionDeclaration: (node, parent) => {
        const name =
          keyName(node.id as AstNode | null) ??
          (parent?.type === "ExportDefaultDeclaration" ? "default" : undefined);
        if (name) this.unit(name, node);
      },
      VariableDeclarator: (node) => this.onDeclarator(node),
      ClassDeclaration: (node, parent) => this.onClass(node, parent),
      "ClassDeclaration:exit": () => void this.owners.pop(),
      MethodDefinition: (node) => {
        const owner = this.owners[this.owners.length - 1];
        const key = keyName(node.key as AstNode);
        if (owner && key) this.unit(`${owner}.${key}`, node.value as AstNode, owner);
      },
      ExportDefaultDeclaration: (node) => this.exportValue(node.declaration as AstNode),
      AssignmentExpression: (node) => this.onAssignment(node),
      CallExpression: (node, parent) => this.onCall(node, parent),
      MemberExpression: (node) => {
        const read = requestInputRead(node, this.ctx.text, this.file);
        if (read) this.inputs.push({ at: node.start, text: read });
      },
      "Program:exit": () => {
        this.tracker.finish();
        this.result = this.finish();
      },
    };
  }

  private unit(key: string, fn: AstNode, owner?: string): void {
    this.units.push({ key, start: fn.start, end: fn.end, ...(owner ? { owner } : {}) });
  }

  private onDeclarator(node: AstNode): void {
    const name = keyName(node.id as AstNode);
    const init = node.init as AstNode | null;
    if (!name || !init) return;
    if (isFunction(init)) this.unit(name, init);
    else if (init.type === "ObjectExpression") this.objectMembers(name, init);
    else if (init.type === "NewExpression") {
      const cls = keyName(init.callee as AstNode);
      if (cls) this.instances.set(name, cls);
    }
  }

  /** `{ a, b: fn, c() {} }` under `name`: members become units or aliases. */
  private objectMembers(name: string, object: AstNode): void {
    for (const prop of object.properties as AstNode[]) {
      if (prop.type !== "Property" || prop.computed) continue;
      const key = keyName(prop.key as AstNode);
      const value = prop.value as AstNode;
      if (!key) continue;
      if (isFunction(value)) this.unit(`${name}.${key}`, value);
      else if (value.type === "Identifier")
        this.aliases.set(`${name}.${key}`, value.name as string);
    }
  }

  /** What a module's default export is: a function, an object of handlers, an instance, a name. */
  private exportValue(value: AstNode): void {
    if (isFunction(value)) this.unit("default", value);
    else if (value.type === "ObjectExpression") {
      this.objectMembers("default", value);
      for (const prop of value.properties as AstNode[]) {
        const key = prop.type === "Property" ? keyName(prop.key as AstNode) : undefined;
        if (key)
          this.exports[`default.${key}`] = this.aliases.get(`default.${key}`) ?? `default.${key}`;
      }
    } else if (value.type === "NewExpression") {
      const cls = keyName(value.callee as AstNode);
      if (cls) this.exports.default = cls;
    } else if (value.type === "Identifier") this.exports.default = value.name as string;
  }

  private onClass(node: AstNode, parent: AstNode | null): void {
    const name =
      keyName(node.id as AstNode | null) ??
      (parent?.type === "ExportDefaultDeclaration" ? "default" : undefined);
    this.owners.push(name ?? "");
    if (!name) return;
    this.classes.add(name);
    const fields = new Map<string, string>();
    this.fieldTypes.set(name, fields);
    const text = this.ctx.text;
    for (const member of (node.body as AstNode).body as AstNode[]) {
      const typed =
        member.type === "PropertyDefinition"
          ? typedName(text, member.start, member.end)
          : undefined;
      if (typed) fields.set(typed[0], typed[1]);
      if (member.type !== "MethodDefinition" || (member.key as AstNode).name !== "constructor")
        continue;
      // A parameter's span leaves out its type: read up to the next parameter.
      const value = member.value as AstNode;
      const params = value.params as AstNode[];
      params.forEach((param, i) => {
        const end = params[i + 1]?.start ?? (value.body as AstNode).start;
        const found = typedName(text, param.start, end);
        if (found) fields.set(found[0], found[1]);
      });
    }
  }

  /** `this.m = function` in a constructor function, `module.exports = ...`, `exports.m = ...`. */
  private onAssignment(node: AstNode): void {
    const left = node.left as AstNode;
    const right = node.right as AstNode;
    if (left.type !== "MemberExpression" || left.computed) return;
    const prop = keyName(left.property as AstNode);
    const object = left.object as AstNode;
    if (!prop) return;
    if (object.type === "ThisExpression") {
      if (!isFunction(right)) return;
      let owner: Unit | undefined;
      for (const u of this.units) if (u.start <= node.start && node.end <= u.end) owner = u;
      if (owner) this.unit(`${owner.key}.${prop}`, right, owner.key);
    } else if (keyName(object) === "module" && prop === "exports") {
      this.exportValue(right);
      // CommonJS: the module object's members are its named exports too.
      for (const [k, v] of Object.entries(this.exports))
        if (k.startsWith("default.")) this.exports[k.slice(8)] ??= v;
    } else if (
      keyName(object) === "exports" ||
      (object.type === "MemberExpression" &&
        keyName(object.object as AstNode) === "module" &&
        keyName(object.property as AstNode) === "exports")
    ) {
      if (isFunction(right)) this.unit(prop, right);
      const value = right.type === "Identifier" ? (right.name as string) : prop;
      this.exports[prop] = value;
      this.exports[`default.${prop}`] = value;
    }
  }

  private onCall(node: AstNode, parent: AstNode | null): void {
    const ref = callRef(node);
    if (ref) this.calls.push({ at: node.start, ref });
    if (isValidationCall(node)) this.validations.push(node.start);
    const kind = classifyCall(node, this.file);
    if (!kind || !PROBLEM_KINDS.has(kind)) return;
    const text = this.ctx.text;
    const problem: Problem = {
      kind,
      line: this.ctx.lineOf(node.start),
      call: calleeText(text, node),
    };
    if (parent?.type === "AwaitExpression") problem.awaited = true;
    if (kind === "http") problem.url = urlKind(text, node);
    this.problems.push({ at: node.start, problem });
  }

  private factOf(u: Unit): FnFact {
    const line = this.ctx.lineOf(u.start);
    const end = this.ctx.lineOf(Math.max(u.start, u.end - 1));
    return (this.fns[u.key] ??= { line, end, loc: this.ctx.linesOfCode(line, end) });
  }

  private finish(): RequestFact | undefined {
    const routes = this.placeRoutes();
    for (const u of this.units) if (!this.keys.has(u.key)) this.keys.set(u.key, u);
    const sorted = [...this.keys.values()].sort((a, b) => a.start - b.start || b.end - a.end);
    const innermost = sweep(sorted);
    // A function nested in another runs when its outer one does (a callback, a local helper).
    for (const u of sorted) {
      const outer = innermost(u.start - 0.5, u);
      if (outer) (this.factOf(outer).calls ??= []).push({ f: u.key });
    }
    this.attribute(innermost);
    const routeFacts = routes.flatMap(({ route, unit }) => this.routeFact(route, unit));
    exportsFrom(
      this.ctx.module,
      this.exports,
      (n) => this.imported(n),
      this.keys,
      this.classes,
      this.instances,
    );
    const roots = new Set(routeFacts.flatMap((r) => ("f" in r.root ? [r.root.f] : [])));
    // Only what a path can use: functions that call, do, or read something, and handlers.
    for (const [key, fn] of Object.entries(this.fns))
      if (!fn.calls && !fn.problems && !fn.input && !roots.has(key)) delete this.fns[key];
    const stars = starsOf(this.ctx.module);
    const reExports = Object.values(this.exports).some((v) => typeof v !== "string");
    if (!Object.keys(this.fns).length && !routeFacts.length && !stars.length && !reExports)
      return undefined;
    return {
      fns: this.fns,
      exports: this.exports,
      ...(stars.length ? { stars } : {}),
      ...(routeFacts.length ? { routes: routeFacts } : {}),
    };
  }

  /** Each route with the unit of its handler when written here (in place: a unit `@line` of its own). */
  private placeRoutes(): Array<{ route: Route; unit?: Unit }> {
    const byStart = new Map(this.units.map((u) => [u.start, u]));
    return this.tracker.routes.map((route) => {
      let found = byStart.get(route.start);
      const written = unwrap(this.ctx.text.slice(route.start, route.end));
      if (!found && !IDENTIFIER.test(written) && !MEMBER.test(written)) {
        found = { key: `@${this.ctx.lineOf(route.start)}`, start: route.start, end: route.end };
        this.units.push(found);
        byStart.set(found.start, found);
      }
      return { route, ...(found ? { unit: found } : {}) };
    });
  }

  /** Calls, problems, input reads and validations to the innermost function holding them. */
  private attribute(innermost: (offset: number) => Unit | undefined): void {
    for (const { at, ref } of this.calls) {
      const u = innermost(at);
      const target = u ? this.resolve(ref, u.owner ?? u.key.split(".")[0]) : undefined;
      if (!target) continue;
      const list = (this.factOf(u!).calls ??= []);
      const id = JSON.stringify(target);
      if (!list.some((t) => JSON.stringify(t) === id)) list.push(target);
    }
    for (const { at, problem } of this.problems) {
      const u = innermost(at);
      if (!u) continue;
      // What the request rules' own pass reported: inside an HTTP route of this file.
      if (this.ownPass && this.tracker.routeAt(at, true)) problem.local = true;
      (this.factOf(u).problems ??= []).push(problem);
    }
    for (const { at, text } of this.inputs) {
      const u = innermost(at);
      if (u) this.factOf(u).input ??= { line: this.ctx.lineOf(at), text };
    }
    for (const at of this.validations) {
      const u = innermost(at);
      if (u) this.factOf(u).validates = true;
    }
  }

  private routeFact(route: Route, unit: Unit | undefined): RouteFact[] {
    const text = this.ctx.text;
    const written = unwrap(text.slice(route.start, route.end));
    const [obj, prop] = written.split(".");
    const root: Target | undefined = unit
      ? { f: unit.key }
      : IDENTIFIER.test(written)
        ? this.resolve({ id: written }, undefined)
        : MEMBER.test(written)
          ? this.resolve({ obj: obj!, prop: prop! }, undefined)
          : undefined;
    if (!root) return [];
    if (unit) this.factOf(unit);
    const registration = text.slice(route.at, Math.min(route.start, route.at + 2000));
    return [
      {
        framework: route.framework,
        method: route.method,
        path: route.path,
        name: route.name,
        line: this.ctx.lineOf(route.at),
        root,
        ...(this.ownPass && !route.rpc && unit && this.tracker.routeAt(unit.start, true)
          ? { seen: true as const }
          : {}),
        ...(VALIDATING_REGISTRATION.test(registration) ? { validated: true as const } : {}),
      },
    ];
  }

  private resolve(ref: CallRef, owner: string | undefined): Target | undefined {
    if ("id" in ref) return this.local(ref.id) ?? this.imported(ref.id);
    if ("self" in ref) return owner ? this.local(`${owner}.${ref.self}`) : undefined;
    if ("field" in ref) {
      const type = owner ? this.fieldTypes.get(owner)?.get(ref.field) : undefined;
      return type ? this.member(type, ref.prop) : undefined;
    }
    const alias = this.aliases.get(`${ref.obj}.${ref.prop}`);
    if (alias) return this.local(alias) ?? this.imported(alias);
    const cls = this.instances.get(ref.obj);
    return this.member(cls ?? ref.obj, ref.prop);
  }

  private local(name: string): Target | undefined {
    return this.keys.has(name) ? { f: name } : undefined;
  }

  private imported(name: string, m?: string): Target | undefined {
    const binding = this.file.bindings.get(name);
    if (!this.forward || !binding || binding.info || !mayBeLocal(binding.source, this.ctx.path))
      return undefined;
    return { s: binding.source, n: binding.imported, ...(m ? { m } : {}) };
  }

  /** `holder.prop`: a method of a class or an object of this file, or a member of an import. */
  private member(holder: string, prop: string): Target | undefined {
    const here = this.local(`${holder}.${prop}`);
    if (here || this.classes.has(holder)) return here;
    return this.imported(holder, prop);
  }
}

/**
 * Whether an import may name the repository's own code: a relative path, an alias (`@/`, `~/`,
 * `#`), a scoped name (a workspace package), or a path from a folder of the importer (`src/utils`
 * under baseUrl). Plain package names (`lodash`, `fp-ts/Either`) are left out of the fact.
 */
function mayBeLocal(source: string, path: string): boolean {
  if (/^[.~#@/]/.test(source)) return true;
  const first = source.split("/")[0]!;
  return source.includes("/") && path.split("/").includes(first);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const MEMBER = /^[A-Za-z_$][\w$]*\.[A-Za-z_$][\w$]*$/;
/** `asyncHandler(orders.create)`, `catchAsync(signup)`: a wrapper around a named handler. */
const WRAPPED = /^[\w$.]{1,60}\(\s*([\w$]{1,60}(?:\.[\w$]{1,60})?)\s*\)$/;

function unwrap(written: string): string {
  return WRAPPED.exec(written)?.[1] ?? written;
}

/** The re-exports of a module that does nothing else worth a fact, or undefined. */
function reExportsOf(module: EcmaScriptModule): RequestFact | undefined {
  if (!module.staticExports.some((e) => e.entries.some((x) => x.moduleRequest))) return undefined;
  const exports: RequestFact["exports"] = {};
  exportsFrom(module, exports, () => undefined, new Map(), new Set(), new Map());
  for (const key of Object.keys(exports)) if (typeof exports[key] === "string") delete exports[key];
  const stars = starsOf(module);
  return { fns: {}, exports, ...(stars.length ? { stars } : {}) };
}

function starsOf(module: EcmaScriptModule): string[] {
  return module.staticExports.flatMap((e) =>
    e.entries
      .filter((x) => x.importName.kind === "AllButDefault" && x.moduleRequest)
      .map((x) => x.moduleRequest!.value),
  );
}

/** Adds the parser's export entries: `export function f`, `export { a as b }`, `export { x } from "./y"`, `export default X`. */
function exportsFrom(
  module: EcmaScriptModule,
  out: RequestFact["exports"],
  imported: (name: string) => Target | undefined,
  keys: ReadonlyMap<string, Unit>,
  classes: ReadonlySet<string>,
  instances: ReadonlyMap<string, string>,
): void {
  for (const entry of module.staticExports.flatMap((e) => e.entries)) {
    const exported =
      entry.exportName.kind === "Default" ? "default" : (entry.exportName.name ?? undefined);
    if (!exported) continue;
    if (entry.moduleRequest) {
      const kind = entry.importName.kind as string;
      out[exported] = {
        s: entry.moduleRequest.value,
        n: kind === "All" ? "*" : (entry.importName.name ?? "default"),
      };
      continue;
    }
    const local = entry.localName.name;
    if (!local) continue;
    const cls = instances.get(local);
    if (keys.has(local) || classes.has(local)) out[exported] ??= local;
    else if (cls) {
      const target = classes.has(cls) ? undefined : imported(cls);
      out[exported] = target && "s" in target ? { s: target.s, n: target.n } : cls;
    } else {
      const target = imported(local);
      if (target && "s" in target) out[exported] = { s: target.s, n: target.n };
      else out[exported] ??= local;
    }
  }
}

/**
 * Finds the innermost unit holding an offset (units sorted by start, outer first): a binary
 * search for the last unit starting before it, then back to the first that still holds it.
 */
function sweep(sorted: readonly Unit[]): (offset: number, not?: Unit) => Unit | undefined {
  return (offset, not) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.start <= offset) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) {
      const u = sorted[i]!;
      if (u !== not && offset < u.end && u.start <= offset) return u;
    }
    return undefined;
  };
}
