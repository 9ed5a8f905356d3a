import { describe, expect, it } from "vitest";
import { hits, places } from "../../../test/support/audit-fixture.ts";

const id = "data/inconsistent-models";

describe(id, () => {
  it("fires on an interface and a Mongoose schema that diverge, a Prisma model against a TS type, and two zod schemas", async () => {
    const found = await hits(id, {
      "src/types.ts": `export interface User {\n  id: string;\n  email: string;\n  name: string;\n  role: string;\n}\n`,
      "src/models/user.ts": `import { Schema } from "mongoose";\nexport const UserSchema = new Schema({ id: String, email: String, name: String, phone: String });\n`,
    });
    expect(found).toEqual([
      {
        rule: id,
        path: "src/models/user.ts",
        line: 2,
        endLine: 2,
        message:
          "User is defined 2 times with different fields (src/models/user.ts:2 UserSchema has phone; src/types.ts:1 User has role). Keep one definition as the source of truth and derive the others from it (e.g. `z.infer`, Prisma's generated types, `Pick<>`/`Omit<>`).",
      },
    ]);
    expect(
      await places(id, {
        "prisma/schema.prisma": "model Order {\n  id Int @id\n  total Int\n  status String\n}\n",
        "src/order.ts": "export type Order = { id: number; total: number; state: string };\n",
      }),
    ).toEqual(["prisma/schema.prisma:1"]);
    expect(
      await places(id, {
        "a.ts": `import { z } from "zod";\nexport const Product = z.object({ id: z.string(), title: z.string(), price: z.number() });\n`,
        "b.ts": `import { z } from "zod";\nexport const ProductSchema = z.object({ id: z.string(), title: z.string(), cost: z.number() });\n`,
      }),
    ).toEqual(["a.ts:2"]);
  });
  it("does not fire on identical definitions, DTOs, or unrelated types that share a name", async () => {
    expect(
      await places(id, {
        "a.ts": "export interface Invoice { id: string; total: number; due: string }\n",
        "b.ts": "export interface Invoice { id: string; total: number; due: string }\n",
      }),
    ).toEqual([]);
    expect(
      await places(id, {
        "a.ts": "export interface Account { id: string; email: string; plan: string }\n",
        "b.ts":
          "export interface CreateAccountDto { email: string; plan: string; coupon: string }\n",
      }),
    ).toEqual([]);
    expect(
      await places(id, {
        "a.ts": "export interface Event { id: string; at: Date; kind: string }\n",
        "b.ts": "export interface Event { x: number; y: number; button: number }\n",
      }),
    ).toEqual([]);
    // Two modules' own TypeScript shapes that share a name and most fields are not one stored
    // entity: without a data model (Prisma, ORM entity, schema) among them, nothing fires.
    expect(
      await places(id, {
        "src/tracer.ts":
          "export interface Span { name: string; start: number; end: number; links: string[] }\n",
        "src/devtools.ts":
          "export interface Span { name: string; start: number; end: number; status: string }\n",
      }),
    ).toEqual([]);
  });
});
