import { describe, expect, it } from "vitest";
import { auditFiles } from "../../test/support/audit-fixture.ts";

const TODO = "export const x = 1; // TODO: handle the empty case\n";
const THREE = `/**\n * @license\n * Copyright 2010-2023 Three.js Authors\n * SPDX-License-Identifier: MIT\n */\n${TODO}`;

/** One debt marker per file, in every scope; the configuration puts qa/ in the test scope. */
const files = {
  "package.json": '{ "name": "shop" }',
  "src/app.ts": TODO,
  "src/testing/utils.ts": TODO,
  "src/app.test.ts": TODO,
  "qa/check.ts": TODO,
  "docs/example.ts": TODO,
  "scripts/release.ts": TODO,
  "prisma/seed.ts": TODO,
  "public/assets/three.module.js": THREE,
  "vendor/lib/index.js": TODO,
};

describe("scopes in an audit", () => {
  it("gives every file and item its scope and counts production in the headline", async () => {
    const report = await auditFiles(files, ["quality/debt-marker"], {
      scopes: { test: ["qa/**"] },
    });
    const scopes = Object.fromEntries(report.files.map((f) => [f.path, f.scope]));
    expect(scopes).toEqual({
      "docs/example.ts": "docs",
      "prisma/seed.ts": "seed",
      "public/assets/three.module.js": "vendored",
      "qa/check.ts": "test",
      "scripts/release.ts": "tooling",
      "src/app.test.ts": "test",
      "src/app.ts": "production",
      "src/testing/utils.ts": "production",
      "vendor/lib/index.js": "vendored",
    });
    for (const item of report.items) expect(item.scope).toBe(scopes[item.path!]);
    expect(report.summary.scopes).toEqual(["production"]);
    expect(report.summary.items).toBe(2);
    expect(report.summary.files).toBe(2);
    expect(Object.keys(report.summary.byScope!)).toEqual([
      "production",
      "test",
      "docs",
      "tooling",
      "seed",
      "vendored",
    ]);
    expect(report.summary.byScope!.vendored).toMatchObject({ files: 2, items: 2 });
  });

  it("widens the headline with reports.scopes (what --scope sets)", async () => {
    const report = await auditFiles(files, ["quality/debt-marker"], {
      scopes: { test: ["qa/**"] },
      reports: { scopes: ["production", "test"] },
    });
    expect(report.summary.scopes).toEqual(["production", "test"]);
    expect(report.summary.items).toBe(4);
    expect(report.summary.principal).toBe(
      report.summary.byScope!.production!.principal + report.summary.byScope!.test!.principal,
    );
  });
});
