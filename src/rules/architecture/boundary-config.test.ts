import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main, type Io } from "../../cli/main.ts";

const root = mkdtempSync(join(tmpdir(), "debtlens-boundary-"));
writeFileSync(join(root, "a.ts"), "export const a = 1;\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(config: unknown): Promise<{ code: number; stderr: string }> {
  const file = join(root, "debtlens.config.json");
  writeFileSync(file, JSON.stringify(config));
  let stderr = "";
  const io: Io = {
    stdout: () => {},
    stderr: (t) => void (stderr += t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    columns: 100,
  };
  const code = await main(
    ["node", "debtlens", "audit", root, "--no-cache", "--no-history", "-o", join(root, "out.json")],
    io,
  );
  return { code, stderr };
}

describe("boundary configuration errors exit 2 naming the problem", () => {
  it("a glob typo in a layer", async () => {
    const { code, stderr } = await run({
      architecture: { layers: [{ name: "ui", paths: ["src/ui/**["] }] },
    });
    expect(code).toBe(2);
    expect(stderr).toContain('architecture.layers.0.paths.0: invalid glob "src/ui/**["');
  });
  it("a glob typo in a forbidden rule", async () => {
    const { code, stderr } = await run({
      architecture: { forbidden: [{ from: "src/(ui/**", to: "src/db/**" }] },
    });
    expect(code).toBe(2);
    expect(stderr).toContain('architecture.forbidden.0.0: invalid glob "src/(ui/**"');
  });
  it("an unknown key", async () => {
    const { code, stderr } = await run({ architecture: { layer: [] } });
    expect(code).toBe(2);
    expect(stderr).toContain("architecture.layer: unknown key");
  });
  it("a valid configuration runs", async () => {
    const { code } = await run({
      architecture: {
        layers: [{ name: "ui", paths: ["src/ui/**"] }],
        features: { paths: ["src/features/*"] },
      },
    });
    expect(code).toBe(0);
  });
});
