import { spawnSync } from "node:child_process";

/**
 * Whether a binary the SLO tests need (promtool, amtool, prometheus; Debian's `prometheus` and
 * `prometheus-alertmanager` packages, which `.ci/run` installs) is on the PATH. Locally a missing
 * one skips its tests; in CI (`CI` set) a missing one is an error, so those tests never pass by
 * being skipped there.
 */
export function hasTool(name: string): boolean {
  const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).status === 0;
  if (!found && process.env.CI)
    throw new Error(
      `${name} is missing in CI: .ci/run installs it (apt-get install prometheus prometheus-alertmanager)`,
    );
  return found;
}
