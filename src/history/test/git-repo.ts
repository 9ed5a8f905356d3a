import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface Person {
  name: string;
  email: string;
}

/** A real git repository in a temporary folder, with commits scripted author by author, date by date. */
export class GitRepo {
  readonly dir: string;
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "debtlens-history-"));
    this.git([], "init", "-q", "-b", "main");
  }

  git(env: string[], ...args: string[]): string {
    const extra = Object.fromEntries(env.map((e) => e.split("=", 2) as [string, string]));
    return execFileSync(
      "git",
      ["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", ...args],
      {
        cwd: this.dir,
        encoding: "utf8",
        env: { PATH: process.env.PATH, HOME: this.dir, GIT_CONFIG_NOSYSTEM: "1", ...extra },
      },
    );
  }

  write(path: string, text: string): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), text);
  }

  /** Writes (string), deletes (null) or moves (`{ from }`) files, then commits them as `who` at `date`. */
  commit(
    who: Person,
    date: string,
    changes: Record<string, string | null | { from: string }>,
    message = "change",
  ): void {
    for (const [path, change] of Object.entries(changes)) {
      if (change === null) this.git([], "rm", "-q", path);
      else if (typeof change === "object") {
        mkdirSync(dirname(join(this.dir, path)), { recursive: true });
        this.git([], "mv", change.from, path);
      } else {
        this.write(path, change);
        this.git([], "add", path);
      }
    }
    this.git(
      [
        `GIT_AUTHOR_NAME=${who.name}`,
        `GIT_AUTHOR_EMAIL=${who.email}`,
        `GIT_AUTHOR_DATE=${date}`,
        `GIT_COMMITTER_NAME=${who.name}`,
        `GIT_COMMITTER_EMAIL=${who.email}`,
        `GIT_COMMITTER_DATE=${date}`,
      ],
      "commit",
      "-q",
      "--allow-empty",
      "-m",
      message,
    );
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `n` distinct lines, so that git's rename detection has content to match. */
export function lines(prefix: string, n: number, from = 1): string {
  return Array.from(
    { length: n },
    (_, i) => `export const ${prefix}${from + i} = ${from + i};\n`,
  ).join("");
}

export const unix = (date: string) => Math.floor(Date.parse(date) / 1000);
