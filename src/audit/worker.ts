import { analyzeFile, type FileResult } from "../engine/index.ts";
import type { Scope } from "../scopes/index.ts";
import { activate, type RuleSelection } from "./active-rules.ts";

export interface WorkerTask {
  selection: RuleSelection[];
  files: Array<{ path: string; bytes: Uint8Array; hash: string; scope: Scope }>;
}

let cachedKey = "";
let cachedRules: ReturnType<typeof activate> = [];

/** A worker thread's whole job: analyse a batch of files that the main thread has already read. */
export default function analyzeBatch(task: WorkerTask): FileResult[] {
  const key = JSON.stringify(task.selection);
  if (key !== cachedKey) {
    cachedRules = activate(task.selection);
    cachedKey = key;
  }
  return task.files.map((f) => analyzeFile(f.path, f.bytes, f.hash, cachedRules, f.scope));
}
