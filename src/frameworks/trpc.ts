import type { AstNode } from "../engine/index.ts";
import { isFunction } from "./ast.ts";
import type { RouteSink } from "./routes.ts";

const PROCEDURE_METHODS: ReadonlySet<string> = new Set(["query", "mutation", "subscription"]);
const PROCEDURE = /procedure/i;

/** The names along a builder chain: `t.procedure.input(s).query` -> t, procedure, input. */
function chainNames(node: AstNode, names: string[] = []): string[] {
  for (let current: AstNode | undefined = node; current;) {
    if (current.type === "Identifier") {
      names.push(current.name as string);
      return names;
    }
    if (current.type === "MemberExpression") {
      const prop = current.property as AstNode;
      if (prop.type === "Identifier") names.push(prop.name as string);
      current = current.object as AstNode;
    } else if (current.type === "CallExpression") current = current.callee as AstNode;
    else return names;
  }
  return names;
}

/**
 * A tRPC procedure, `publicProcedure.input(schema).query(async ({ input, ctx }) => ...)` (also
 * `.mutation`, `.subscription`, `t.procedure`): a request handler named by its key in the
 * `router({ key: ... })` object that holds it.
 */
export function trpcProcedure(
  sink: RouteSink,
  call: AstNode,
  method: string,
  parent: AstNode | null,
): void {
  if (!PROCEDURE_METHODS.has(method)) return;
  const args = call.arguments as AstNode[];
  const handler = args[0];
  if (args.length !== 1 || !isFunction(handler)) return;
  const callee = call.callee as AstNode;
  if (!chainNames(callee.object as AstNode).some((n) => PROCEDURE.test(n))) return;
  const key = parent?.type === "Property" && !parent.computed ? (parent.key as AstNode) : undefined;
  const name = (key?.name ?? key?.value) as string | undefined;
  sink.add({
    framework: "tRPC",
    method: method.toUpperCase(),
    path: name ?? method,
    start: handler!.start,
    end: handler!.end,
    at: call.start,
    name: `${method} ${name ?? "procedure"}`,
    rpc: true,
  });
}
