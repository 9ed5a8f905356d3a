// The module background.ts starts as the store's process. It listens for the report before the
// store's modules load (a small audit can send it first), turns on Node's compile cache, and
// goes when the audit's process goes. The work is in store-process.ts, imported as a whole:
// importing the store's modules one by one from here made the bundle load the CLI's whole main
// chunk in the process.
import { enableCompileCache } from "node:module";
import type { StoreWorkerRequest } from "./background.ts";

process.once("disconnect", () => process.exit(1));
const request = new Promise<StoreWorkerRequest>((resolve) =>
  process.once("message", (message) => resolve(message as StoreWorkerRequest)),
);
enableCompileCache?.();
const { saveInThisProcess } = await import("./store-process.ts");
const answer = await saveInThisProcess(request);
process.send!(answer, () => process.disconnect());
