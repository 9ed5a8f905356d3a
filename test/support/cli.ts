import { main, type Io } from "../../src/cli/main.ts";

/** Runs the CLI in-process, as a user would type `debtlens ARGS...`, capturing its output. */
export async function runCli(
  args: readonly string[],
  options: { stdoutIsTTY?: boolean; columns?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stdoutIsTTY: options.stdoutIsTTY ?? false,
    stderrIsTTY: false,
    columns: options.columns ?? 120,
  };
  const code = await main(["node", "debtlens", ...args], io);
  return { code, stdout, stderr };
}
