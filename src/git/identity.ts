import { runGit } from "./run.ts";

/** Which repository, commit and branch a report describes (for the store and trends). */
export interface RepositoryIdentity {
  /** The `origin` remote's URL, credentials removed. */
  remote?: string;
  commit?: string;
  branch?: string;
  /** The commit's committer date, ISO 8601. */
  commitDate?: string;
}

/** `https://user:token@host/x` -> `https://host/x`: a report never carries a credential. */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1");
}

/** Reads the identity of the repository holding `folder`; empty outside git or on any failure. */
export async function readRepositoryIdentity(folder: string): Promise<RepositoryIdentity> {
  const ask = (args: string[]) =>
    runGit(args, { cwd: folder, timeoutMs: 10_000 }).then(
      (out) => out.trim() || undefined,
      () => undefined,
    );
  const [head, branch, remote] = await Promise.all([
    ask(["log", "-1", "--format=%H %cI"]),
    ask(["symbolic-ref", "--short", "-q", "HEAD"]),
    ask(["config", "--get", "remote.origin.url"]),
  ]);
  const [commit, commitDate] = head?.split(" ") ?? [];
  return {
    ...(remote ? { remote: withoutCredentials(remote) } : {}),
    ...(commit ? { commit } : {}),
    ...(branch ? { branch } : {}),
    ...(commitDate ? { commitDate } : {}),
  };
}
