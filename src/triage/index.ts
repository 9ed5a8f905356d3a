export {
  applyTriage,
  loadTriage,
  summaryOf,
  triageFileSchema,
  TriageFileError,
  TRIAGE_SCHEMA_ID,
  type TriageDecision,
  type TriageFile,
} from "./triage.ts";
