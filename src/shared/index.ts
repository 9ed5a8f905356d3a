export { yamlModule, semverModule } from "./lazy.ts";
export { InputError } from "./input-error.ts";
export { note, type Note } from "./note.ts";
export {
  LinkRefusedError,
  lexists,
  makeDirectoryNoLinks,
  pruneStaleTemporaryFolders,
  readFileNoFollow,
  readRepositoryJson,
  readSealed,
  temporaryFolder,
  userCacheRoot,
  writeFileNoFollow,
  writeSealed,
} from "./safe-fs.ts";
export { syntaxErrorPlace } from "./syntax-error.ts";
export {
  dirOf,
  dirPrefixOf,
  isAnyLockfile,
  isLockfile,
  isTestFile,
  isTestOrFixtureFile,
} from "./paths.ts";
export { globProblem } from "./globs.ts";
export { textTable } from "./text-table.ts";
export { withThousands } from "./digits.ts";
export { forkOwnModule } from "./own-process.ts";
export { isPlaceholderHost } from "./hosts.ts";
