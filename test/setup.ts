import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Every test file gets its own user cache and data folders: no test reads or writes the real
// home's debtlens cache (or its cache key), and files do not share cache state by accident.
process.env["XDG_CACHE_HOME"] = mkdtempSync(join(tmpdir(), "debtlens-test-cache-"));
process.env["XDG_DATA_HOME"] ??= mkdtempSync(join(tmpdir(), "debtlens-test-data-"));
delete process.env["DEBTLENS_CACHE_DIR"];
