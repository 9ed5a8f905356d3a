import { readFileSync } from "node:fs";

/** The package's version, read once from its own package.json (never the audited repository's). */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;
