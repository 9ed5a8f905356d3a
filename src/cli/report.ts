import { basename } from "node:path";
import { Option, type Command } from "commander";
import { InputError, writeFileNoFollow } from "../shared/index.ts";
import {
  openStore,
  resolveProject,
  resolveStoreLocation,
  storedReport,
  trendOf,
} from "../store/index.ts";
import type { Io } from "./io.ts";
import { FORMATS, formatForOutput, render, type Format } from "./render.ts";

interface ReportFlags {
  store?: string;
  project?: string;
  snapshot?: string;
  format?: Format;
  output?: string;
}

/**
 * `debtlens report`: a stored snapshot's report in any format, without auditing again; the HTML
 * page gains the project's trend charts (principal, interest and debt ratio per snapshot).
 */
export function registerReportCommand(
  program: Command,
  io: Io,
  setExitCode: (code: number) => void,
): void {
  program
    .command("report")
    .description(
      "a stored snapshot's report (the latest by default) in any format; -o report.html adds the project's trend charts",
    )
    .option(
      "--store <dir|url>",
      "the store (default: DEBTLENS_STORE, DATABASE_URL, else the user's data folder)",
    )
    .option("--project <name>", "the project (default: the store's only one, or this folder's)")
    .option("--snapshot <id>", "a snapshot id from debtlens snapshots (default: the latest)")
    .addOption(new Option("-f, --format <format>", "report format").choices(FORMATS))
    .option("-o, --output <file>", "write to a file; its extension picks the format")
    .action(async (flags: ReportFlags) => {
      const snapshot = flags.snapshot === undefined ? undefined : Number(flags.snapshot);
      if (snapshot !== undefined && !Number.isInteger(snapshot))
        throw new InputError(
          "report.snapshot",
          `--snapshot: expected a snapshot id, got "${flags.snapshot}"`,
        );
      const store = await openStore(resolveStoreLocation(flags.store));
      let text: string;
      let format: Format;
      let items: number;
      try {
        const project = await resolveProject(store, flags.project, basename(process.cwd()));
        const stored = await storedReport(store, project.id, snapshot);
        if (!stored)
          throw new InputError(
            "report.no-snapshot",
            snapshot === undefined
              ? `project ${project.name} has no snapshot`
              : `project ${project.name} has no snapshot ${snapshot}`,
          );
        // the trend up to the snapshot shown: a past report is not drawn with its future
        const points = await trendOf(store, project.id);
        const shown = points.find((p) => p.snapshot === stored.snapshot);
        const trend = points
          .filter((p) => !shown || p.date <= shown.date)
          .map((p) => ({
            date: p.date,
            commit: p.commit,
            items: p.items,
            principal: p.principal,
            interest: p.interest,
            debtRatio: p.debtRatio,
          }));
        format =
          flags.format ??
          (flags.output ? formatForOutput(flags.output) : io.stdoutIsTTY ? "table" : "json");
        text = render(stored.report, format, undefined, { trend });
        items = stored.report.items.length;
      } finally {
        await store.close();
      }
      if (flags.output) {
        writeFileNoFollow(flags.output, text);
        io.stderr(`wrote ${format} report to ${flags.output} (${items} items)\n`);
      } else io.stdout(text);
      setExitCode(0);
    });
}
