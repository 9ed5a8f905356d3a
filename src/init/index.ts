export {
  initProject,
  lineChanges,
  type InitFile,
  type InitOptions,
  type InitResult,
} from "./init.ts";
export { detectProject, type ProjectFacts } from "./detect.ts";
export { configText } from "./config-text.ts";
export { workflowFor, type WorkflowFile } from "./workflow.ts";
