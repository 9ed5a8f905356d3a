import type { NodeHandlers } from "../engine/index.ts";

/**
 * Combines several handler sets into one, calling each in order for a shared node type. An
 * engine utility kept here because the route tracker is its main user: a rule merges the
 * tracker's handlers with its own.
 */
export function mergeHandlers(...sets: NodeHandlers[]): NodeHandlers {
  const merged: NodeHandlers = {};
  for (const set of sets) {
    for (const [type, handler] of Object.entries(set)) {
      const existing = merged[type];
      merged[type] = existing
        ? (node, parent) => {
            existing(node, parent);
            handler(node, parent);
          }
        : handler;
    }
  }
  return merged;
}
