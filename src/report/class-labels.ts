import { PRIORITY_CLASS_LABELS, PRIORITY_CLASSES, type PriorityClass } from "../findings/index.ts";

/** "3 Fix now, 5 Next, 10 Later, 20 Backlog": the headline's count of items by priority class. */
export function byClassText(
  byClass: Record<PriorityClass, number>,
  decorate: (cls: PriorityClass, text: string) => string = (_cls, text) => text,
): string {
  return PRIORITY_CLASSES.map((cls) =>
    decorate(cls, `${byClass[cls]} ${PRIORITY_CLASS_LABELS[cls]}`),
  ).join(", ");
}

export function classLabel(cls: PriorityClass): string {
  return PRIORITY_CLASS_LABELS[cls];
}
