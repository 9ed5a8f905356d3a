export type {
  Rule,
  ActiveRule,
  AstNode,
  NodeHandler,
  NodeHandlers,
  Report,
  CodeContext,
  TextContext,
  RepositoryContext,
  FileSummary,
  ExternalInput,
} from "./rule.ts";
export { defineRule, formatMessage } from "./rule.ts";
export { traverse, buildDispatch } from "./traverse.ts";
export {
  analyzeFile,
  PARSE_ERROR_RULE,
  type FileResult,
  type AnalyzerError,
} from "./analyze-file.ts";
export {
  analyzeRepository,
  summaryOf,
  type RepositoryInputs,
  type RepositoryMemo,
} from "./analyze-repository.ts";
