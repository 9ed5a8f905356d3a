import { basename } from "node:path";
import { z } from "zod";
import type { AuditReport } from "../report/index.ts";

/** The repository's identity at the audited commit (the report's optional `repository`). */
export interface RepositoryIdentity {
  remote?: string;
  commit?: string;
  branch?: string;
  /** ISO 8601. */
  commitDate?: string;
}

// Read loosely: the field is optional in debtlens.report/v1 and older reports lack it.
const repositorySchema = z.object({
  remote: z.string().optional(),
  commit: z.string().optional(),
  branch: z.string().optional(),
  commitDate: z.string().optional(),
});

export function identityOf(report: AuditReport): RepositoryIdentity {
  const parsed = repositorySchema.safeParse((report as { repository?: unknown }).repository);
  return parsed.success ? parsed.data : {};
}

/**
 * A git remote as a project name: host and path, without scheme, credentials, port, `.git` or a
 * trailing slash, so that the ssh and https remotes of one repository name one project.
 * `git@github.com:Acme/App.git` and `https://user:token@github.com/Acme/App` give
 * `github.com/Acme/App`.
 */
export function normaliseRemote(remote: string): string | undefined {
  const text = remote.trim();
  if (!text) return undefined;
  let host: string;
  let path: string;
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(text);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return undefined;
    }
    if (url.protocol === "file:") return undefined;
    host = url.hostname;
    path = url.pathname;
  } else if (scp) {
    host = scp[1]!;
    path = scp[2]!;
  } else {
    return undefined;
  }
  path = path
    .replace(/\/+$/, "")
    .replace(/\.git$/i, "")
    .replace(/^\/+/, "");
  if (!host || !path) return undefined;
  return `${host.toLowerCase()}/${path}`;
}

/** `--project NAME`, else the normalised remote, else the audited folder's name. */
export function projectNameOf(
  explicit: string | undefined,
  identity: RepositoryIdentity,
  folder: string,
): string {
  if (explicit !== undefined && explicit.trim() !== "") return explicit.trim();
  const fromRemote = identity.remote ? normaliseRemote(identity.remote) : undefined;
  return fromRemote ?? basename(folder);
}
