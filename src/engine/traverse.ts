import { parser } from "../parse/index.ts";
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

let keysByType: Record<string, readonly string[] | undefined> | undefined;

interface TypeInfo {
  keys: readonly string[];
  enter: NodeHandler[] | undefined;
  exit: NodeHandler[] | undefined;
}

/** One depth-first traversal of a file's AST that serves every rule (ESLint's traverser, without selectors). */
export function traverse(root: AstNode, dispatch: Dispatch): void {
  keysByType ??= parser().visitorKeys as Record<string, readonly string[] | undefined>;
  const childKeys = keysByType;
  // One map lookup per node gives its child keys and both handler lists.
  const infoByType = new Map<string, TypeInfo>();
  const infoOf = (type: string): TypeInfo => {
    let info = infoByType.get(type);
    if (!info) {
      info = { keys: childKeys[type] ?? [], enter: dispatch.enter.get(type), exit: dispatch.exit.get(type) };
      infoByType.set(type, info);
    }
    return info;
  };
  const visit = (node: AstNode, parent: AstNode | null): void => {
    const info = infoOf(node.type);
    const onEnter = info.enter;
    if (onEnter !== undefined) for (let h = 0; h < onEnter.length; h++) onEnter[h]!(node, parent);
    const keys = info.keys;
    for (let k = 0; k < keys.length; k++) {
      const child = node[keys[k]!] as AstNode | Array<AstNode | null> | null | undefined;
      if (child === null || child === undefined) continue;
      if (Array.isArray(child)) {
        for (let i = 0; i < child.length; i++) {
          const item = child[i];
          if (item) visit(item, node);
        }
      } else if (typeof child.type === "string") {
        visit(child, node);
      }
    }
    const onExit = info.exit;
    if (onExit !== undefined) for (let h = 0; h < onExit.length; h++) onExit[h]!(node, parent);
  };
  visit(root, null);
}
