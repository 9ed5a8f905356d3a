import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../server/index.ts";
import { runCli } from "../../test/support/cli.ts";
import { uploadEndpoint } from "./serve.ts";

const fixture = join(import.meta.dirname, "..", "audit", "fixtures", "shop");

const run = (args: string[]) => runCli(args);

describe("audit --upload URL", () => {
  it("sends the token to this machine or over https only, and names the endpoint", () => {
    expect(uploadEndpoint("http://127.0.0.1:4040", "web").href).toBe(
      "http://127.0.0.1:4040/api/v1/projects/web/snapshots",
    );
    expect(uploadEndpoint("https://d.example/base/", "a/b").href).toBe(
      "https://d.example/base/api/v1/projects/a%2Fb/snapshots",
    );
    expect(uploadEndpoint("https://d.example/api/v1/projects/x/snapshots", "web").href).toBe(
      "https://d.example/api/v1/projects/x/snapshots",
    );
    expect(() => uploadEndpoint("http://d.example:4040", "web")).toThrow(/in clear; use https/);
    expect(() => uploadEndpoint("https://u:p@d.example", "web")).toThrow(/--token, not the URL/);
    expect(() => uploadEndpoint("ftp://d.example", "web")).toThrow(/http\(s\) URL/);
  });
});

describe("token create, then audit --upload to debtlens serve (in-process, PGlite)", () => {
  let work: string;
  let store: string;
  let shop: string;
  let server: RunningServer | undefined;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "debtlens-serve-cli-"));
    store = join(work, "store");
    shop = join(work, "shop");
    cpSync(fixture, shop, { recursive: true });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("prints a token once that uploads the audit's report; a wrong token exits 2 in one line", async () => {
    const created = await run(["token", "create", "--project", "shop", "--store", store]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^dlt_[\w-]{43}$/);
    expect(created.stderr).not.toContain(token);

    server = await startServer({
      location: { kind: "folder", path: store },
      host: "127.0.0.1",
      port: 0,
      logger: false,
    });
    const args = ["audit", shop, "--offline", "--no-history", "-o", join(work, "r.json")];
    const uploaded = await run([...args, "--upload", server.url, "--token", token]);
    expect(uploaded.stderr).toMatch(
      /uploaded snapshot 1 to http:\/\/127\.0\.0\.1:\d+\/api\/v1\/projects\/shop\/snapshots/,
    );
    expect(uploaded.code).toBe(0);

    const refused = await run([...args, "--upload", server.url, "--token", "dlt_wrong"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^debtlens: --upload: .* answered 401 auth\.bad-token: [^\n]*\n$/m,
    );
    expect(refused.stderr).not.toMatch(/\n\s+at /);

    const noToken = await run([...args, "--upload", server.url]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/--token or DEBTLENS_TOKEN/);
  }, 300_000);
});
