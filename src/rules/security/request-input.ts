/**
 * Where a value comes from, as one traversal of a file meets it: request input (`req.body.x`, a
 * name bound to it, a Nest `@Body()` parameter), a parameter of an enclosing function (which a
 * caller in another file may feed with request input), or neither (literals, constants,
 * configuration, values computed in code). Shared by the security rules that weigh a sink by its
 * source; not a rule. Names are tracked per function scope, so a `url` in one handler does not
 * taint a `url` in another.
 */
import type { AstNode, CodeContext, NodeHandlers } from "../../engine/index.ts";

export type Origin =
  | { kind: "request"; text: string }
  | { kind: "parameter"; fn: string; index: number; name: string };

/** Names a handler gives the request (Express, Koa, Fastify, Hono, Next.js). */
const REQUEST = /^(req|request|ctx|context|c|event)$/;
/** Names a handler gives the response or the continuation: never a source of input. */
const NOT_INPUT = /^(req|request|res|response|reply|next|ctx|context|c|h|event)$/;
/** What of a request the client writes. */
const INPUT_PART = new Set(["body", "query", "params", "headers", "cookies", "signedCookies"]);
/** Request methods that return client input (`req.param("x")`, `c.req.query("x")`, `req.get("Referer")`). */
const INPUT_METHOD = new Set(["param", "query", "header", "get", "json", "formData", "text"]);
/** Nest parameter decorators that bind request input. */
const INPUT_DECORATOR = /^(Body|Query|Param|Params|Headers|Req|Request)$/;
/** Calls that turn any input into a harmless value. */
const SANITISE =
  /^(Number|parseInt|parseFloat|Boolean|isNaN|encodeURIComponent|escape|escapeId|escapeIdentifier|escapeLiteral|quote|quoteIdent|quoteLiteral|toFixed|Math\.\w+)$/;
/** Calls and methods that keep the input they are given. */
const KEEP = new Set([
  "String",
  "decodeURIComponent",
  "decodeURI",
  "JSON.parse",
  "trim",
  "toString",
  "toLowerCase",
  "toUpperCase",
  "slice",
  "substring",
  "substr",
  "replace",
  "replaceAll",
  "concat",
  "join",
  "padStart",
  "padEnd",
]);
const FUNCTIONS = ["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"];

/**
 * One function's names, evaluated lazily: most functions of a file never hold a sink, so their
 * parameters and declarations are read only when a sink or a call asks where a name comes from.
 */
interface Scope {
  node: AstNode | null;
  parent: AstNode | null;
  /** The function's name, its parameters' origins: computed on first use. */
  fn?: string;
  params?: Map<string, Origin>;
  /** Names declared or assigned here, with the expression they were given (evaluated on first use). */
  names?: Map<string, { init: AstNode; origin?: Origin | null }>;
}

/** The name a function is known by: its id, or the variable, property or member it is assigned to. */
export function functionName(node: AstNode, parent: AstNode | null): string {
  const id = node.id as AstNode | null | undefined;
  if (id?.type === "Identifier") return id.name as string;
  if (!parent) return "";
  const key = (k: AstNode | undefined) =>
    k?.type === "Identifier"
      ? (k.name as string)
      : k?.type === "Literal"
        ? String(k.value)
        : k?.type === "MemberExpression" && !k.computed
          ? ((k.property as AstNode).name as string)
          : "";
  if (parent.type === "VariableDeclarator") return key(parent.id as AstNode);
  if (parent.type === "Property" || parent.type === "MethodDefinition")
    return key(parent.key as AstNode);
  if (parent.type === "PropertyDefinition") return key(parent.key as AstNode);
  if (parent.type === "AssignmentExpression") return key(parent.left as AstNode);
  return "";
}

function prefer(a: Origin | undefined, b: Origin | undefined): Origin | undefined {
  if (a?.kind === "request") return a;
  if (b?.kind === "request") return b;
  return a ?? b;
}

/** `req.body.url` -> true: a member chain from a request name through a part the client writes. */
function readsRequest(node: AstNode): boolean {
  let current = node;
  let sawInput = false;
  while (current.type === "MemberExpression") {
    const property = current.property as AstNode;
    if (!current.computed && INPUT_PART.has(property.name as string)) sawInput = true;
    current = current.object as AstNode;
  }
  return sawInput && current.type === "Identifier" && REQUEST.test(current.name as string);
}

