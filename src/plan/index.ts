export { capacityOf, type Capacity, type CapacityInput } from "./capacity.ts";
export { solveKnapsack, KnapsackTooLargeError } from "./knapsack.ts";
export type { PlanMoney, Figure } from "./money.ts";
export {
  sprintPlan,
  planItemOf,
  type SprintPlan,
  type PlanItem,
  type PlanOptions,
  type Objective,
  type Grouping,
} from "./plan.ts";
export {
  parseCodeowners,
  ownersOf,
  CODEOWNERS_LOCATIONS,
  type CodeownersRule,
} from "./codeowners.ts";
export { initiativesOf, type Initiative, type ApprovalThresholds } from "./initiatives.ts";
export { roadmapOf, type Roadmap, type PhaseSpec } from "./roadmap.ts";
export { ticketsOfPlan, ticketsOfInitiatives, jiraCsv, linearCsv } from "./export.ts";
export {
  formatPlanTable,
  formatPlanMarkdown,
  formatPlanCsv,
  formatInitiativesTable,
  formatInitiativesMarkdown,
  formatRoadmapTable,
  explainMoney,
} from "./format.ts";
