export { buildRegister, totalsOf } from "./register.ts";
export {
  summarise,
  countedItems,
  scopeOfEntry,
  type Summary,
  type ScopeTotals,
  type SummedItem,
} from "./totals.ts";
export { groupFindings, FURTHER_PLACE_SHARE } from "./group.ts";
export type {
  Register,
  RegisterInput,
  DebtItem,
  FileHealth,
  RegisterTotals,
  CategoryTotals,
  InterestBasis,
} from "./register.ts";
export {
  effortScore,
  riskScore,
  impactScore,
  priorityScore,
  capBySeverity,
  priorityClass,
  CLASS_CUTS,
  changeOverhead,
  codeHealth,
  debtRating,
  type PriorityClass,
  type RiskBumps,
} from "./scoring.ts";
