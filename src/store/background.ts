import { extname } from "node:path";
import { Worker } from "node:worker_threads";
import type { AuditReport } from "../report/index.ts";
import { InputError } from "../shared/index.ts";
import type { StoreLocation } from "./location.ts";
import type { SaveOptions, SaveResult } from "./save.ts";

/** What the store's thread answers: the save's result, or why the store failed. */
export type StoreWorkerAnswer =
  | { kind: "saved"; result: SaveResult }
  | { kind: "input-error"; code: string; message: string }
  | { kind: "failure"; message: string };

/** What the thread starts with. */
export interface StoreWorkerData {
  location: StoreLocation;
}

/** What the main thread sends: the report as its JSON text (the stored copy is that text). */
export interface StoreWorkerRequest {
  json: string;
  options: Omit<SaveOptions, "json">;
}

export interface BackgroundStore {
  /** Sends the report to the store's thread; resolves once it is saved and the store closed. */
  save(report: AuditReport, options?: SaveOptions): Promise<SaveResult>;
  /** Stops the thread without saving (the audit failed); the store is left as it was. */
  abandon(): Promise<void>;
}

/**
 * Opens the store on a worker thread, so that PGlite's start (its WebAssembly, the migrations
 * check, a new store's database) runs on the second core while the audit runs on the main one
 * (in-process, PGlite's WebAssembly ran between the audit's steps on the main thread), and the
 * save after it (JSON, rows, compression, inserts) does not hold the main thread either. The
 * thread exits after one save. A store that cannot be opened is reported by `save` as the same
 * InputError an in-process open gives.
 */
export function openStoreInBackground(location: StoreLocation): BackgroundStore {
  // Beside this module in both layouts: src/store/*.ts and the bundle's dist/bundle/*.js.
  const entry = new URL(
    `./store-worker${extname(new URL(import.meta.url).pathname)}`,
    import.meta.url,
  );
  const data: StoreWorkerData = { location };
  const worker = new Worker(entry, { workerData: data });
  // The audit may fail before any save: an open store must not keep the process alive.
  worker.unref();
  const answer = new Promise<StoreWorkerAnswer>((resolve) => {
    worker.once("message", resolve);
    worker.once("error", (error) => resolve({ kind: "failure", message: error.message }));
    worker.once("exit", (code) =>
      resolve({ kind: "failure", message: `the store's thread stopped (exit code ${code})` }),
    );
  });
  return {
    async save(report, options = {}) {
      worker.ref();
      try {
        const { json, ...rest } = options;
        const request: StoreWorkerRequest = { json: json ?? JSON.stringify(report), options: rest };
        worker.postMessage(request);
        const reply = await answer;
        if (reply.kind === "saved") return reply.result;
        if (reply.kind === "input-error") throw new InputError(reply.code, reply.message);
        throw new Error(`store: ${reply.message}`);
      } finally {
        worker.unref();
      }
    },
    async abandon() {
      await worker.terminate();
    },
  };
}
