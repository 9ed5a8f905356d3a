export {
  DEFAULT_TIMEOUT_MS,
  GitError,
  hardenedArguments,
  locateRepository,
  runGit,
  runGitSync,
  spawnGit,
  type GitOptions,
  type GitProcess,
  type Repository,
} from "./run.ts";
export { materializeCommit, type MaterializeResult } from "./materialize.ts";
export { readRepositoryIdentity, withoutCredentials, type RepositoryIdentity } from "./identity.ts";
