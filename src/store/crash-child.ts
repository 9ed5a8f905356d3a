// A child process for the crash test (crash.test.ts): opens the store given, says so on stdout,
// saves a large synthetic report as commit `argv[4]`, and says when it is done. The test kills it
// with SIGKILL at a random moment in between.
import { syntheticReport } from "../../test/support/synthetic.ts";
import { openStore } from "./open.ts";
import { saveSnapshot } from "./save.ts";

const [, , folder, items, commit] = process.argv;
const store = await openStore({ kind: "folder", path: folder! });
const report = syntheticReport(Number(items));
process.stdout.write("open\n");
const started = performance.now();
const cpu = process.cpuUsage();
await saveSnapshot(store, report, {
  project: "crash",
  identity: {
    commit: commit!,
    commitDate: new Date(
      Date.UTC(2025, 0, 1) + Number(commit!.slice(1)) * 86_400_000,
    ).toISOString(),
  },
});
const used = process.cpuUsage(cpu);
process.stdout.write(
  `saved ${Math.round(performance.now() - started)} ms, cpu ${Math.round((used.user + used.system) / 1000)} ms\n`,
);
await store.close();
process.stdout.write("closed\n");
