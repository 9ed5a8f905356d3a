export {
  resolveStoreLocation,
  describeLocation,
  assertOutsideRepository,
  type StoreLocation,
} from "./location.ts";
export { openStore, STORE_MARKER, type Store } from "./open.ts";
export { openStoreInBackground, type BackgroundStore } from "./background.ts";
export { identityOf, normaliseRemote, projectNameOf, type RepositoryIdentity } from "./identity.ts";
export { saveSnapshot, meanHealth, type SaveOptions, type SaveResult } from "./save.ts";
export {
  ITEM_STATES,
  ITEM_SORTS,
  listProjects,
  resolveProject,
  listSnapshots,
  trendOf,
  listItems,
  findItemId,
  itemHistory,
  updateItem,
  storedReport,
  type ItemState,
  type ItemSort,
  type ItemFilter,
  type ItemRow,
  type ItemHistory,
  type ProjectRow,
  type SnapshotRow,
  type TrendPoint,
} from "./read.ts";
export {
  backfill,
  selectCommits,
  firstParentHistory,
  checkBackfillPlan,
  before,
  SPAN,
  type BackfillOptions,
  type BackfillPlan,
  type BackfillResult,
  type HistoryCommit,
} from "./backfill.ts";
export { MIGRATIONS } from "./migrations.ts";
