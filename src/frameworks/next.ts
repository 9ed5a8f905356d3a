import type { AstNode } from "../engine/index.ts";
import { isFunction } from "./ast.ts";
import { NEXT_ROUTE_EXPORTS } from "./catalogue.ts";
import type { RouteSink } from "./routes.ts";

/** An app router route file's exported `GET`, `POST`... functions: each serves that method at the file's path. */
export function nextAppRoutes(sink: RouteSink, node: AstNode): void {
  if (sink.file.nextRoute !== "app") return;
  const decl = node.declaration as AstNode | null;
  if (!decl) return;
  if (decl.type === "FunctionDeclaration") {
    const name = (decl.id as AstNode | null)?.name as string | undefined;
    if (name && NEXT_ROUTE_EXPORTS.has(name))
      sink.add({
        framework: "Next.js",
        method: name,
        path: sink.file.path,
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
        sink.add({
          framework: "Next.js",
          method: name,
          path: sink.file.path,
          start: init!.start,
          end: init!.end,
          at: node.start,
          name,
        });
      }
    }
  }
}

/** A `pages/api` file's default export: it serves every method at the file's path. */
export function nextPagesRoute(sink: RouteSink, node: AstNode): void {
  const decl = node.declaration as AstNode;
  if (sink.file.nextRoute === "pages" && (decl.type === "FunctionDeclaration" || isFunction(decl)))
    sink.add({
      framework: "Next.js",
      method: "ANY",
      path: sink.file.path,
      start: decl.start,
      end: decl.end,
      at: node.start,
      name: "default",
    });
}

/** Whether a program starts with the `"use server"` directive (a module of server actions). */
export function hasUseServer(program: AstNode): boolean {
  for (const statement of program.body as AstNode[]) {
    if (statement.type !== "ExpressionStatement" || typeof statement.directive !== "string")
      return false;
    if (statement.directive === "use server") return true;
  }
  return false;
}

/** A `"use server"` module's exported async functions: each is a server action, a POST from the client. */
export function serverActions(sink: RouteSink, node: AstNode): void {
  const decl = node.declaration as AstNode | null;
  if (!decl) return;
  const found: Array<{ name: string; fn: AstNode }> = [];
  if (decl.type === "FunctionDeclaration" && decl.async && decl.id)
    found.push({ name: (decl.id as AstNode).name as string, fn: decl });
  else if (decl.type === "VariableDeclaration")
    for (const d of decl.declarations as AstNode[]) {
      const init = d.init as AstNode | null;
      if (isFunction(init) && init!.async && (d.id as AstNode).type === "Identifier")
        found.push({ name: (d.id as AstNode).name as string, fn: init! });
    }
  for (const { name, fn } of found)
    sink.add({
      framework: "Next.js",
      method: "ACTION",
      path: name,
      start: fn.start,
      end: fn.end,
      at: node.start,
      name: `server action ${name}`,
      rpc: true,
    });
}
