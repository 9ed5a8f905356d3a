// The module background.ts starts as the store's worker thread. It turns on Node's compile cache
// before the thread's modules load, as the audit's worker does (the main thread's setting does
// not reach a worker). The work is in store-thread.ts, imported as a whole: importing the store's
// modules one by one from here made the bundle load the CLI's whole main chunk in the thread.
import { enableCompileCache } from "node:module";

enableCompileCache?.();
await import("./store-thread.ts");
