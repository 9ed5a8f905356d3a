import type { AstNode } from "../engine/index.ts";
import type { FileFrameworks } from "./bindings.ts";

/**
 * What a request handler reads from its input (`req.body`, `ctx.request.body`, `c.req.json()`)
 * and how it validates it: shared by `data/unvalidated-input` in a file and by the request-path
 * facts that follow handlers into other files.
 */

const INPUT = new Set(["body", "query", "params"]);
const REQUEST_NAMES = new Set(["req", "request", "ctx", "c"]);
const VALIDATE_METHODS = new Set([
  "parse",
  "safeParse",
  "parseAsync",
  "safeParseAsync",
  "validate",
  "validateSync",
  "validateAsync",
  "assert",
  "cast",
  "is",
  "check",
]);
const VALIDATE_FUNCTIONS =
  /^(validate\w*|validateOrReject|plainToInstance|plainToClass|assert\w*|check\w*|parse|safeParse|v\.parse)$/;
/** Validation written in a route's registration: middleware, a Fastify `schema`, Hono's zValidator. */
export const VALIDATING_REGISTRATION =
  /valid|schema|celebrate|zValidator|checkSchema|\bbody\(|\bquery\(|\bparam\(/i;

/** The request input a member expression reads (`req.body`), as written, or undefined. */
export function requestInputRead(
  node: AstNode,
  text: string,
  file: FileFrameworks,
): string | undefined {
  const property = node.property as AstNode;
  const object = node.object as AstNode;
  const name = property.name as string | undefined;
  if (!name || node.computed) return undefined;
  // req.body, request.query, ctx.request.body, ctx.params, c.req.query(); Koa's `ctx.body` and Hono's `c.body()` are the response.
  if (
    INPUT.has(name) &&
    object.type === "Identifier" &&
    REQUEST_NAMES.has(object.name as string) &&
    !(name === "body" && (object.name === "ctx" || object.name === "c"))
  )
    return `${object.name as string}.${name}`;
  if (
    INPUT.has(name) &&
    object.type === "MemberExpression" &&
    ((object.property as AstNode).name === "request" || (object.property as AstNode).name === "req")
  )
    return text.slice(node.start, node.end);
  if (
    (name === "json" || name === "formData") &&
    object.type === "Identifier" &&
    (object.name === "request" || object.name === "req") &&
    file.nextRoute
  )
    return `${object.name as string}.${name}()`;
  if (
    name === "json" &&
    object.type === "MemberExpression" &&
    (object.property as AstNode).name === "req"
  )
    return "c.req.json()";
  return undefined;
}

/** Whether a call validates input (`Schema.parse(x)`, `validate(x)`, `plainToInstance(...)`). */
export function isValidationCall(node: AstNode): boolean {
  const callee = node.callee as AstNode;
  if (callee.type === "Identifier") return VALIDATE_FUNCTIONS.test(callee.name as string);
  if (callee.type !== "MemberExpression") return false;
  const name = (callee.property as AstNode).name as string | undefined;
  return name !== undefined && VALIDATE_METHODS.has(name);
}