/** `req.param("x")`, `req.get("Referer")`, `c.req.query("q")`, `url.searchParams.get("next")`. */
function requestCall(call: AstNode): boolean {
  const callee = call.callee as AstNode;
  if (callee.type !== "MemberExpression" || callee.computed) return false;
  const method = (callee.property as AstNode).name as string;
  const object = callee.object as AstNode;
  if (method === "get" && object.type === "MemberExpression" && !object.computed)
    return (object.property as AstNode).name === "searchParams";
  if (!INPUT_METHOD.has(method)) return false;
  if (object.type === "Identifier") return /^(req|request)$/.test(object.name as string);
  return (
    object.type === "MemberExpression" &&
    !object.computed &&
    (object.property as AstNode).name === "req"
  );
}

/** The key of the file's RequestInput among the values a pass shares between rules. */
const SHARED_INPUT = {};

/**
 * The file's RequestInput for a rule: one per file and pass for all the security rules that weigh
 * sinks by their source (its scopes were kept by five walkers, one per rule). `handlers` are the
 * input's for the first rule that asks and none for the others: merge them into the rule's own.
 */
export function requestInputOf(ctx: Pick<CodeContext<unknown>, "shared">): {
  input: RequestInput;
  handlers: NodeHandlers;
} {
  let first = false;
  const input = ctx.shared(SHARED_INPUT, () => {
    first = true;
    return new RequestInput();
  });
  // What keeps the scopes must run once per node: its handlers go with the rule that made it.
  return { input, handlers: first ? input.handlers() : {} };
}

export class RequestInput {
  private readonly scopes: Scope[] = [{ node: null, parent: null, fn: "", params: new Map() }];

  /** Handlers that keep the scopes: merge them into the rule's own (mergeHandlers). */
  handlers(): NodeHandlers {
    const handlers: NodeHandlers = {
      VariableDeclarator: (node) => {
        const init = node.init as AstNode | null;
        const id = node.id as AstNode;
        if (!init) return;
        if (id.type === "Identifier") this.bindName(id.name as string, init);
        else for (const name of boundNames(id)) this.bindName(name, init);
      },
      AssignmentExpression: (node) => {
        const left = node.left as AstNode;
        if (left.type !== "Identifier") return;
        if (node.operator === "=") this.bindName(left.name as string, node.right as AstNode);
        else if (node.operator === "+=") {
          // `q += input`: the name keeps what it had and gains the right side's origin.
          const origin = prefer(
            this.lookup(left.name as string),
            this.origin(node.right as AstNode),
          );
          if (origin) this.bindName(left.name as string, node.right as AstNode, origin);
        }
      },
    };
    for (const type of FUNCTIONS) {
      handlers[type] = (node, parent) => void this.scopes.push({ node, parent });
      handlers[`${type}:exit`] = () => void this.scopes.pop();
    }
    return handlers;
  }

