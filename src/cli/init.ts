import { resolve } from "node:path";
import type { Command } from "commander";
import { initProject } from "../init/index.ts";
import { terminalText } from "../report/index.ts";
import type { Io } from "./io.ts";

/** `debtlens init` (issue 10; README). */
export function registerInitCommands(
  program: Command,
  io: Io,
  setExitCode: (code: number) => void,
): void {
  program
    .command("init")
    .description(
      "detect the scopes, the team, the frameworks and the CI system, and write a commented debtlens.config.json and the gate's CI workflow; run again, it shows what changed",
    )
    .argument("[path]", "the repository", ".")
    .option("--force", "overwrite the files init wrote before instead of showing the differences")
    .option("--no-ci", "do not write a CI workflow")
    .action(async (path: string, flags: { force?: boolean; ci: boolean }) => {
      const root = resolve(path);
      const result = await initProject(root, { force: flags.force ?? false, ci: flags.ci });
      const { facts } = result;
      const out: string[] = [];
      const frameworks = Object.values(facts.frameworks).flat();
      out.push(`found: ${facts.files} audited files`);
      out.push(`  frameworks and libraries: ${frameworks.join(", ") || "none known"}`);
      out.push(`  CI: ${facts.ci.join(", ") || "none found"}`);
      if (facts.team)
        out.push(`  team: ${facts.team.engineers} full-time engineers (${facts.team.source})`);
      for (const [scope, folders] of Object.entries(facts.scopes))
        out.push(`  ${scope}: ${folders.map((f) => `${f.folder}/ (${f.files})`).join(", ")}`);
      for (const file of result.files) {
        if (file.state === "written") out.push(`wrote ${file.path}`);
        else if (file.state === "overwritten") out.push(`overwrote ${file.path} (--force)`);
        else if (file.state === "unchanged") out.push(`${file.path}: unchanged`);
        else {
          out.push(`${file.path} exists and differs; not written (--force overwrites it):`);
          for (const change of file.changes) out.push(`  ${change}`);
        }
      }
      for (const step of result.next) out.push(`next: ${step}`);
      io.stdout(`${out.map((l) => terminalText(l)).join("\n")}\n`);
      setExitCode(0);
    });
}
