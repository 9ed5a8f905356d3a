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
