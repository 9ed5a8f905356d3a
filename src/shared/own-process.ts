import { fork, type ChildProcess, type ForkOptions } from "node:child_process";
import { isAbsolute, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's root: two folders above this module in every layout (src/shared, dist/bundle). */
const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Starts one of debtlens's own modules in a child Node.js process (the store's process of
 * `audit --save`): a file of this package run by this Node.js, never a shell, a command or a file
 * the audited repository names. With src/git's runner, the only code that starts processes
 * (test/hostile/git.test.ts checks it).
 */
export function forkOwnModule(module: URL, options: ForkOptions): ChildProcess {
  const path = fileURLToPath(module);
  const inside = relative(PACKAGE_ROOT, path);
  if (inside.startsWith("..") || isAbsolute(inside))
    throw new Error(`${path}: not one of debtlens's own modules`);
  return fork(path, [], options);
}
