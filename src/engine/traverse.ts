import { visitorKeys } from "oxc-parser";
import type { AstNode, NodeHandler, NodeHandlers } from "./rule.ts";

export interface Dispatch {
  enter: Map<string, NodeHandler[]>;
  exit: Map<string, NodeHandler[]>;
}

/** Buckets every rule's handlers by node type, so each node reaches only the rules that asked for it. */
export function buildDispatch(handlerSets: NodeHandlers[]): Dispatch {
  const enter = new Map<string, NodeHandler[]>();
  const exit = new Map<string, NodeHandler[]>();
  for (const handlers of handlerSets) {
    for (const [key, handler] of Object.entries(handlers)) {
      const isExit = key.endsWith(":exit");
      const type = isExit ? key.slice(0, -5) : key;
      const map = isExit ? exit : enter;
      const list = map.get(type);
      if (list) list.push(handler);
      else map.set(type, [handler]);
    }
  }
  return { enter, exit };
}

const keysByType = visitorKeys as Record<string, readonly string[] | undefined>;

/** One depth-first traversal of a file's AST that serves every rule (ESLint's traverser, without selectors). */
export function traverse(root: AstNode, dispatch: Dispatch): void {
  const { enter, exit } = dispatch;
  const visit = (node: AstNode, parent: AstNode | null): void => {
    const type = node.type;
    const onEnter = enter.get(type);
    if (onEnter) for (const handler of onEnter) handler(node, parent);
    const keys = keysByType[type];
    if (keys) {
      for (const key of keys) {
        const child = node[key] as AstNode | Array<AstNode | null> | null | undefined;
        if (!child) continue;
        if (Array.isArray(child)) {
          for (const item of child) if (item) visit(item, node);
        } else if (typeof child.type === "string") {
          visit(child, node);
        }
      }
    }
    const onExit = exit.get(type);
    if (onExit) for (const handler of onExit) handler(node, parent);
  };
  visit(root, null);
}
