/**
 * An error in what the user gave us (a flag, a file, a specification, a store), as opposed to a
 * bug. The CLI prints its message on one line and exits 2; anything else keeps its stack for a bug
 * report. `code` is stable and documented so that the server and scripts can act on it; `message`
 * names the file (and line or key) and the problem, and never echoes file content.
 */
export class InputError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "InputError";
    this.code = code;
  }
}
