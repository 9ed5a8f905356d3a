import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import madge from "madge";
import { afterAll, describe, expect, it } from "vitest";
import { runAudit } from "../audit/index.ts";
import { configSchema } from "../config/index.ts";

/**
 * The reference check for import cycles: madge `--circular` on the same files, counting
 * `import type` edges as madge does. madge lists the cycles its depth-first search meets, so
 * every file it reports must sit in one of our strongly connected components, and every one of
 * our components must contain a file madge reports (we may list more files of a component: an
 * SCC is exactly the set of files that lie on some cycle).
 */
const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

async function compare(root: string, exclude: string[] = []) {
  const config = configSchema.parse({
    exclude,
    cache: { enabled: false },
    history: { enabled: false },
    architecture: { includeTypeImports: true },
  });
  const report = await runAudit({ root, config, offline: true });
  const ours = (report.graph?.cycles ?? []).map((c) => new Set(c.files));
  const excluded = exclude.map(
    (g) => new RegExp(g.includes("test") ? "\\.test\\.ts$" : "fixtures"),
  );
  const result = await madge(root, {
    fileExtensions: ["ts", "tsx", "js"],
    excludeRegExp: excluded,
  });
  const theirs = new Set(result.circular().flat());
  return { ours, theirs };
}

function expectAgreement(ours: Array<Set<string>>, theirs: Set<string>) {
  const inOurCycles = new Set(ours.flatMap((s) => [...s]));
  expect([...theirs].filter((f) => !inOurCycles.has(f))).toEqual([]);
  expect(ours.filter((component) => ![...component].some((f) => theirs.has(f)))).toEqual([]);
}

describe("import cycles agree with madge --circular", () => {
  it("on a fixture with a value cycle, a type-only cycle, a barrel cycle and an acyclic chain", async () => {
    const root = mkdtempSync(join(tmpdir(), "debtlens-madge-"));
    folders.push(root);
    const files: Record<string, string> = {
      "orders/service.ts":
        'import { save } from "./repository";\nexport const place = () => save();\n',
      "orders/repository.ts":
        'import { place } from "./service";\nexport const save = () => place;\n',
      "users/model.ts":
        'import type { Team } from "../teams/model";\nexport interface User { team: Team }\n',
      "teams/model.ts":
        'import type { User } from "../users/model";\nexport interface Team { owner: User }\n',
      "billing/index.ts": 'export * from "./invoice";\n',
      "billing/invoice.ts":
        'import { tax } from "./index";\nexport const invoice = () => tax;\nexport const tax = 1;\n',
      "util/a.ts": 'import { b } from "./b";\nexport const a = b;\n',
      "util/b.ts": 'import { c } from "./c";\nexport const b = c;\n',
      "util/c.ts": "export const c = 1;\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const { ours, theirs } = await compare(root);
    expect(ours.map((s) => [...s].sort())).toEqual(
      expect.arrayContaining([
        ["orders/repository.ts", "orders/service.ts"],
        ["teams/model.ts", "users/model.ts"],
        ["billing/index.ts", "billing/invoice.ts"],
      ]),
    );
    expect(ours).toHaveLength(3);
    expectAgreement(ours, theirs);
  });

  it("on debtlens's own sources, which have no cycle even through type imports", async () => {
    const root = join(import.meta.dirname, "..");
    const { ours, theirs } = await compare(root, ["**/*.test.ts", "**/fixtures/**"]);
    expectAgreement(ours, theirs);
    // The engine names the graph's types from src/graph/model.ts, which imports nothing of the
    // engine: a type-only engine -> graph -> engine cycle would show here.
    expect([...theirs]).toEqual([]);
    expect(ours).toEqual([]);
  });
});
