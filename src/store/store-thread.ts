// The store's worker thread (background.ts starts it, store-worker.ts loads this): opens the store
// at once, waits for the one report to save, saves it, closes the store and answers.
import { parentPort, workerData } from "node:worker_threads";
import { InputError } from "../shared/index.ts";
import type { StoreWorkerAnswer, StoreWorkerData, StoreWorkerRequest } from "./background.ts";
import { openStore } from "./open.ts";
import { saveSnapshot } from "./save.ts";

const port = parentPort!;
const { location } = workerData as StoreWorkerData;
const failed = (error: unknown): StoreWorkerAnswer =>
  error instanceof InputError
    ? { kind: "input-error", code: error.code, message: error.message }
    : { kind: "failure", message: (error as Error).message };
const request = new Promise<StoreWorkerRequest>((resolve) => port.once("message", resolve));

async function work(): Promise<StoreWorkerAnswer> {
  const store = await openStore(location);
  try {
    const { json, options } = await request;
    const result = await saveSnapshot(store, JSON.parse(json), { ...options, json });
    return { kind: "saved", result };
  } finally {
    await store.close();
  }
}

port.postMessage(await work().catch(failed));
port.close();
