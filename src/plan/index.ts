export { capacityOf, monthlyHours, type Capacity, type CapacityInput } from "./capacity.ts";
export {
  solveKnapsack,
  KnapsackTooLargeError,
  MAX_DECISION_BITS,
  type KnapsackUnit,
  type KnapsackResult,
} from "./knapsack.ts";
export { moneyOf, type PlanMoney, type Figure } from "./money.ts";
export {
  sprintPlan,
  planItemOf,
  type SprintPlan,
  type PlanItem,
  type PlanOptions,
  type Objective,
  type Grouping,
  type LeftOutUnit,
} from "./plan.ts";
export {
  parseCodeowners,
  ownersOf,
  CODEOWNERS_LOCATIONS,
  type CodeownersRule,
} from "./codeowners.ts";
export {
  initiativesOf,
  approverFor,
  familyOf,
  moduleOf,
  DEFAULT_APPROVAL,
  type Initiative,
  type ApproverRole,
  type ApprovalThresholds,
} from "./initiatives.ts";
export {
  roadmapOf,
  DEFAULT_PHASES,
  type Roadmap,
  type RoadmapPhase,
  type PhaseSpec,
  type PhaseMatcher,
} from "./roadmap.ts";
export { ticketsOfPlan, ticketsOfInitiatives, jiraCsv, linearCsv, type Ticket } from "./export.ts";
export {
  formatPlanTable,
  formatPlanMarkdown,
  formatPlanCsv,
  formatInitiativesTable,
  formatInitiativesMarkdown,
  formatRoadmapTable,
  explainMoney,
} from "./format.ts";
