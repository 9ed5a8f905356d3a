export {
  readHistory,
  parseSince,
  logArguments,
  type ReadHistoryOptions,
  type HistoryResult,
} from "./git.ts";
export { HistoryCollector, monthsBefore, LOG_FORMAT } from "./collect.ts";
export {
  parseNameStatus,
  parseNumstat,
  splitRename,
  unquotePath,
  type NumstatEntry,
} from "./numstat.ts";
export { changesPerYear, SECONDS_PER_YEAR } from "./types.ts";
export { measureTeam, fileHours, isBot, WORKING_WEEKS, type MeasuredTeam } from "./team.ts";
export type {
  RepositoryHistory,
  HistoryView,
  FileHistory,
  FileAuthor,
  AuthorHistory,
  CoChange,
  HistoryWindow,
  HistoryCompleteness,
} from "./types.ts";
