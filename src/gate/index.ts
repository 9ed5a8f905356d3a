export {
  runGate,
  formatVerdict,
  GateInputError,
  type GateOptions,
  type GateResult,
} from "./gate.ts";
export { compareReports, judge, type Comparison } from "./compare.ts";
export {
  applyTriage,
  loadTriage,
  summaryOf,
  triageFileSchema,
  TriageFileError,
  TRIAGE_SCHEMA_ID,
  type TriageFile,
} from "../triage/index.ts";
export {
  baselineOf,
  loadBaseline,
  moveKey,
  writeBaseline,
  BaselineFileError,
  BASELINE_SCHEMA_ID,
  type BaselineFile,
} from "./baseline.ts";
