import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/audit-fixture.ts";

const id = "architecture/no-api-versioning";

describe(id, () => {
  it("fires once per file on unversioned Express, Fastify and Nest routes", async () => {
    const found = await hits(id, {
      "src/users.ts": `import { Router } from "express";\nexport const users = Router();\nusers.get("/users", list);\nusers.post("/users", create);\nusers.get("/health", ok);\n`,
      "src/orders.ts": `import Fastify from "fastify";\nconst app = Fastify();\napp.route({ method: "GET", url: "/orders", handler: async () => [] });\n`,
      "src/items.controller.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller("items")\nexport class Items {\n  @Get(":id")\n  one() { return 1; }\n}\n`,
    });
    expect(found.map((h) => `${h.path}:${h.line}`)).toEqual([
      "src/items.controller.ts:4",
      "src/orders.ts:3",
      "src/users.ts:3",
    ]);
    expect(found[2]!.message).toBe(
      "2 Express routes in this file (first: GET /users) carry no API version, and nothing in the project adds one. Mount them under a version (`/v1`) with `app.use('/v1', router)`, so a breaking change can ship as /v2 while clients migrate.",
    );
  });
  it("does not fire on versioned paths, a versioned mount elsewhere, Nest versioning or probes only", async () => {
    expect(
      await places(id, {
        "a.ts": `import express from "express";\nconst app = express();\napp.get("/v1/users", list);\napp.get("/api/v2/orders", list);\n`,
      }),
    ).toEqual([]);
    expect(
      await places(id, {
        "routes.ts": `import { Router } from "express";\nexport const r = Router();\nr.get("/users", list);\n`,
        "app.ts": `import express from "express";\nimport { r } from "./routes";\nexpress().use("/api/v1", r);\n`,
      }),
    ).toEqual([]);
    expect(
      await places(id, {
        "main.ts": `import { NestFactory } from "@nestjs/core";\nconst app = await NestFactory.create(M);\napp.enableVersioning();\n`,
        "c.ts": `import { Controller, Get } from "@nestjs/common";\n@Controller("x")\nexport class X { @Get() a() {} }\n`,
      }),
    ).toEqual([]);
    expect(
      await places(id, {
        "h.ts": `import express from "express";\nconst app = express();\napp.get("/healthz", ok);\n`,
      }),
    ).toEqual([]);
  });
});
