export { discoverFiles, isDirectory } from "./discover.ts";
export type { Discovery, DiscoveredFile, DiscoveryOptions, Skip, SkipReason } from "./discover.ts";
export { contentSkip } from "./content.ts";
export { globProblem } from "../shared/index.ts";
