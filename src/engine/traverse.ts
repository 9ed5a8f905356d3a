import { parser } from "../parse/index.ts";
import type { AstNode, NodeHandler, NodeHandlers } from "./rule.ts";

export interface Dispatch {
  enter: Map<string, NodeHandler[]>;
  exit: Map<string, NodeHandler[]>;
  /** Which handler set each handler came from, parallel to the lists above. */
  enterOwners: Map<string, number[]>;
  exitOwners: Map<string, number[]>;
  /** The handler set whose handler runs now: when a handler throws, this names its rule. */
  current: number;
}

/** Buckets every rule's handlers by node type, so each node reaches only the rules that asked for it. */
export function buildDispatch(handlerSets: NodeHandlers[]): Dispatch {
  const dispatch: Dispatch = {
    enter: new Map(),
    exit: new Map(),
    enterOwners: new Map(),
    exitOwners: new Map(),
    current: -1,
  };
  handlerSets.forEach((handlers, owner) => {
    for (const [key, handler] of Object.entries(handlers)) {
      const isExit = key.endsWith(":exit");
      const type = isExit ? key.slice(0, -5) : key;
      const map = isExit ? dispatch.exit : dispatch.enter;
      const owners = isExit ? dispatch.exitOwners : dispatch.enterOwners;
      const list = map.get(type);
      if (list) {
        list.push(handler);
        owners.get(type)!.push(owner);
      } else {
        map.set(type, [handler]);
        owners.set(type, [owner]);
      }
    }
  });
  return dispatch;
}

let keysByType: Record<string, readonly string[] | undefined> | undefined;

interface TypeInfo {
  keys: readonly string[];
  enter: NodeHandler[] | undefined;
  exit: NodeHandler[] | undefined;
  enterOwners: number[] | undefined;
  exitOwners: number[] | undefined;
}

/**
 * One depth-first traversal of a file's AST that serves every rule (ESLint's traverser, without
 * selectors). A handler that throws stops the traversal; `dispatch.current` then names its set.
 */
export function traverse(root: AstNode, dispatch: Dispatch): void {
  keysByType ??= parser().visitorKeys as Record<string, readonly string[] | undefined>;
  const childKeys = keysByType;
  // One map lookup per node gives its child keys and both handler lists.
  const infoByType = new Map<string, TypeInfo>();
  const infoOf = (type: string): TypeInfo => {
    let info = infoByType.get(type);
    if (!info) {
      info = {
        keys: childKeys[type] ?? [],
        enter: dispatch.enter.get(type),
        exit: dispatch.exit.get(type),
        enterOwners: dispatch.enterOwners.get(type),
        exitOwners: dispatch.exitOwners.get(type),
      };
      infoByType.set(type, info);
    }
    return info;
  };
  const visit = (node: AstNode, parent: AstNode | null): void => {
    const info = infoOf(node.type);
    const onEnter = info.enter;
    if (onEnter !== undefined) {
      for (let h = 0; h < onEnter.length; h++) {
        dispatch.current = info.enterOwners![h]!;
        onEnter[h]!(node, parent);
      }
    }
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
    if (onExit !== undefined) {
      for (let h = 0; h < onExit.length; h++) {
        dispatch.current = info.exitOwners![h]!;
        onExit[h]!(node, parent);
      }
    }
  };
  visit(root, null);
}
