// The store's process (background.ts starts it, store-worker.ts loads this): opens the store it
// is given at once, waits for the one report to save, saves it, closes the store and answers.
import { InputError } from "../shared/index.ts";
import { STORE_LOCATION_ENV } from "./background.ts";
import type { StoreWorkerAnswer, StoreWorkerRequest } from "./background.ts";
import type { StoreLocation } from "./location.ts";
import { openStore } from "./open.ts";
import { saveSnapshot } from "./save.ts";

const failed = (error: unknown): StoreWorkerAnswer =>
  error instanceof InputError
    ? { kind: "input-error", code: error.code, message: error.message }
    : { kind: "failure", message: (error as Error).message };

export async function saveInThisProcess(
  request: Promise<StoreWorkerRequest>,
): Promise<StoreWorkerAnswer> {
  try {
    const location = JSON.parse(process.env[STORE_LOCATION_ENV] ?? "null") as StoreLocation;
    const store = await openStore(location);
    try {
      const { json, options } = await request;
      const result = await saveSnapshot(store, JSON.parse(json), { ...options, json });
      return { kind: "saved", result };
    } finally {
      await store.close();
    }
  } catch (error) {
    return failed(error);
  }
}
