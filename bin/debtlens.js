#!/usr/bin/env node
// Runs the TypeScript sources directly where Node strips types (22.18+, 24), else the build that
// `npm ci` made with `prepare`. Both are the same program.
import { existsSync } from "node:fs";
import { enableCompileCache } from "node:module";

// Reuses compiled code between runs (Node 22.1+): start-up is a large part of a cached audit.
enableCompileCache?.();

const source = new URL("../src/cli/main.ts", import.meta.url);
const built = new URL("../dist/cli/main.js", import.meta.url);
const useSource = process.features.typescript && existsSync(source);
const { main } = await import(useSource ? source.href : built.href);
process.exitCode = await main(process.argv);
