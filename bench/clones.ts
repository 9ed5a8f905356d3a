// Our clone detector alone, as a separate process: read every JS/TS file of a folder, tokenize
// it and detect clones at jscpd's settings (50 tokens, 5 lines), on one thread. `npm run bench`
// times it beside jscpd, which does this one job, to compare like with like.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { detectClones, duplicatedLines, tokenize } from "../src/duplication/index.ts";

const root = process.argv[2]!;
const files = (
  readdirSync(root, { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[]
)
  .filter(
    (e) =>
      e.isFile() &&
      /\.[cm]?[jt]sx?$/.test(e.name) &&
      !/\.d\.[cm]?ts$/.test(e.name) &&
      !e.parentPath.includes("node_modules"),
  )
  .map((e) => join(e.parentPath, e.name))
  .sort();
const inputs = files.map((path) => ({
  path,
  ...tokenize(readFileSync(path, "utf8"), { ignoreIdentifiers: false, ignoreLiterals: false }),
}));
const groups = detectClones(inputs, { minTokens: 50, minLines: 5 });
console.log(
  JSON.stringify({
    files: files.length,
    groups: groups.length,
    lines: duplicatedLines(groups).total,
  }),
);
