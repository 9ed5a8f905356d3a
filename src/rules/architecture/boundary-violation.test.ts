import { describe, expect, it } from "vitest";
import { ruleCatalogue } from "../index.ts";
import { validateConfig } from "../../config/index.ts";
import { hits } from "../../../test/support/audit-fixture.ts";

const id = "architecture/boundary-violation";

const app = {
  "src/ui/page.ts":
    'import { listUsers } from "../domain/users";\nimport { pool } from "../infra/db";\nexport const page = () => [listUsers, pool];\n',
  "src/domain/users.ts":
    'import { render } from "../ui/render";\nexport const listUsers = () => render;\n',
  "src/ui/render.ts": "export const render = 1;\n",
  "src/infra/db.ts": "export const pool = 1;\n",
  "src/features/billing/index.ts": 'export { charge } from "./charge";\n',
  "src/features/billing/charge.ts": "export const charge = 1;\n",
  "src/features/orders/checkout.ts":
    'import { charge } from "../billing/charge";\nimport { charge as c2 } from "../billing";\nexport const checkout = [charge, c2];\n',
};

describe(id, () => {
  it("fires on a forbidden import, naming the rule and its comment", async () => {
    const found = await hits(id, app, {
      architecture: {
        forbidden: [
          {
            name: "ui-no-infra",
            from: "src/ui/**",
            to: "src/infra/**",
            comment: "go through the domain",
          },
        ],
      },
    });
    expect(found).toEqual([
      {
        rule: id,
        path: "src/ui/page.ts",
        line: 2,
        endLine: 2,
        message: expect.stringContaining("forbids (go through the domain)"),
      },
    ]);
  });
  it("fires on an import of an upper layer", async () => {
    const found = await hits(id, app, {
      architecture: {
        layers: [
          { name: "ui", paths: ["src/ui/**"] },
          { name: "domain", paths: ["src/domain/**"] },
          { name: "infra", paths: ["src/infra/**"] },
        ],
      },
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual(["src/domain/users.ts:1"]);
    expect(found[0]!.message).toContain("(layer domain) imports src/ui/render.ts (layer ui)");
  });
  it("fires on a reach past a feature's entry file, not on the entry import", async () => {
    const found = await hits(id, app, {
      architecture: { features: { paths: ["src/features/*"] } },
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual(["src/features/orders/checkout.ts:1"]);
    expect(found[0]!.message).toContain("Import it from src/features/billing/index.ts");
  });
  it("does not fire without configuration, on downward layer imports, or inside one feature", async () => {
    expect(await hits(id, app)).toEqual([]);
    expect(
      await hits(id, app, {
        architecture: {
          layers: [
            { name: "ui", paths: ["src/ui/**"] },
            { name: "infra", paths: ["src/infra/**"] },
          ],
        },
      }),
    ).toEqual([]);
    expect(
      await hits(id, app, {
        architecture: { forbidden: [{ from: "src/infra/**", to: "src/ui/**" }] },
      }),
    ).toEqual([]);
  });
  it("rejects a glob typo and an unknown key, naming them", () => {
    expect(() =>
      validateConfig(
        { architecture: { layers: [{ name: "ui", paths: ["src/ui/**["] }] } },
        "debtlens.config.json",
        ruleCatalogue,
      ),
    ).toThrow('debtlens.config.json: architecture.layers.0.paths.0: invalid glob "src/ui/**["');
    expect(() =>
      validateConfig({ architecture: { forbiden: [] } }, "debtlens.config.json", ruleCatalogue),
    ).toThrow("debtlens.config.json: architecture.forbiden: unknown key");
    expect(() =>
      validateConfig(
        { architecture: { forbidden: [{ from: "a/**", to: "b/**", severity: "high" }] } },
        "x.json",
        ruleCatalogue,
      ),
    ).toThrow("architecture.forbidden.0.severity: unknown key");
  });
});
