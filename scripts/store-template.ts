// Builds dist/store-template.gz (src/store/template.ts): a new PGlite store's database, initdb run
// and migrations applied, that new stores unpack instead of running initdb (3 to 5 s of CPU).
// Run by `npm run build`; takes a few seconds.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../src/store/index.ts";
import { STORE_TEMPLATE, writeStoreTemplate } from "../src/store/template.ts";

rmSync(STORE_TEMPLATE, { force: true });
mkdirSync(new URL(".", STORE_TEMPLATE), { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), "debtlens-store-template-"));
try {
  const store = await openStore({ kind: "folder", path: scratch });
  await store.close();
  writeStoreTemplate(join(scratch, "pgdata"), STORE_TEMPLATE);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
