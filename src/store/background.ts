import { extname } from "node:path";
import type { AuditReport } from "../report/index.ts";
import { forkOwnModule, InputError } from "../shared/index.ts";
import type { StoreLocation } from "./location.ts";
import type { SaveOptions, SaveResult } from "./save.ts";

/** What the store's process answers: the save's result, or why the store failed. */
export type StoreWorkerAnswer =
  | { kind: "saved"; result: SaveResult }
  | { kind: "input-error"; code: string; message: string }
  | { kind: "failure"; message: string };

/** What the audit sends when its report is made: the report as its JSON text (the stored copy). */
export interface StoreWorkerRequest {
  json: string;
  options: Omit<SaveOptions, "json">;
}

/** Names the store (JSON) to its process: kept out of the command line, where `ps` shows it. */
export const STORE_LOCATION_ENV = "DEBTLENS_STORE_PROCESS_LOCATION";

/**
 * V8 settings of the store's process. PGlite's WebAssembly (9 MB) run by the baseline compiler
 * alone: optimising it cost 2.5 s of CPU on the second core, taken from the audit, that one
 * open and one save never earn back (audit --save of effect's src/: 0.5 s less wall time).
 */
const STORE_PROCESS_FLAGS = ["--liftoff-only"];

export interface BackgroundStore {
  /** Sends the report to the store's process; resolves once it is saved and the store closed. */
  save(report: AuditReport, options?: SaveOptions): Promise<SaveResult>;
  /** Stops the store's process without saving (the audit failed); the store is left as it was. */
  abandon(): Promise<void>;
}

/**
 * Opens the store in a child process, so that PGlite's start (its WebAssembly, the migrations
 * check, a new store's database) runs on the second core while the audit runs on the main one,
 * and the save after it (JSON, rows, compression, inserts) does not hold the audit's thread
 * either. A process rather than a worker thread, because V8 takes its settings only on the
 * command line: the store's own (STORE_PROCESS_FLAGS) must not slow the audit's code. The
 * process exits after one save, or when the audit's process goes (the save's transaction is
 * then not committed). A store that cannot be opened is reported by `save` as the same
 * InputError an in-process open gives.
 */
export function openStoreInBackground(location: StoreLocation): BackgroundStore {
  // Beside this module in both layouts: src/store/*.ts and the bundle's dist/bundle/*.js.
  const entry = new URL(
    `./store-worker${extname(new URL(import.meta.url).pathname)}`,
    import.meta.url,
  );
  const child = forkOwnModule(entry, {
    execArgv: [...process.execArgv, ...STORE_PROCESS_FLAGS],
    env: { ...process.env, [STORE_LOCATION_ENV]: JSON.stringify(location) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    // The report's text travels as it is: the default (JSON) escaped and unescaped 5 MB of it.
    serialization: "advanced",
  });
  // The audit may fail before any save: an open store must not keep the audit's process alive.
  const hold = (held: boolean) => {
    const channel = child.channel as { ref(): void; unref(): void } | undefined;
    if (held) {
      child.ref();
      channel?.ref();
    } else {
      child.unref();
      channel?.unref();
    }
  };
  hold(false);
  const exited = new Promise<string>((resolve) => {
    child.once("error", (error) => resolve(error.message));
    child.once("exit", (code, signal) =>
      resolve(`the store's process stopped (${signal ?? `exit code ${code}`})`),
    );
  });
  // The channel closes after the last message it carried: a process that stops without
  // answering is known by that, whatever the order of its exit and its channel's end.
  const answer = new Promise<StoreWorkerAnswer>((resolve) => {
    child.once("message", (reply) => resolve(reply as StoreWorkerAnswer));
    // A process that could not start has no channel to close: its error says why.
    const failed = () => void exited.then((message) => resolve({ kind: "failure", message }));
    child.once("disconnect", failed);
    child.once("error", failed);
  });
  return {
    async save(report, options = {}) {
      hold(true);
      try {
        const { json, ...rest } = options;
        const request: StoreWorkerRequest = { json: json ?? JSON.stringify(report), options: rest };
        child.send(request);
        const reply = await answer;
        // Its answer comes once the store is closed; its exit, a moment later, is waited for
        // so that no store process outlives the command.
        await exited;
        if (reply.kind === "saved") return reply.result;
        if (reply.kind === "input-error") throw new InputError(reply.code, reply.message);
        throw new Error(`store: ${reply.message}`);
      } finally {
        hold(false);
      }
    },
    async abandon() {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      await exited;
    },
  };
}
