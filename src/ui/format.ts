// Amounts and ratios print as in every other report format.
export { money, percent } from "../report/money.ts";

export const CATEGORY_LABELS: Record<string, string> = {
  security: "Security",
  performance: "Performance",
  quality: "Code quality",
  architecture: "Architecture",
  infrastructure: "Infrastructure",
  data: "Data",
};

// Fix now, Next, Later, Backlog: the framework's Critical, High, Medium and Low.
export {
  PRIORITY_CLASSES as CLASSES,
  PRIORITY_CLASS_LABELS as CLASS_LABELS,
} from "../findings/priority-class.ts";

/** Code health 1 (red) to 10 (green), as hotspot maps colour it. */
export function healthColor(health: number): string {
  if (health >= 9) return "#2e7d32";
  if (health >= 7) return "#9ccc65";
  if (health >= 4) return "#f9a825";
  return "#c62828";
}
