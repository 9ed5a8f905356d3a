/** The console as commands see it: tests pass their own (only the CLI touches the real one). */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  columns: number;
}
