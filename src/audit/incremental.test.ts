import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configSchema } from "../config/index.ts";
import type { AuditReport } from "../report/index.ts";
import { runAudit } from "./index.ts";

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// Functions of 60 to 80 tokens over 8 lines: each copy of one is a clone.
const total = (name: string) => `export function ${name}(order) {
  const total = order.items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  if (order.coupon && order.coupon.percent > 0) {
    return total - (total * order.coupon.percent) / 100;
  }
  const shipping = total > 50 ? 0 : 4.99;
  return total + shipping;
}
`;
const label = (name: string) => `export function ${name}(user, locale) {
  const first = user.firstName ? user.firstName.trim() : "";
  const last = user.lastName ? user.lastName.trim() : "";
  if (!first && !last) {
    return locale === "de" ? "Unbekannt" : "Unknown";
  }
  return locale === "hu" ? last + " " + first : first + " " + last;
}
`;

function project(): string {
  const root = mkdtempSync(join(tmpdir(), "debtlens-edit-"));
  folders.push(root);
  mkdirSync(join(root, "src"));
  writeFileSync(join(root, "package.json"), '{ "name": "shop", "type": "module" }\n');
  const files: Record<string, string> = {
    "src/a.js": `import { label } from "./b.js";\n${total("a1")}\n${label("a2")}`,
    "src/b.js": `${label("b1")}\nexport const label = b1;\n`,
    "src/c.js": `import { a1 } from "./a.js";\n${total("c1")}\nexport const c = a1;\n`,
    "src/d.js": `export const d = 1;\n${label("d1")}`,
    // Tool configuration the graph reads for entries: its module fact does not name them.
    "vite.config.js": 'export default { build: { rollupOptions: { input: "src/a.js" } } };\n',
  };
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  return root;
}

/** Everything in a report but the run's own metadata (timings, cache hits). */
function content(report: AuditReport): Partial<AuditReport> {
  const rest: Partial<AuditReport> = { ...report };
  delete rest.run;
  return rest;
}

describe("an audit after an edit, with the cache of the audit before it", () => {
  it("reports exactly what an audit without any cache reports, edit after edit", async () => {
    const root = project();
    const cacheDir = mkdtempSync(join(tmpdir(), "debtlens-edit-cache-"));
    folders.push(cacheDir);
    const cached = configSchema.parse({ cache: { dir: cacheDir }, history: { enabled: false } });
    const uncached = configSchema.parse({ cache: { enabled: false }, history: { enabled: false } });
    const audit = async (changed: number) => {
      const warm = await runAudit({ root, config: cached });
      const cold = await runAudit({ root, config: uncached });
      expect(content(warm)).toEqual(content(cold));
      // Only the edited files were analysed again: the rest came from the cache.
      expect(warm.run.parsed).toBe(changed);
      return warm;
    };
    const edit = (path: string, change: (text: string) => string) =>
      writeFileSync(join(root, path), change(readFileSync(join(root, path), "utf8")));

    const first = await audit(6);
    // Each clone's places, one "path path ..." string per clone, sorted.
    const clones = (r: AuditReport) =>
      r.items
        .filter((i) => i.rule === "quality/duplicated-code")
        .map((i) => (i.places ?? []).map((p) => p.path).join(" "))
        .sort();
    expect(clones(first)).toEqual(["src/a.js src/b.js src/d.js", "src/a.js src/c.js"]);

    // A comment only: the same tokens and imports, other lines.
    edit("src/b.js", (text) => `// the label\n${text}`);
    await audit(1);
    // Only the edited file's results were written again, beside what the clone rule carries.
    expect(existsSync(join(cacheDir, "delta.v8"))).toBe(true);
    expect(existsSync(join(cacheDir, "carry.v8"))).toBe(true);

    // Code: b's copy of the label goes, a copy of c's total comes (a clone across the edit).
    edit("src/b.js", () => `${total("b2")}\nexport const label = (u) => u.name;\n`);
    const third = await audit(1);
    expect(clones(third)).toEqual(["src/a.js src/b.js src/c.js", "src/a.js src/d.js"]);

    // An import in another file: b's results now come from the delta, the graph gets an edge.
    edit("src/d.js", (text) => `import { label } from "./b.js";\n${text}`);
    await audit(1);
    // And one back, which makes a cycle the cached graph does not have.
    edit("src/b.js", (text) => `import { d } from "./d.js";\n${text}`);
    const fifth = await audit(1);
    expect(fifth.graph?.cycles.map((c) => c.files.sort())).toEqual([["src/b.js", "src/d.js"]]);

    // Another entry named in the tool configuration: the same imports, another graph.
    edit("vite.config.js", (text) => text.replace("src/a.js", "src/d.js"));
    expect((await audit(1)).graph?.entries).toContain("src/d.js");

    // A file added with a part of a copy, a file removed.
    writeFileSync(join(root, "src/e.js"), label("e1").split("\n").slice(0, 7).join("\n") + "\n}\n");
    rmSync(join(root, "src/c.js"));
    await audit(1);
  });
});
