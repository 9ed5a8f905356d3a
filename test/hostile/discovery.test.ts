import { writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { cleanUp, cli, commitAll, plainGit, repository } from "./helpers.ts";

afterAll(cleanUp);

interface Skipped {
  path: string;
  reason: string;
  detail?: string;
}

describe("files the audit cannot read are counted, never lost", () => {
  it("counts a file whose name is not UTF-8", async () => {
    const dir = repository({ "src/a.js": "export const a = 1;\n" });
    writeFileSync(Buffer.from(`${dir}/src/caf\xe9.js`, "latin1"), "export const b = 2;\n");
    commitAll(dir);
    const result = await cli("audit", dir, "--format", "json", "--offline", "--no-cache");
    expect(result.code).toBe(0);
    const skipped: Skipped[] = JSON.parse(result.stdout).skipped.files;
    expect(skipped.filter((s) => s.detail === "its name is not valid UTF-8")).toHaveLength(1);
  });

  it("counts a checked-out submodule as skipped, naming it", async () => {
    const inner = repository({ "lib.js": "export const lib = 1;\n" });
    const dir = repository({ "src/a.js": "export const a = 1;\n" });
    plainGit(
      dir,
      "-c",
      "protocol.file.allow=always",
      "submodule",
      "add",
      "-q",
      inner,
      "deps/inner",
    );
    commitAll(dir, "submodule");
    const result = await cli("audit", dir, "--format", "json", "--offline", "--no-cache");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.skipped.files).toContainEqual({
      path: "deps/inner",
      reason: "submodule",
      detail: "audit it on its own",
    });
    expect(report.skipped.counts.submodule).toBe(1);
    expect(report.files.map((f: { path: string }) => f.path)).toContain("src/a.js");
  });
});