  /** The name of the innermost named function around the traversal's position. */
  currentFunction(): string {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const fn = this.nameOf(this.scopes[i]!);
      if (fn) return fn;
    }
    return "";
  }

  private bindName(name: string, init: AstNode, origin?: Origin): void {
    const scope = this.scopes.at(-1)!;
    scope.names ??= new Map();
    scope.names.set(name, origin ? { init, origin } : { init });
  }

  private nameOf(scope: Scope): string {
    scope.fn ??= scope.node ? functionName(scope.node, scope.parent) : "";
    return scope.fn;
  }

  /** The parameters' origins: request input for Nest's `@Body()`-like decorators, else the parameter itself. */
  private paramsOf(scope: Scope): Map<string, Origin> {
    if (scope.params) return scope.params;
    const fn = this.nameOf(scope);
    const params = new Map<string, Origin>();
    ((scope.node?.params as AstNode[] | undefined) ?? []).forEach((param, index) => {
      const decorators = (param.decorators as AstNode[] | undefined) ?? [];
      const decorated = decorators.some((d) => {
        const e = d.expression as AstNode;
        const callee = e.type === "CallExpression" ? (e.callee as AstNode) : e;
        return callee.type === "Identifier" && INPUT_DECORATOR.test(callee.name as string);
      });
      const target = param.type === "TSParameterProperty" ? (param.parameter as AstNode) : param;
      for (const name of boundNames(target)) {
        if (decorated) params.set(name, { kind: "request", text: `@${name}` });
        else if (!NOT_INPUT.test(name)) params.set(name, { kind: "parameter", fn, index, name });
      }
    });
    scope.params = params;
    return params;
  }

  private lookup(name: string): Origin | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const scope = this.scopes[i]!;
      const declared = scope.names?.get(name);
      if (declared) {
        if (declared.origin === undefined) {
          declared.origin = null; // `x = x + 1` must not recurse
          declared.origin = this.origin(declared.init) ?? null;
        }
        return declared.origin ?? undefined;
      }
      const param = this.paramsOf(scope).get(name);
      if (param) return param;
    }
    return undefined;
  }

  /** Where `node`'s value comes from, or undefined when it is built only from code. */
  origin(node: AstNode | null | undefined): Origin | undefined {
    if (!node) return undefined;
    switch (node.type) {
      case "Identifier":
        return this.lookup(node.name as string);
      case "MemberExpression":
        if (readsRequest(node)) return { kind: "request", text: memberText(node) };
        return this.origin(node.object as AstNode);
      case "TemplateLiteral":
        return (node.expressions as AstNode[]).reduce<Origin | undefined>(
          (o, e) => prefer(o, this.origin(e)),
          undefined,
        );
      case "BinaryExpression":
        return node.operator === "+"
          ? prefer(this.origin(node.left as AstNode), this.origin(node.right as AstNode))
          : undefined;
      case "LogicalExpression":
        return prefer(this.origin(node.left as AstNode), this.origin(node.right as AstNode));
      case "ConditionalExpression":
        return prefer(
          this.origin(node.consequent as AstNode),
          this.origin(node.alternate as AstNode),
        );
      case "AwaitExpression":
      case "TSNonNullExpression":
      case "TSAsExpression":
      case "TSSatisfiesExpression":
      case "ParenthesizedExpression":
        return this.origin((node.argument ?? node.expression) as AstNode);
      case "ArrayExpression":
        return (node.elements as Array<AstNode | null>).reduce<Origin | undefined>(
          (o, e) =>
            prefer(
              o,
              e ? this.origin(e.type === "SpreadElement" ? (e.argument as AstNode) : e) : undefined,
            ),
          undefined,
        );
      case "CallExpression":
        return this.callOrigin(node);
      default:
        return undefined;
    }
  }

  private callOrigin(call: AstNode): Origin | undefined {
    if (requestCall(call))
      return { kind: "request", text: memberText(call.callee as AstNode) + "()" };
    const callee = call.callee as AstNode;
    const name =
      callee.type === "Identifier"
        ? (callee.name as string)
        : callee.type === "MemberExpression" && !callee.computed
          ? (callee.object as AstNode).type === "Identifier" &&
            /^(JSON|Math)$/.test((callee.object as AstNode).name as string)
            ? `${(callee.object as AstNode).name as string}.${(callee.property as AstNode).name as string}`
            : ((callee.property as AstNode).name as string)
          : undefined;
    if (!name || SANITISE.test(name) || !KEEP.has(name)) return undefined;
    const args = call.arguments as AstNode[];
    if (callee.type === "MemberExpression" && !name.includes("."))
      return prefer(
        this.origin(callee.object as AstNode),
        args.length ? this.origin(args[0]) : undefined,
      );
    return this.origin(args[0]);
  }
}

/** Every name a binding pattern binds (`{ a, b: c, ...rest }`, `[x, y]`, `p = 1`). */
export function boundNames(pattern: AstNode | null | undefined): string[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case "Identifier":
      return [pattern.name as string];
    case "ObjectPattern":
      return (pattern.properties as AstNode[]).flatMap((p) =>
        boundNames(p.type === "RestElement" ? (p.argument as AstNode) : (p.value as AstNode)),
      );
    case "ArrayPattern":
      return (pattern.elements as Array<AstNode | null>).flatMap((e) => boundNames(e));
    case "AssignmentPattern":
      return boundNames(pattern.left as AstNode);
    case "RestElement":
      return boundNames(pattern.argument as AstNode);
    default:
      return [];
  }
}

/** `req.query.url` as written, from the AST (no source text needed). */
export function memberText(node: AstNode): string {
  if (node.type === "Identifier") return node.name as string;
  if (node.type === "ThisExpression") return "this";
  if (node.type === "MemberExpression" && !node.computed)
    return `${memberText(node.object as AstNode)}.${(node.property as AstNode).name as string}`;
  if (node.type === "MemberExpression") return `${memberText(node.object as AstNode)}[…]`;
  if (node.type === "CallExpression") return `${memberText(node.callee as AstNode)}()`;
  return "…";
}

/** How an origin reads in a message. */
export function describeOrigin(origin: Origin): string {
  return origin.kind === "request"
    ? `request input (\`${origin.text}\`)`
    : `parameter \`${origin.name}\`${origin.fn ? ` of \`${origin.fn}\`` : ""}`;
}
