import { afterEach, describe, expect, it, vi } from "vitest";
import { analyzeFile, type ActiveRule, type Rule } from "../../engine/index.ts";
import { activeRule } from "../../../test/support/rule-tester.ts";
import { auditFiles } from "../../../test/support/audit-fixture.ts";
import { collectorsUsedBy, RULES } from "../index.ts";
import { MANIFEST_FACT, readManifest, type ManifestFact } from "./manifest-fact.ts";
import { manifests } from "./manifests.ts";

const SERVICE = `{
  "name": "api",
  "private": true,
  "scripts": {
    "start": "node server.js",
    "deploy": "rsync -a dist/ deploy@prod.example.com:/srv/api"
  },
  "dependencies": { "express": "^4.19.0", "pg": "^8.11.0" },
  "devDependencies": { "vitest": "^2.0.0", "pg": "^8.11.0" },
  "peerDependencies": { "react": "*" }
}
`;

const readers = RULES.filter((r) => r.uses?.includes(MANIFEST_FACT));

afterEach(() => vi.restoreAllMocks());

describe("the manifests collector", () => {
  it("reads dependencies, scripts with their lines and the kind of service", () => {
    expect(readManifest(SERVICE)).toEqual({
      dependencies: ["express", "pg", "vitest", "react"],
      scripts: {
        start: "node server.js",
        deploy: "rsync -a dist/ deploy@prod.example.com:/srv/api",
      },
      scriptLines: { start: 5, deploy: 6 },
      service: "http",
      server: "express",
      renovate: false,
    } satisfies ManifestFact);
    // A published library is no service, whatever it depends on.
    const library = readManifest(`{ "dependencies": { "express": "4" }, "exports": "./i.js" }`);
    expect(library?.service).toBeUndefined();
    expect(readManifest(`{ "scripts": { "start": "vite" } }`)?.service).toBeUndefined();
    expect(readManifest(`{ "scripts": { "start": "tsx src/main.ts" } }`)?.service).toBe("process");
  });

  it("keeps no fact for a broken or non-object package.json", () => {
    expect(readManifest(`{ "name": oops`)).toBeUndefined();
    expect(readManifest(`[1, 2]`)).toBeUndefined();
    expect(readManifest(`null`)).toBeUndefined();
  });

  it("is what every manifest-reading rule uses, and reads every package.json", () => {
    expect(readers.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        "infrastructure/no-ci",
        "infrastructure/manual-deploy",
        "data/no-migrations",
        "security/missing-security-headers",
      ]),
    );
    expect(collectorsUsedBy(readers)).toEqual([manifests]);
    expect(manifests.textFiles!("examples/demo/package.json")).toBe(true);
    expect(manifests.textFiles!("package-lock.json")).toBe(false);
  });

  it("parses each package.json once and stores one fact, however many rules read it", () => {
    const active: ActiveRule[] = [...readers, manifests as Rule<unknown>].map((r) => activeRule(r));
    const parse = vi.spyOn(JSON, "parse");
    const result = analyzeFile("package.json", Buffer.from(SERVICE), "h", active);
    expect(parse.mock.calls.filter(([text]) => text === SERVICE)).toHaveLength(1);
    expect(result.errors).toEqual([]);
    // The rules keep no copy of their own: the one fact is the collector's.
    expect(Object.keys(result.facts)).toEqual([MANIFEST_FACT]);
    expect(result.facts[MANIFEST_FACT]).toEqual(readManifest(SERVICE));
  });

  it("feeds a rule audited with every other rule off", async () => {
    const report = await auditFiles(
      { "package.json": SERVICE, "server.js": "require('express')().listen(3000);\n" },
      ["infrastructure/manual-deploy"],
    );
    expect(report.items.map((i) => [i.rule, i.path, i.startLine])).toEqual([
      ["infrastructure/manual-deploy", "package.json", 6],
    ]);
  });
});
