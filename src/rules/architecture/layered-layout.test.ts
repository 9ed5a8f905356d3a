import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/audit-fixture.ts";

const id = "architecture/layered-layout";
const f = "export const x = 1;\n";

describe(id, () => {
  it("fires on layer folders under src, at the root and in a package", async () => {
    const found = await hits(id, {
      "src/controllers/users.ts": f,
      "src/services/users.ts": f,
      "src/repositories/users.ts": f,
    });
    expect(found).toEqual([
      {
        rule: id,
        path: undefined,
        line: undefined,
        endLine: undefined,
        message:
          "src is organised by technical layer (controllers/, repositories/, services/): each feature is spread across all of them. Consider folders per feature (e.g. src/users/ with its route, service and repository) as the code grows.",
      },
    ]);
    expect(
      (await hits(id, { "routes/a.js": f, "models/a.js": f, "handlers/a.js": f }))[0]!.message,
    ).toContain(". is organised by technical layer (handlers/, models/, routes/)");
    expect(
      (
        await hits(id, {
          "packages/api/src/routes/a.ts": f,
          "packages/api/src/services/a.ts": f,
          "packages/api/src/dao/a.ts": f,
        })
      )[0]!.message,
    ).toContain("packages/api/src is organised");
  });
  it("does not fire on feature folders, on two layers only, or on layer names as files", async () => {
    expect(
      await places(id, {
        "src/users/users.controller.ts": f,
        "src/users/users.service.ts": f,
        "src/orders/orders.repository.ts": f,
      }),
    ).toEqual([]);
    expect(await places(id, { "src/services/a.ts": f, "src/models/a.ts": f })).toEqual([]);
    expect(
      await places(id, { "src/controllers.ts": f, "src/services.ts": f, "src/models.ts": f }),
    ).toEqual([]);
  });
});
