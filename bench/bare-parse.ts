// The floor: read every JS/TS file of a folder and parse it once with oxc-parser's raw transfer,
// on one thread, doing nothing else. `npm run bench` times this as a separate process.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSync, rawTransferSupported } from "oxc-parser";

const root = process.argv[2]!;
const files = (
  readdirSync(root, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[]
)
  .filter(
    (e) => e.isFile() && /\.[cm]?[jt]sx?$/.test(e.name) && !e.parentPath.includes("node_modules"),
  )
  .map((e) => join(e.parentPath, e.name));
let nodes = 0;
for (const file of files) {
  const options = { experimentalRawTransfer: rawTransferSupported() } as Parameters<
    typeof parseSync
  >[2];
  const result = parseSync(file, readFileSync(file, "utf8"), options);
  nodes += result.program.body.length;
}
console.log(JSON.stringify({ files: files.length, statements: nodes }));
